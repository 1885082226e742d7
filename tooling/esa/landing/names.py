"""Word lists for synthetic names (invented combinations; no real people or companies)."""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Lars", "Sofie", "Jan", "Emma", "Lukas", "Julia", "Pieter", "Marta", "Tomasz", "Chloe", "Louis",
    "Olivia", "James", "Elin", "Erik", "Lea", "Noah", "Sara", "Mateo", "Giulia", "Marco", "Ines", "Hugo",
    "Zofia", "Jakub", "Nina", "Felix", "Clara", "Oscar", "Maya", "Daniel", "Laura", "David", "Eva", "Adam",
    "Lina", "Paul", "Ava", "Leo", "Freya", "Max", "Alice", "Tom", "Ida", "Finn", "Rosa", "Sam",
)
LAST_NAMES: tuple[str, ...] = (
    "Jansen", "Muller", "Dubois", "Peeters", "Garcia", "Rossi", "Smith", "Andersson", "Nowak", "Meier",
    "Johnson", "de Vries", "Schmidt", "Martin", "Janssens", "Lopez", "Bianchi", "Taylor", "Johansson",
    "Kowalski", "Keller", "Williams", "Bakker", "Fischer", "Bernard", "Maes", "Martinez", "Romano", "Brown",
    "Karlsson", "Wisniewski", "Weber", "Davis", "Visser", "Wagner", "Petit", "Claes", "Sanchez", "Ricci",
    "Wilson", "Nilsson", "Wojcik", "Huber", "Miller", "Smit", "Becker", "Moreau", "Jacobs",
)
COMPANY_WORDS: tuple[str, ...] = (
    "Nordic", "Alpine", "Delta", "Harbour", "Summit", "Meridian", "Beacon", "Atlas", "Linden", "Orion",
    "Cedar", "Falcon", "Granite", "Horizon", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nova",
    "Oak", "Pioneer", "Quartz", "River", "Silver", "Tidal", "Unity", "Vector", "Willow", "Zenith",
)
COMPANY_KINDS: tuple[str, ...] = (
    "Logistics", "Retail", "Foods", "Hotels", "Clinics", "Studios", "Engineering", "Facilities", "Labs",
    "Offices", "Workshops", "Trading", "Services", "Supplies", "Systems",
)
CITIES: dict[str, tuple[str, ...]] = {
    "NL": ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"),
    "DE": ("Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt"),
    "FR": ("Paris", "Lyon", "Marseille", "Lille"),
    "BE": ("Brussels", "Antwerp", "Ghent"),
    "ES": ("Madrid", "Barcelona", "Valencia"),
    "IT": ("Milan", "Rome", "Turin"),
    "GB": ("London", "Manchester", "Bristol", "Leeds"),
    "SE": ("Stockholm", "Gothenburg", "Malmo"),
    "PL": ("Warsaw", "Krakow", "Gdansk"),
    "CH": ("Zurich", "Geneva", "Basel"),
    "US": ("New York", "Chicago", "Boston", "Austin"),
}
STREETS: tuple[str, ...] = (
    "Main Street", "Station Road", "Church Lane", "Market Square", "Park Avenue", "Harbour Way", "Mill Road",
    "High Street", "Canal Street", "Garden Lane", "Bridge Road", "Hill View",
)
PRODUCT_WORDS: tuple[str, ...] = (
    "Compact", "Pro", "Eco", "Ultra", "Classic", "Smart", "Heavy-Duty", "Lite", "Premium", "Essential",
)
