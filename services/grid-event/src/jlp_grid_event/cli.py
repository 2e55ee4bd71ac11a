"""Grid administration from the command line (the same code paths as the ImportGrids RPC).

    python -m jlp_grid_event.cli import FILE.geojson [--validate-only] [--replace]
    python -m jlp_grid_event.cli demo [--out FILE.geojson]   # import (or write) the demo grid

Uses JLP_MONGO_URI like the service. Exit code 1 with one line per problem when refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jlp_common import db
from jlp_common.config import Settings
from jlp_common.errors import DomainError, InvalidArgument
from jlp_grid_event import grids, models
from jlp_grid_event.domain import demo_grid


def _report(result: grids.ImportResult, validate_only: bool) -> None:
    verb = "valid" if validate_only else f"imported as generation {result.generation}"
    counts = ", ".join(f"{v} {k}" for k, v in result.counts.items() if v)
    print(f"{verb}: {counts}")
    for mapped in result.mapped_legacy_codes:
        print(f"legacy code mapped: {mapped}")


def main(argv: list[str] | None = None, connect: bool = True) -> int:
    """Run the CLI; `connect=False` reuses the current database connection (tests)."""
    parser = argparse.ArgumentParser(prog="python -m jlp_grid_event.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a GeoJSON FeatureCollection of grid units")
    imp.add_argument("file", type=Path)
    imp.add_argument("--validate-only", action="store_true")
    imp.add_argument("--replace", action="store_true",
                     help="the file is the whole grid: retire stored units missing from it")
    demo = sub.add_parser("demo", help="import the generated demo grid of the district")
    demo.add_argument("--out", type=Path, help="write the GeoJSON instead of importing it")
    args = parser.parse_args(argv)

    if args.command == "demo" and args.out:
        args.out.write_text(json.dumps(demo_grid.feature_collection(), ensure_ascii=False))
        print(f"wrote {args.out}")
        return 0
    if connect:
        settings = Settings.from_env("grid-event")
        db.connect("grid-event", settings.mongo_uri)
        db.ensure_indexes(*models.ALL)
    try:
        if args.command == "import":
            validate_only = args.validate_only
            result = grids.import_collection(args.file.read_text(encoding="utf-8"), validate_only,
                                             replace=args.replace)
        else:
            validate_only = False
            result = grids.import_collection(demo_grid.feature_collection())
    except InvalidArgument as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        for v in exc.violations:
            print(f"  {v.field}: {v.description}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"refused: {exc.message}", file=sys.stderr)
        return 1
    _report(result, validate_only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
