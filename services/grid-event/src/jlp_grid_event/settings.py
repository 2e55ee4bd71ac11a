"""grid-event's own `JLP_` variables, on top of jlp_common.config's platform and service ones."""

from __future__ import annotations

from jlp_common.config import Var

VARIABLES = (
    Var("JLP_OVERDUE_SCAN_SECONDS", "how often cases past their deadline are marked overdue"),
    Var("JLP_DEPARTMENT_CACHE_SECONDS", "how long identity's department list is trusted"),
    Var("JLP_DEPARTMENT_REFRESH_SECONDS", "minimum pause between department list refreshes"),
    Var("JLP_DEPARTMENT_TIMEOUT_SECONDS", "deadline of the department look-up in identity"),
)
