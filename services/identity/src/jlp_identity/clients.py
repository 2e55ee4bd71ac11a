"""OAuth clients: devices, services and civic apps using the client_credentials grant.

A client secret is 256 random bits shown once at creation and stored as a SHA-256 digest: a
secret that cannot be guessed needs no slow hash, and token requests from thousands of sensors
stay cheap. Client authentication failures are all `invalid_client` (RFC 6749 §5.2).
"""

from __future__ import annotations

import secrets

from jlp_common.errors import NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_identity.audit_log import AuditLog
from jlp_identity.clock import Clock
from jlp_identity.domain import permissions
from jlp_identity.domain.tokens import secret_digest
from jlp_identity.models import ClientDoc
from jlp_identity.oauth_errors import InvalidClient
from jlp_identity.validation import raise_problems

MAX_NAME_LENGTH = 100


class ClientRegistry:
    def __init__(self, clock: Clock, audit: AuditLog, page_tokens: PageTokens) -> None:
        self.clock, self.audit, self.page_tokens = clock, audit, page_tokens

    def create(self, name: str, roles: list[str], creator: str) -> tuple[ClientDoc, str]:
        """Register a client; returns it with its secret (the only time the secret exists)."""
        name = (name or "").strip()
        problems = []
        if not name:
            problems.append(("client.name", "name is required"))
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(("client.name", f"must be at most {MAX_NAME_LENGTH} characters"))
        problems += [("client.roles", p) for p in permissions.client_role_problems(roles)]
        raise_problems(problems)
        now = self.clock()
        secret = secrets.token_urlsafe(32)
        doc = ClientDoc(id="cl_" + secrets.token_hex(8), name=name, roles=sorted(set(roles)),
                        secret_digest=secret_digest(secret), creator=creator, create_time=now,
                        update_time=now)
        doc.save(force_insert=True)
        self.audit.record("client_created", object=f"clients/{doc.id}",
                          details={"roles": " ".join(doc.roles), "name": name})
        return doc, secret

    def authenticate(self, client_id: str, client_secret: str) -> ClientDoc:
        doc = ClientDoc.objects(id=client_id).first() if client_id else None
        # Compare against a digest even for unknown ids, so timing does not tell them apart.
        expected = doc.secret_digest if doc else secret_digest("unknown client")
        if not secrets.compare_digest(expected, secret_digest(client_secret or "")) \
                or doc is None or doc.disabled:
            self.audit.record("client_auth", actor=f"client:{client_id[:40]}",
                              object=f"clients/{client_id[:40]}", result="failed")
            raise InvalidClient("client authentication failed")
        return doc

    def get(self, client_id: str) -> ClientDoc:
        doc = ClientDoc.objects(id=client_id).first() if client_id else None
        if doc is None:
            raise NotFound("Client", client_id)
        return doc

    def is_active(self, client_id: str) -> bool:
        doc = ClientDoc.objects(id=client_id).only("disabled").first()
        return doc is not None and not doc.disabled

    def list(self, requested_size: int, token: str, show_disabled: bool
             ) -> tuple[list[ClientDoc], str]:
        query = {"show_disabled": show_disabled}
        after = (self.page_tokens.decode(token, query) or {}).get("after", "")
        size = page_size(requested_size, default=50, maximum=500)
        filters: dict[str, object] = {}
        if not show_disabled:
            filters["disabled"] = False
        if after:
            filters["id__gt"] = after
        docs = list(ClientDoc.objects(**filters).order_by("id").limit(size + 1))
        nxt = ""
        if len(docs) > size:
            docs = docs[:size]
            nxt = self.page_tokens.encode({"after": docs[-1].id}, query)
        return docs, nxt

    def disable(self, client_id: str) -> ClientDoc:
        doc = self.get(client_id)
        if not doc.disabled:
            ClientDoc.objects(id=client_id).update_one(set__disabled=True,
                                                       set__update_time=self.clock())
            self.audit.record("client_disabled", object=f"clients/{client_id}")
            doc.reload()
        return doc

