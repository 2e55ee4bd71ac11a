"""Event subjects: each named constant's payload exists in the producer's events.proto, and no
service hard-codes a `jlp.<domain>.` subject instead of importing it from jlp_common.subjects."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from jlp_common import subjects
from jlp_common.registry import components

ROOT = Path(__file__).resolve().parents[3]


def test_every_constant_names_a_message_of_its_domains_events_proto():
    by_domain = {c.event_domain: c for c in components()}
    constants = {name: value for name, value in vars(subjects).items()
                 if name.isupper() and isinstance(value, str) and value.startswith("jlp.")}
    assert set(constants.values()) <= set(subjects.EVENT_MESSAGES), \
        f"constants without a payload in EVENT_MESSAGES: {set(constants.values()) - set(subjects.EVENT_MESSAGES)}"
    for subject, message in subjects.EVENT_MESSAGES.items():
        component = by_domain[subject.split(".")[1]]
        events = importlib.import_module(f"{component.proto_package}.events_pb2")
        package, _, name = message.rpartition(".")
        assert package == component.proto_package, f"{subject}: {message} is not {component.name}'s"
        assert name in events.DESCRIPTOR.message_types_by_name, (
            f"{subject}: no message {name} in proto/{component.proto_package.replace('.', '/')}"
            "/events.proto")


def test_subject_builds_and_validates():
    assert subjects.subject("grid", "case", "created") == "jlp.grid.case.created"
    assert subjects.GRID_CASE_CREATED == "jlp.grid.case.created"
    assert subjects.identity_audit("login") == "jlp.identity.audit.login"
    assert subjects.wildcard("grid") == "jlp.grid.>"
    assert subjects.wildcard("grid", "case") == "jlp.grid.case.*"
    with pytest.raises(ValueError, match="event domain 'grid_event'"):
        subjects.subject("grid_event", "case", "created")
    with pytest.raises(ValueError, match="verb"):
        subjects.subject("grid", "case", "Created.now")


# A whole string literal that is a subject or filter of a component's domain (not prose that
# mentions one in a docstring).
DOMAINS = "|".join(re.escape(c.event_domain) for c in components())
SUBJECT_LITERAL = re.compile(r"""(["'])jlp\.(""" + DOMAINS + r""")\.[\w.*>{}-]*\1""")


def test_no_service_hard_codes_a_subject():
    """Sources of services and the gateway import subjects; a literal is named by file:line."""
    found = []
    for base in [*ROOT.glob("services/*/src"), ROOT / "gateway" / "src"]:
        for path in base.rglob("*.py"):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SUBJECT_LITERAL.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert not found, "use jlp_common.subjects instead of:\n" + "\n".join(found)
