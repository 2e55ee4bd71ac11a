"""`python -m jlp_identity.purge_audit`: the retention job of the audit trail (a CronJob in
production). Deletes only records older than 184 days (Cybersecurity Law art. 21 asks for at
least six months), oldest first, after recording the signed anchor verification starts from; see
docs/adr/0032-identity-audit-hash-chain.md and 0113. Run against JLP_MONGO_URI with
JLP_IDENTITY_AUDIT_ANCHOR_KEY. Refuses (exit 2, nothing deleted) when the chain does not verify
against its signed checkpoints or the current anchor is unsigned or younger than 184 days."""

from __future__ import annotations

from jlp_common import db
from jlp_common.audit_anchor import AnchorKey, AuditAnchors, AuditTampered
from jlp_common.config import Settings
from jlp_common.pagination import PageTokens
from jlp_common.timeutil import utc_now
from jlp_identity.audit_log import AuditLog


def main() -> int:
    settings = Settings.from_env("identity")
    db.connect("identity", settings.mongo_uri)
    anchors = AuditAnchors("identity", AnchorKey.from_settings(settings, "identity"),
                           clock=utc_now)
    audit = AuditLog(utc_now, PageTokens(settings.page_token_key), anchors)
    try:
        deleted = audit.purge()
    except AuditTampered as exc:
        print(f"audit purge REFUSED: {exc}")
        return 2
    result = audit.verify()
    print(f"audit records purged: {deleted}; chain {'ok' if result.ok else 'BROKEN'} "
          f"({result.checked} checked{', ' + result.reason if result.reason else ''})")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
