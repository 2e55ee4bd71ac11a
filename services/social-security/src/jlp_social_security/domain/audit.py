"""The audit of personal records on the kit's hash chain (jlp_common.audit_chain, ADR 0032):
every change with its old and new values, and every unmasked read with its purpose.

Old and new values travel in the entry's `details` as `old.<field>` / `new.<field>` (plus
`purpose`), so they are inside the hashed canonical form: altering a recorded value breaks the
chain from that record on. The service records the stored (encrypted) form of personal values,
so the trail proves what changed without holding plain personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from jlp_common.audit_chain import AuditEntry, ChainHead, next_entry


def change_entry(head: ChainHead, *, time: datetime, actor: str, action: str, object: str,
                 old_values: Mapping[str, str] | None = None, new_values: Mapping[str, str] | None = None,
                 purpose: str = "", source_ip: str = "") -> tuple[AuditEntry, str]:
    """The chain entry after `head` for one change (or read) of a personal record, and its hash."""
    details = {f"old.{k}": str(v) for k, v in (old_values or {}).items()}
    details.update({f"new.{k}": str(v) for k, v in (new_values or {}).items()})
    if purpose:
        details["purpose"] = purpose
    return next_entry(head, time=time, actor=actor, action=action, object=object, result="ok",
                      source_ip=source_ip, details=details)


def split_details(details: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str], str]:
    """(old values, new values, purpose) of an entry's details."""
    old = {k[4:]: v for k, v in details.items() if k.startswith("old.")}
    new = {k[4:]: v for k, v in details.items() if k.startswith("new.")}
    return old, new, details.get("purpose", "")
