"""A dbt-duckdb plugin that checks the landing zone exists before DuckDB opens it.

profiles.example.yml lists it under the local target's ``plugins:``. dbt-duckdb creates its plugins when
it opens the first connection, before it attaches the ERP catalog of the landing zone; without the
zone, that attach fails deep inside dbt's adapter cache with a 230-line traceback. This plugin fails
first, in one line that names the missing path and the command that makes it:

    The landing zone is missing: ESA_LANDING_DIR=build/landing is not a folder. Run `make landing` ...

dbt-duckdb turns the RuntimeError raised while connecting into a ``FailedToConnectError``, which dbt
prints as a one-line runtime error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

REMEDY = "Run `make landing` first (it generates the landing zone), or point ESA_LANDING_DIR at an existing one."


def landing_problem(landing_dir: str, attached: list[str]) -> str | None:
    """What is missing from the landing zone (the folder itself, then each attached file), or None."""
    if not Path(landing_dir).is_dir():
        return f"The landing zone is missing: ESA_LANDING_DIR={landing_dir} is not a folder. {REMEDY}"
    for path in attached:
        if "://" not in path and not Path(path).exists():
            return f"The landing zone is incomplete: {path} does not exist. {REMEDY}"
    return None


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        landing_dir = str(plugin_config.get("landing_dir", "build/landing"))
        attached = [a.path for a in (self.creds.attach or []) if a.read_only] if self.creds else []
        problem = landing_problem(landing_dir, attached)
        if problem:
            raise RuntimeError(problem)
