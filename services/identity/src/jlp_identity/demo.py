"""Demo data of the district: `python -m jlp_identity.demo` seeds the department tree
(idempotent) into the database of JLP_MONGO_URI. The service seeds it itself at start when
`JLP_DEMO=1` (what `make run` sets), which is what the embedded store needs."""

from __future__ import annotations

from jlp_common import db
from jlp_common.config import Settings
from jlp_identity import departments
from jlp_identity.models import DepartmentDoc


def main() -> int:
    settings = Settings.from_env("identity")
    db.connect("identity", settings.mongo_uri)
    db.ensure_indexes(DepartmentDoc)
    created = departments.seed()
    print(f"departments: {created} created, {DepartmentDoc.objects.count()} in total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
