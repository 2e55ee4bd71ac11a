"""`python -m jlp_identity.purge_audit`: the retention job of the audit trail (a CronJob in
production). Deletes only records older than 184 days (Cybersecurity Law art. 21 asks for at
least six months), oldest first, after recording the anchor verification starts from; see
docs/adr/0032-identity-audit-hash-chain.md. Run against JLP_MONGO_URI."""

from __future__ import annotations

from jlp_common import db
from jlp_common.config import Settings
from jlp_common.pagination import PageTokens
from jlp_common.timeutil import utc_now
from jlp_identity.audit_log import AuditLog


def main() -> int:
    settings = Settings.from_env("identity")
    db.connect("identity", settings.mongo_uri)
    audit = AuditLog(utc_now, PageTokens(settings.page_token_key))
    deleted = audit.purge()
    result = audit.verify()
    print(f"audit records purged: {deleted}; chain {'ok' if result.ok else 'BROKEN'} "
          f"({result.checked} checked{', ' + result.reason if result.reason else ''})")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
