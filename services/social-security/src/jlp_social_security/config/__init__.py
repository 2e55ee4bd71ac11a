"""Configuration shipped with the service (rates, monitoring rules, care policy), read at start-up.

The JSON files here are the defaults; an operator replaces one with `JLP_SOCIAL_<NAME>_FILE`
(wired with the server). Parsing and validation are pure functions of the domain; only reading
the file happens here.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def load_document(name: str, override: str | Path | None = None) -> dict[str, Any]:
    """The JSON document `name` shipped with the package, or the file at `override`."""
    if override:
        return json.loads(Path(override).read_text(encoding="utf-8"))
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def schedule_book(override: str | Path | None = None):
    """The contribution schedules (domain.rates.ScheduleBook)."""
    from jlp_social_security.domain.rates import parse_schedules

    return parse_schedules(load_document("contribution_schedules.json", override))


def care_policy(override: str | Path | None = None):
    """The elderly-care policy (domain.care.CarePolicy)."""
    from jlp_social_security.domain.care import parse_policy

    return parse_policy(load_document("care_policy.json", override))


def aid_monitoring(override: str | Path | None = None):
    """(configured source names, monitoring rules, re-check policy) of the poverty-aid verification."""
    from jlp_social_security.domain.aid_checks import parse_recheck, parse_rules

    doc = load_document("aid_monitoring.json", override)
    return list(doc.get("sources") or []), parse_rules(doc), parse_recheck(doc)
