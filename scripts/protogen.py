"""Generate Python stubs from proto/ (and the test-only protos) with grpcio-tools.

`python scripts/protogen.py` writes them; `--check` generates into a temporary folder and exits 1
when the committed stubs differ (stale generated code fails CI, as in opentelemetry-demo).
It also lays out `third_party/protos`, the google/api and google/rpc protos taken from the
googleapis-common-protos wheel, so buf can lint without reaching the schema registry.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
# (proto root, python output root, top-level package generated)
TREES = [
    (ROOT / "proto", ROOT / "libs/protos/src", "jlp"),
    (ROOT / "libs/testkit/proto", ROOT / "libs/testkit/src", "jlptest"),
]
THIRD_PARTY = ROOT / "third_party/protos"


def googleapis_root() -> Path:
    """Folder holding google/api/*.proto as shipped by googleapis-common-protos."""
    import google.api.annotations_pb2 as annotations

    return Path(annotations.__file__).parent.parent.parent


def wkt_root() -> Path:
    """Folder holding google/protobuf/*.proto as shipped by grpcio-tools."""
    import grpc_tools

    return Path(grpc_tools.__file__).parent / "_proto"


def lay_out_third_party() -> None:
    src = googleapis_root()
    for sub in ("google/api", "google/rpc"):
        dst = THIRD_PARTY / sub
        dst.mkdir(parents=True, exist_ok=True)
        for proto in (src / sub).glob("*.proto"):
            shutil.copyfile(proto, dst / proto.name)


def generate(proto_root: Path, out_root: Path) -> None:
    files = sorted(str(p.relative_to(proto_root)) for p in proto_root.rglob("*.proto"))
    if not files:
        return
    out_root.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{proto_root}",
        f"-I{googleapis_root()}",
        f"-I{wkt_root()}",
        f"--python_out={out_root}",
        f"--pyi_out={out_root}",
        f"--grpc_python_out={out_root}",
        *files,
    ]
    if protoc.main(args) != 0:
        raise SystemExit(f"protoc failed for {proto_root}")
    # Generated folders become regular packages so type checkers and importlib agree.
    for folder in {p.parent for p in out_root.rglob("*_pb2.py")}:
        while folder != out_root:
            (folder / "__init__.py").touch()
            folder = folder.parent


def compare(a: Path, b: Path) -> list[str]:
    """Relative paths of generated files that differ between trees a and b."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    return sorted(
        str(n) for n in names
        if not ((a / n).exists() and (b / n).exists() and filecmp.cmp(a / n, b / n, shallow=False))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if committed stubs are stale")
    args = parser.parse_args()
    lay_out_third_party()
    if not args.check:
        for proto_root, out_root, pkg in TREES:
            shutil.rmtree(out_root / pkg, ignore_errors=True)
            generate(proto_root, out_root)
        return 0
    stale: list[str] = []
    for proto_root, out_root, pkg in TREES:
        with tempfile.TemporaryDirectory() as tmp:
            generate(proto_root, Path(tmp))
            stale += [f"{pkg}/{n}" for n in compare(Path(tmp) / pkg, out_root / pkg)]
    if stale:
        print("Generated code is stale; run `make proto`:", *stale, sep="\n  ", file=sys.stderr)
        return 1
    print("generated code is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
