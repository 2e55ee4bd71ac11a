"""Each kit helper has one definition in the tree: the services and the gateway import it
from jlp_common instead of growing their own copy. A copy is named by file and line.

What counts as a copy (outside libs/common/src/jlp_common):
- a function whose name is one of the kit helpers or a known earlier copy's name;
- the code patterns those copies were made of: `Timestamp.FromDatetime` / `.ToDatetime`,
  `.replace(tzinfo=UTC)` (naive → UTC), `datetime.now(UTC)` (the clock), the embedded-store
  check `isinstance(..., mongomock.MongoClient)`, a `threading.Event` loop of a background
  worker, a `urlopen` JSON fetch, a role → permission table in tests.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KIT = ROOT / "libs" / "common" / "src" / "jlp_common"

# Helper (and former copy) names → the jlp_common module that defines them.
HELPERS = {
    "utc_now": "timeutil", "utcnow": "timeutil", "system_clock": "timeutil",
    "as_utc": "timeutil", "aware": "timeutil", "utc": "timeutil",
    "to_timestamp": "timeutil", "from_timestamp": "timeutil", "timestamp_field": "timeutil",
    "ts": "timeutil", "_ts": "timeutil", "from_ts": "timeutil", "timestamp": "timeutil",
    "rfc3339": "timeutil",
    "atomic": "atomic", "embedded": "atomic", "_embedded": "atomic",
    "compare_and_set": "atomic", "try_hold": "atomic", "acquire_lease": "atomic",
    "release_lease": "atomic",
    "require_principal": "context", "_caller": "context", "_principal": "context",
    "http_get_json": "auth", "_get_json": "auth", "_http_get_json": "auth",
    "audit_time": "audit_chain", "verify_chain": "audit_chain", "next_entry": "audit_chain",
    "mask_id_number": "masking", "mask_phone": "masking", "mask_name": "masking",
    "mask_credit_code": "masking", "mask_username": "masking",
    "subject": "subjects",
}
CLASSES = {"Periodic": "periodic", "Sweeper": "periodic", "PiiCipher": "pii"}

PATTERNS = {
    "Timestamp conversion (use jlp_common.timeutil)": re.compile(r"\.(FromDatetime|ToDatetime)\("),
    "naive→UTC (use jlp_common.timeutil.as_utc)": re.compile(r"\.replace\(tzinfo=(UTC|timezone\.utc)\)"),
    "the clock (use jlp_common.timeutil.utc_now)": re.compile(r"datetime\.now\((UTC|timezone\.utc)\)"),
    "embedded-store check (use jlp_common.atomic)": re.compile(r"mongomock\.MongoClient\)"),
    "background loop (use jlp_common.periodic.Periodic)": re.compile(r"\._stop\.wait\("),
    "JSON fetch (use jlp_common.auth.http_get_json)": re.compile(r"urlopen\("),
}

# Files other work owns right now, with the copies that work removes (issue 9, item 6: the
# Open311 rules and their time handling move out of the gateway into grid-event). Each entry
# must still hold a copy, so the list shrinks as soon as the copy goes.
PENDING: set[str] = set()  # files allowed a copy until their owner removes it


def sources() -> list[Path]:
    """Every Python source of the services, the gateway and jlp_common's siblings."""
    out = [*ROOT.glob("services/*/src/**/*.py"), *ROOT.glob("gateway/src/**/*.py"),
           *ROOT.glob("libs/*/src/**/*.py")]
    return sorted(p for p in out if KIT not in p.parents)


def copies_in(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(ROOT)
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in HELPERS:
            found.append(f"{rel}:{node.lineno}: def {node.name} — use jlp_common.{HELPERS[node.name]}")
        elif isinstance(node, ast.ClassDef) and node.name in CLASSES:
            found.append(f"{rel}:{node.lineno}: class {node.name} — use jlp_common.{CLASSES[node.name]}")
    for lineno, line in enumerate(text.splitlines(), 1):
        for what, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{rel}:{lineno}: {what}: {line.strip()}")
    return found


def test_each_helper_is_defined_once_in_jlp_common():
    for name, module in {**HELPERS, **CLASSES}.items():
        if name.startswith("_") or name in ("ts", "timestamp", "utc", "aware", "utcnow",
                                             "system_clock", "from_ts", "embedded",
                                             "acquire_lease", "release_lease", "Sweeper"):
            continue  # former copies' names: nothing defines them any more
        tree = ast.parse((KIT / f"{module}.py").read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree)
                   if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        assert name in defined, f"jlp_common/{module}.py does not define {name}"


def test_no_copies_outside_jlp_common():
    found = []
    for path in sources():
        if str(path.relative_to(ROOT)) not in PENDING:
            found += copies_in(path)
    assert not found, "copies of kit helpers:\n" + "\n".join(found)


def test_pending_files_still_exist_with_their_copies():
    """Drop an entry from PENDING once its owner removed the copy (keeps the exemption honest)."""
    for rel in PENDING:
        path = ROOT / rel
        assert path.exists() and copies_in(path), f"{rel}: no copy left; remove it from PENDING"


def test_tests_derive_roles_from_identitys_table():
    """No test keeps its own role → permission table (it drifts): derive from identity's."""
    found = []
    for path in ROOT.glob("services/*/tests/**/*.py"):
        if path.parts[-3] == "identity":
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*\"(citizen|ops_center|grid_worker|dept_staff)\":\s*\[", line):
                found.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert not found, "role tables copied into tests:\n" + "\n".join(found)
