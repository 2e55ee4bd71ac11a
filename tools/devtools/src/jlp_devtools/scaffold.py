"""`make new-service NAME=<name> PORT=<port> [EVENTS=<domain>]`: a complete, working service.

Writes, from `service_template/`: the proto (one resource with AIP standard methods and HTTP
annotations) and its events, the distribution (pyproject, `__main__`, settings, policy, app,
servicer, models, domain/ with a unit test, a service test over a real channel), then adds the
component to the catalogue (jlp_common/components.yaml) with grants for the template's two
permissions. A file that already exists is kept (the scaffold can finish a folder started by
hand). The Makefile then regenerates skaffold.yaml, the lock and the stubs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]
TEMPLATE = Path(__file__).resolve().parent / "service_template"
CATALOGUE = ROOT / "libs/common/src/jlp_common/components.yaml"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOMAIN = re.compile(r"^[a-z][a-z0-9]*$")
RESERVED = {"gateway", "common", "protos", "testkit", "devtools", "nats", "mongodb"}


class ScaffoldError(ValueError):
    """Why the service cannot be generated (bad name, port or domain taken...)."""


def tokens(name: str, port: int, events: str) -> dict[str, str]:
    pkg = name.replace("-", "_")
    return {"__NAME__": name, "__PKG__": pkg, "__MODULE__": f"jlp_{pkg}",
            "__CLASS__": "".join(part.capitalize() for part in name.split("-")),
            "__PORT__": str(port), "__EVENTS_UPPER__": events.upper(), "__EVENTS__": events}


def check(name: str, port: int, events: str, catalogue: dict) -> None:
    if not NAME.match(name) or len(name) > 30 or name in RESERVED:
        raise ScaffoldError(f"NAME={name!r}: lower-case words joined by '-', at most 30 "
                            f"characters, not one of {sorted(RESERVED)}")
    if not DOMAIN.match(events):
        raise ScaffoldError(f"EVENTS={events!r}: one lower-case word (the subject domain)")
    if not 1024 < port < 65536:
        raise ScaffoldError(f"PORT={port}: between 1025 and 65535")
    components = catalogue["components"]
    if name in components:
        raise ScaffoldError(f"{name} is already in the catalogue")
    for other, entry in components.items():
        if entry["port"] == port:
            raise ScaffoldError(f"PORT={port} is {other}'s")
        if entry["events"] == events:
            raise ScaffoldError(f"EVENTS={events} is {other}'s")
    if port == catalogue.get("gateway", {}).get("port"):
        raise ScaffoldError(f"PORT={port} is the gateway's")


def targets(t: dict[str, str]) -> list[tuple[Path, Path]]:
    """(template file, destination) pairs."""
    pkg, module = t["__PKG__"], t["__MODULE__"]
    out = [(TEMPLATE / "proto/PKG.proto.tmpl", ROOT / f"proto/jlp/{pkg}/v1/{pkg}.proto"),
           (TEMPLATE / "proto/events.proto.tmpl", ROOT / f"proto/jlp/{pkg}/v1/events.proto")]
    service = TEMPLATE / "service"
    for src in sorted(service.rglob("*")):
        if src.is_file() and "__pycache__" not in src.parts:
            rel = src.relative_to(service).as_posix().replace("src/MODULE", f"src/{module}")
            rel = rel.removesuffix(".tmpl")  # templates are no code: not linted, not collected
            out.append((src, ROOT / "services" / t["__NAME__"] / rel))
    return out


def render(text: str, t: dict[str, str]) -> str:
    for key in sorted(t, key=len, reverse=True):  # __EVENTS_UPPER__ before __EVENTS__
        text = text.replace(key, t[key])
    return text


def catalogue_entry(t: dict[str, str]) -> str:
    return (f"\n  {t['__NAME__']}:\n    port: {t['__PORT__']}\n    events: {t['__EVENTS__']}\n"
            f"    calls: []\n    grants:\n      dept_staff: [item.read]\n"
            f"      sysadmin: [item.admin, item.read]\n")


def scaffold(name: str, port: int, events: str) -> tuple[list[Path], list[Path]]:
    """Write the service; returns (written, kept because they existed)."""
    catalogue = yaml.safe_load(CATALOGUE.read_text())
    check(name, port, events, catalogue)
    t = tokens(name, port, events)
    written, kept = [], []
    for src, dst in targets(t):
        if dst.exists():
            kept.append(dst)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(render(src.read_text(), t))
        written.append(dst)
    text = CATALOGUE.read_text()
    CATALOGUE.write_text(text.rstrip("\n") + "\n" + catalogue_entry(t))
    return written, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a new service of the suite.")
    parser.add_argument("name")
    parser.add_argument("port", type=int)
    parser.add_argument("events", nargs="?", default="",
                        help="event/permission domain (default: the name without dashes)")
    args = parser.parse_args(argv)
    events = args.events or args.name.replace("-", "")
    try:
        written, kept = scaffold(args.name, args.port, events)
    except ScaffoldError as exc:
        print(f"new-service: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"  wrote {path.relative_to(ROOT)}")
    for path in kept:
        print(f"  kept  {path.relative_to(ROOT)} (already there)")
    print(f"  added {args.name} to {CATALOGUE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
