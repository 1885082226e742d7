"""The DAX evaluator on a tiny hand-built model (fixtures/dax_eval, rows in dax_tiny.py).

Every expected value is worked out by hand from the eight sales rows listed in dax_tiny's docstring.
One test per trap of issue 11 (MTD at month grain, metric filter with/without KEEPFILTERS, DISTINCTCOUNT
and BLANK, offsets at day vs month grain) and one per semantic the evaluator implements.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from dax_tiny import MODEL, tiny_database

from esa.dax_eval import Context, DaxError, Evaluator, TmdlError, functions_used, load_model, unsupported_functions
from esa.dax_eval.support import SUPPORTED_FUNCTIONS

JAN, FEB, MAR, DEC = "2025-01", "2025-02", "2025-03", "2024-12"


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    return Evaluator(load_model(MODEL), tiny_database())


def month(m: str) -> dict[tuple[str, str], list[str]]:
    return {("Date", "Month"): [m]}


def day(d: str) -> dict[tuple[str, str], list[object]]:
    return {("Date", "Date"): [dt.date.fromisoformat(d)]}


# ---- the model as read from TMDL ------------------------------------------------------------------------
def test_reads_tables_relationships_and_marked_date_table() -> None:
    model = load_model(MODEL)
    assert set(model.tables) == {"Date", "Customer", "Sales"}
    assert model.date_table == ("Date", "Date")
    active = {r.name: r.is_active for r in model.relationships}
    assert active == {"sales_order_date": True, "sales_ship_date": False, "sales_customer": True}
    assert model.tables["Sales"].source_table == "tiny_sales"
    assert model.tables["Date"].not_null_filters == ("date_day",)
    assert "DATESINPERIOD" in model.measures["Sales Last 28 Days"].expression  # multi-line expression read


def test_space_indented_tmdl_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "M.SemanticModel"
    shutil.copytree(MODEL, copy)
    sales = copy / "definition" / "tables" / "Sales.tmdl"
    sales.write_text(sales.read_text().replace("\tcolumn status", "    column status"))
    with pytest.raises(TmdlError, match="tabs"):
        load_model(copy)


def test_a_calculated_calendar_is_a_date_table(tmp_path: Path) -> None:
    # the Date table as CALENDAR(...) in DAX, related to Sales on its order_day column
    copy = tmp_path / "M.SemanticModel"
    shutil.copytree(MODEL, copy)
    definition = copy / "definition"
    date = definition / "tables" / "Date.tmdl"
    text = date.read_text()
    text = text[: text.index("\tpartition")] + (
        "\tpartition Date-partition = calculated\n\t\tmode: import\n"
        '\t\tsource = ADDCOLUMNS(CALENDAR(DATE(2024, 12, 1), DATE(2025, 3, 31)), "Year", YEAR([Date]))\n'
    )
    date.write_text(text.replace("sourceColumn: date_day", "sourceColumn: [Date]"))
    (definition / "relationships.tmdl").write_text(
        "relationship a\n\tfromColumn: Sales.order_day\n\ttoColumn: Date.Date\n\n"
        "relationship b\n\tfromColumn: Sales.customer_key\n\ttoColumn: Customer.customer_key\n"
    )
    ev = Evaluator(load_model(copy), tiny_database())
    assert len(ev.domain(("Date", "Date")) - {None}) == 121
    # February by its dates: 200 + 20; MTD at Jan 20: 100 + 50; the prior month of February: January, 180
    february = {("Date", "Date"): [d for d in ev.domain(("Date", "Date")) if d is not None and d.month == 2]}
    assert ev.evaluate("Net Sales", february) == Decimal("220.00")
    assert ev.evaluate("Sales MTD", day("2025-01-20")) == Decimal("150.00")
    assert ev.evaluate("Sales Prior Month", february) == Decimal("180.00")


def test_date_partition_drops_the_unknown_member(ev: Evaluator) -> None:
    # the DuckDB table has 121 days plus the key -1 row with a NULL date; the partition keeps the 121 days
    assert len(ev.domain(("Date", "Date")) - {None}) == 121
    assert None not in ev.visible_values(("Date", "Date"), Context())


# ---- trap 1: month-to-date at month grain ---------------------------------------------------------------
def test_mtd_at_month_grain_is_the_months_total_not_the_first_days(ev: Evaluator) -> None:
    # DATESMTD takes the LAST visible date: for January that is Jan 31, so MTD = 100 + 50 + 30 = 180
    # (MetricFlow's period_agg: last). The first day's MTD (period_agg: first) would be Jan 1: no sales, BLANK.
    assert ev.evaluate("Sales MTD", month(JAN)) == Decimal("180.00")
    assert ev.evaluate("Sales MTD", month(JAN)) == ev.evaluate("Net Sales", month(JAN))
    assert ev.evaluate("Sales MTD", day("2025-01-01")) is None
    # within the month it accumulates: Jan 20 -> 100 + 50
    assert ev.evaluate("Sales MTD", day("2025-01-20")) == Decimal("150.00")


# ---- trap 2: a metric filter with and without KEEPFILTERS -----------------------------------------------
def test_metric_filter_without_keepfilters_overrides_the_slicer(ev: Evaluator) -> None:
    # slicer segment = SMB in January. The plain filter replaces it with Enterprise: c1 100 + c3 30 = 130.
    slicer = {**month(JAN), ("Customer", "segment"): ["SMB"]}
    assert ev.evaluate("Enterprise Sales Plain", slicer) == Decimal("130.00")


def test_metric_filter_with_keepfilters_narrows_the_slicer(ev: Evaluator) -> None:
    # KEEPFILTERS intersects: SMB and Enterprise -> no customer -> BLANK; with no slicer -> 130.
    assert ev.evaluate("Enterprise Sales", {**month(JAN), ("Customer", "segment"): ["SMB"]}) is None
    assert ev.evaluate("Enterprise Sales", month(JAN)) == Decimal("130.00")
    # a slicer on another column of the same table stays in both forms: region APAC -> c3 only -> 30
    apac = {**month(JAN), ("Customer", "region"): ["APAC"]}
    assert ev.evaluate("Enterprise Sales", apac) == Decimal("30.00")
    assert ev.evaluate("Enterprise Sales Plain", apac) == Decimal("30.00")


# ---- trap 3: DISTINCTCOUNT counts BLANK -----------------------------------------------------------------
def test_distinctcount_counts_blank_and_distinctcountnoblank_does_not(ev: Evaluator) -> None:
    # January's users: u1, u2 and a NULL (order 3) -> 3 with BLANK, 2 without
    assert ev.evaluate("Users", month(JAN)) == 3
    assert ev.evaluate("Users No Blank", month(JAN)) == 2
    # February: u1 and NULL -> 2 and 1
    assert ev.evaluate("Users", month(FEB)) == 2
    assert ev.evaluate("Users No Blank", month(FEB)) == 1


# ---- trap 4: an offset at day grain and at month grain ---------------------------------------------------
def test_offset_at_month_grain_is_the_previous_month(ev: Evaluator) -> None:
    # February's dates shifted a month back are Jan 1..28 plus, as Feb 28 is a month end, Jan 29..31: all of
    # January -> 180. March -> all of February -> 220.
    assert ev.evaluate("Sales Prior Month", month(FEB)) == Decimal("180.00")
    assert ev.evaluate("Sales Prior Month", month(MAR)) == Decimal("220.00")
    assert ev.evaluate("Sales Prior Month", month(DEC)) is None  # November is not in the date table


def test_offset_at_day_grain_is_the_same_day_of_the_previous_month(ev: Evaluator) -> None:
    # Feb 10 -> Jan 10: no sales -> BLANK (not January's 180)
    assert ev.evaluate("Sales Prior Month", day("2025-02-10")) is None
    # Feb 28 is February's last day -> Jan 28..31 -> order 3 (Jan 31) 30
    assert ev.evaluate("Sales Prior Month", day("2025-02-28")) == Decimal("30.00")
    # Mar 31 -> Feb 28 (clipped) -> order 5, 20
    assert ev.evaluate("Sales Prior Month", day("2025-03-31")) == Decimal("20.00")
    # a one-day offset at month grain shifts every day: January -> Dec 31..Jan 30 -> 10 + 100 + 50 = 160
    assert ev.evaluate("Sales Prior Day", month(JAN)) == Decimal("160.00")
    assert ev.evaluate("Sales Prior Day", day("2025-02-01")) == Decimal("30.00")


# ---- semantics ---------------------------------------------------------------------------------------------
def test_filters_flow_from_dimensions_to_the_fact_only(ev: Evaluator) -> None:
    # segment Enterprise, all months: c1 10 + 100 + 200, c3 30 + 70 = 410
    assert ev.evaluate("Net Sales", {("Customer", "segment"): ["Enterprise"]}) == Decimal("410.00")
    # a filter on the fact does not reach the customer table: customers visible stay 3 whatever the status
    assert ev.evaluate_expression("COUNTROWS(Customer)", {("Sales", "status"): ["cancelled"]}) == 3


def test_userelationship_switches_to_the_inactive_role(ev: Evaluator) -> None:
    # by ship month: January ships orders 7 (Jan 2) and 1 (Jan 7) -> 110; February 2, 3, 4 -> 280;
    # March 5, 6 -> 90 (order 8's ship key -1 is in the date table's blank row: not in any month)
    assert ev.evaluate("Shipped Sales", month(JAN)) == Decimal("110.00")
    assert ev.evaluate("Shipped Sales", month(FEB)) == Decimal("280.00")
    assert ev.evaluate("Shipped Sales", month(MAR)) == Decimal("90.00")
    assert ev.evaluate("Net Sales", month(JAN)) == Decimal("180.00")  # the active role: order date


def test_removefilters_and_all(ev: Evaluator) -> None:
    smb_march = {**month(MAR), ("Customer", "segment"): ["SMB"]}
    assert ev.evaluate("Net Sales", smb_march) is None  # order 5 is Feb 28: no SMB sale in March
    # REMOVEFILTERS(Customer): the month stays -> all of March, including the unknown customer: 70 + 5
    assert ev.evaluate("All Customers Sales", smb_march) == Decimal("75.00")
    # ALL(Sales) removes the filters of Sales's expanded table (Date and Customer too): 485
    assert ev.evaluate("All Sales", smb_march) == Decimal("485.00")
    assert ev.evaluate_expression("CALCULATE([Net Sales], ALL())", smb_march) == Decimal("485.00")
    assert ev.evaluate_expression("CALCULATE([Net Sales], REMOVEFILTERS('Date'[Month]))", smb_march) == Decimal(
        "70.00"
    )  # SMB in all months: 50 + 20


def test_unmatched_keys_fall_in_the_blank_row(ev: Evaluator) -> None:
    # order 8 has customer -1: visible with no customer filter (March 75), hidden under segment = Enterprise
    # (70), and visible under segment <> "SMB", which BLANK satisfies ("" <> "SMB"): 70 + 5
    assert ev.evaluate("Net Sales", month(MAR)) == Decimal("75.00")
    assert ev.evaluate("Enterprise Sales", month(MAR)) == Decimal("70.00")
    assert ev.evaluate("Not SMB Sales", month(MAR)) == Decimal("75.00")


def test_datesytd_with_and_without_a_year_end(ev: Evaluator) -> None:
    # calendar YTD at March: Jan 1..Mar 31 -> 180 + 220 + 75 = 475; December 2024 alone: 10
    assert ev.evaluate("Sales YTD", month(MAR)) == Decimal("475.00")
    assert ev.evaluate("Sales YTD", month(DEC)) == Decimal("10.00")
    # fiscal year ending Jan 31: January closes the year begun Feb 1 2024 -> Dec 10 + Jan 180 = 190;
    # March is in the year begun Feb 1 2025 -> 220 + 75 = 295
    assert ev.evaluate("Sales FYTD", month(JAN)) == Decimal("190.00")
    assert ev.evaluate("Sales FYTD", month(MAR)) == Decimal("295.00")


def test_datesinperiod_window_ends_at_the_last_visible_date(ev: Evaluator) -> None:
    # Feb 10 -> (Jan 13, Feb 10] -> orders 2, 3, 4: 50 + 30 + 200 = 280
    assert ev.evaluate("Sales Last 28 Days", day("2025-02-10")) == Decimal("280.00")
    # January -> max Jan 31 -> (Jan 3, Jan 31] -> 100 + 50 + 30: excludes Dec 31
    assert ev.evaluate("Sales Last 28 Days", month(JAN)) == Decimal("180.00")


def test_aggregations(ev: Evaluator) -> None:
    # January: 100, 50, 30
    assert ev.evaluate("Orders", month(JAN)) == 3
    assert ev.evaluate("Average Order", month(JAN)) == 60
    assert ev.evaluate("Smallest Order", month(JAN)) == Decimal("30.00")
    assert ev.evaluate("Largest Order", month(JAN)) == Decimal("100.00")
    # nothing visible: every aggregation is BLANK, COUNTROWS too (not 0)
    nobody = {("Customer", "segment"): ["Nobody"]}
    for measure in ("Net Sales", "Orders", "Users", "Users No Blank", "Average Order", "Largest Order"):
        assert ev.evaluate(measure, nobody) is None, measure


def test_ratio_and_divide(ev: Evaluator) -> None:
    # January 1 cancelled of 3 orders; February 1 of 2; March 0 of 2 -> the numerator is BLANK -> BLANK
    assert ev.evaluate("Cancel Rate", month(JAN)) == pytest.approx(1 / 3, rel=1e-12)
    assert ev.evaluate("Cancel Rate", month(FEB)) == 0.5
    assert ev.evaluate("Cancel Rate", month(MAR)) is None
    # slicer status = shipped: KEEPFILTERS(cancelled) leaves nothing -> BLANK
    assert ev.evaluate("Cancel Rate", {**month(FEB), ("Sales", "status"): ["shipped"]}) is None


def test_var_return_and_measure_references(ev: Evaluator) -> None:
    # February: (220 - 180) / 180; January: (180 - 10) / 10 = 17; December: the prior month is BLANK -> BLANK
    assert ev.evaluate("MoM Growth", month(FEB)) == pytest.approx(40 / 180, rel=1e-12)
    assert ev.evaluate("MoM Growth", month(JAN)) == 17
    assert ev.evaluate("MoM Growth", month(DEC)) is None
    assert ev.evaluate_expression("VAR __a = 2 VAR __b = __a * 3 RETURN __b + __a") == 8


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("BLANK() + BLANK()", None),
        ("BLANK() + 1", 1),
        ("BLANK() - 3", -3),
        ("-BLANK()", None),
        ("BLANK() * 2", None),
        ("BLANK() / 2", None),
        ("BLANK() = 0", True),
        ('BLANK() = ""', True),
        ("BLANK() == 0", False),
        ("BLANK() < 1", True),
        ('"abc" = "ABC"', True),
        ('BLANK() & "x"', "x"),
        ("BLANK() && TRUE()", False),
        ("NOT BLANK()", True),
        ("ISBLANK([Nobody Sales])", True),
        ("[Nobody Sales] + 1", 1),
        ("IF([Nobody Sales] = 0, 1, 2)", 1),
    ],
)
def test_blank_semantics(ev: Evaluator, expression: str, expected: object) -> None:
    assert ev.evaluate_expression(expression) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # January's rows: 100 (u1), 50 (u2), 30 (cancelled, no user)
        ("SUMX(Sales, Sales[amount] * 2)", Decimal("360.00")),
        ('SUMX(Sales, IF(Sales[status] = "cancelled", 1, 0))', 1),
        ("COUNTX(Sales, Sales[user_id])", 2),
        ("AVERAGEX(Sales, Sales[amount])", 60),
        ("MINX(Sales, Sales[amount])", Decimal("30.00")),
        ("MAXX(Sales, Sales[amount])", Decimal("100.00")),
        ("COUNTA(Sales[user_id])", 2),
        ("MEDIAN(Sales[amount])", 50),
        ('SWITCH(TRUE(), [Orders] > 5, "many", [Orders] > 2, "some", "few")', "some"),
        ('CALCULATE(SUMX(Sales, Sales[amount]), KEEPFILTERS(Sales[status] IN {"shipped"}))', Decimal("150.00")),
        # a semi-additive pattern: the rows at the latest key in context (Jan 31: order 3, 30.00)
        (
            "VAR __edge = MAX(Sales[order_date_key]) RETURN CALCULATE([Net Sales], Sales[order_date_key] = __edge)",
            Decimal("30.00"),
        ),
    ],
)
def test_iterators_and_other_scalars(ev: Evaluator, expression: str, expected: object) -> None:
    assert ev.evaluate_expression(expression, month(JAN)) == expected


def test_iterator_refuses_context_transition(ev: Evaluator) -> None:
    with pytest.raises(DaxError, match="context transition"):
        ev.evaluate_expression("SUMX(Sales, [Net Sales])")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("DIVIDE(1, 0)", None),
        ("DIVIDE(1, BLANK())", None),
        ("DIVIDE(1, 0, -1)", -1),
        ("DIVIDE(BLANK(), 2)", None),
        ("DIVIDE(3, 4)", 0.75),
        ("DIVIDE([Net Sales], [Nobody Sales], 9)", 9),
    ],
)
def test_divide(ev: Evaluator, expression: str, expected: object) -> None:
    assert ev.evaluate_expression(expression) == expected


def test_division_operator_by_zero_and_blank(ev: Evaluator) -> None:
    assert ev.evaluate_expression("1 / 0") == math.inf
    assert ev.evaluate_expression("1 / BLANK()") == math.inf
    assert math.isnan(ev.evaluate_expression("0 / 0"))


# ---- the supported list ------------------------------------------------------------------------------------
def test_every_fixture_measure_is_supported() -> None:
    measures = {m.name: m.expression for m in load_model(MODEL).measures.values()}
    assert unsupported_functions(measures) == {}
    assert (
        {"CALCULATE", "DATESINPERIOD", "MAX"} <= functions_used(measures["Sales Last 28 Days"]) <= SUPPORTED_FUNCTIONS
    )


def test_unsupported_functions_are_listed_and_refused(ev: Evaluator) -> None:
    found = unsupported_functions({"x": "SELECTEDVALUE(Sales[status])", "y": "SUM(Sales[amount])"})
    assert found == {"x": {"SELECTEDVALUE"}}
    with pytest.raises(DaxError, match="SELECTEDVALUE"):
        ev.evaluate_expression("SELECTEDVALUE(Sales[status])")
    with pytest.raises(DaxError, match="exactly one column"):
        ev.evaluate_expression('CALCULATE([Net Sales], Sales[status] = "x" && \'Customer\'[segment] = "y")')
