"""OAuth clients: devices, services and civic apps using the client_credentials grant.

A client secret is 256 random bits shown once at creation (or rotation) and stored as a
SHA-256 digest: a secret that cannot be guessed needs no slow hash, and token requests from
thousands of sensors stay cheap. Client authentication failures are all `invalid_client`
(RFC 6749 §5.2).

API keys. Open311 GeoReport v2 sends only an `api_key` (shared/reference/open311-georeport-v2.md,
POST requests); ours is the secret of an `open311_app` client. Because the stored digest is
unsalted and the secret has 256 bits of entropy, the digest itself is a safe look-up key: the
client is found by it under a unique index, so no client id is needed. Learning a stored digest
(from the index's timing, or a copy of the database) does not help: using it still needs a
preimage of a 256-bit random value. Only clients whose roles all allow it
(`permissions.API_KEY_ROLES`) may be used this way; a device or service client presenting its
secret alone is refused like a wrong secret. Clients registered before this existed work at once
(their digest is the same); `rotate_secret` replaces a leaked secret.
"""

from __future__ import annotations

import secrets

from jlp_common.errors import Conflict, FailedPrecondition, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock
from jlp_identity.audit_log import AuditLog
from jlp_identity.domain import permissions
from jlp_identity.domain.accounts import has_control_characters
from jlp_identity.domain.tokens import secret_digest
from jlp_identity.models import ClientDoc
from jlp_identity.oauth_errors import InvalidClient
from jlp_identity.validation import clip, raise_problems

MAX_NAME_LENGTH = 100
MAX_SECRET_LENGTH = 256  # ours are 43 characters; anything much longer is not one of ours


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
        elif has_control_characters(name):
            problems.append(("client.name", "must not contain control characters"))
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

    def authenticate_api_key(self, api_key: str) -> ClientDoc:
        """The client whose secret is `api_key`, when its roles allow a secret without an id."""
        api_key = api_key or ""
        digest = secret_digest(api_key)
        doc = ClientDoc.objects(secret_digest=digest).first() \
            if api_key and len(api_key) <= MAX_SECRET_LENGTH else None
        why = ("unknown" if doc is None or not secrets.compare_digest(doc.secret_digest, digest)
               else "disabled" if doc.disabled
               else "role_not_allowed" if not permissions.may_use_api_key(doc.roles) else "")
        if why:
            client_id = doc.id if doc is not None and why != "unknown" else ""
            self.audit.record("client_auth", actor=f"client:{client_id}",
                              object=f"clients/{client_id}" if client_id else "",
                              result="failed", details={"method": "api_key", "why": why})
            raise InvalidClient("client authentication failed")
        assert doc is not None
        return doc

    def rotate_secret(self, client_id: str) -> tuple[ClientDoc, str]:
        """Give the client a new secret (returned this once); the old one stops working now.

        Access tokens issued before keep working until they expire (≤ 15 minutes); a client
        that must be cut off at once is disabled instead.
        """
        doc = self.get(client_id)
        if doc.disabled:
            raise FailedPrecondition("a disabled client's secret cannot be rotated",
                                     reason="CLIENT_DISABLED")
        secret = secrets.token_urlsafe(32)
        # Compare-and-set on the old digest: of two concurrent rotations one wins, and the
        # secret shown to the loser would never work, so it is told to retry.
        rotated = ClientDoc.objects(id=client_id, secret_digest=doc.secret_digest,
                                    disabled=False).update_one(
            set__secret_digest=secret_digest(secret), set__update_time=self.clock())
        if not rotated:
            raise Conflict("the client was rotated or disabled meanwhile; retry")
        self.audit.record("client_secret_rotated", object=f"clients/{client_id}",
                          details={"roles": " ".join(doc.roles)})
        doc.reload()
        return doc, secret

    def get(self, client_id: str) -> ClientDoc:
        doc = ClientDoc.objects(id=client_id).first() if client_id else None
        if doc is None:
            raise NotFound("Client", clip(client_id))
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
        return self.page_tokens.page(docs, size, lambda d: {"after": d.id}, query)

    def disable(self, client_id: str) -> ClientDoc:
        doc = self.get(client_id)
        if not doc.disabled:
            ClientDoc.objects(id=client_id).update_one(set__disabled=True,
                                                       set__update_time=self.clock())
            self.audit.record("client_disabled", object=f"clients/{client_id}")
            doc.reload()
        return doc

