"""Events reach a real NATS JetStream through the outbox: user.registered, user.roles_changed
and jlp.identity.audit.<action>, as CloudEvents carrying identity's event messages."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from jlp.identity.v1 import events_pb2, identity_pb2
from jlp_common import subjects
from jlp_common.config import Settings
from jlp_common.events import Event, EventBus
from jlp_identity.models import AuditRecordDoc, UserDoc

from .conftest import CITIZEN_PHONE, FakeClock, Identity, identity_env, start_identity


class Collector:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.cond = threading.Condition()

    def __call__(self, event: Event) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, predicate, what: str, timeout_s: float = 20.0) -> list[Event]:  # noqa: ANN001
        """The events matching `predicate`, at least one; fails naming `what` on timeout."""
        with self.cond:
            if not self.cond.wait_for(lambda: any(predicate(e) for e in self.events), timeout_s):
                seen = [e.nats_subject for e in self.events]
                raise AssertionError(f"no {what} event within {timeout_s} s; got {seen}")
            return [e for e in self.events if predicate(e)]


@pytest.fixture
def identity_with_events(nats_server) -> Iterator[Identity]:  # noqa: ANN001
    env = identity_env(JLP_NATS_URL=nats_server.url)
    identity = start_identity(FakeClock(), env, bus=EventBus(Settings.from_env("identity", env)))
    yield identity
    identity.channel.close()
    identity.app.stop(0)


def test_events_are_published_from_the_outbox(identity_with_events: Identity,
                                              nats_server) -> None:  # noqa: ANN001
    identity = identity_with_events
    listener = EventBus(Settings.from_env("identity-test", {"JLP_NATS_URL": nats_server.url}))
    listener.start()
    users, audit = Collector(), Collector()
    try:
        listener.subscribe("JLP_IDENTITY", "identity-test-users", "jlp.identity.user.>", users)
        listener.subscribe("JLP_IDENTITY", "identity-test-audit", "jlp.identity.audit.>", audit)
        admin = identity.admin_token()
        citizen = identity.register_citizen()
        staff = identity.create_staff(admin, "13700000001", ["grid_worker"])
        identity.call("UpdateUserRoles", identity_pb2.UpdateUserRolesRequest(
            id=staff.id, roles=["dept_staff"]), admin)

        registered = users.wait_for(lambda e: e.type.endswith("user.registered")
                                    and e.subject == f"users/{citizen.id}", "user.registered")
        payload = registered[0].parse(events_pb2.UserRegistered)
        assert payload.user_id == citizen.id and payload.kind == "CITIZEN"
        assert registered[0].source == "/jlp/identity"
        assert CITIZEN_PHONE not in str(registered[0].data)
        changed = users.wait_for(lambda e: e.type.endswith("user.roles_changed"),
                                 "user.roles_changed")
        change = changed[0].parse(events_pb2.UserRolesChanged)
        assert (change.user_id, list(change.old_roles), list(change.new_roles)) == \
            (staff.id, ["grid_worker"], ["dept_staff"])

        logins = audit.wait_for(lambda e: e.nats_subject == subjects.identity_audit("login"),
                                "audit.login")
        record = logins[0].parse(events_pb2.AuditRecorded)
        assert record.action == "login" and record.hash and record.seq >= 1
        (role_change,) = audit.wait_for(
            lambda e: e.nats_subject == subjects.identity_audit("roles_changed"), "audit.roles_changed")
        audited = role_change.parse(events_pb2.AuditRecorded)
        assert (audited.action, audited.object, dict(audited.details)) == \
            ("roles_changed", f"users/{staff.id}", {"old": "grid_worker", "new": "dept_staff"})
        # chained after the admin's sign-in, which came first
        first_login = min((e.parse(events_pb2.AuditRecorded) for e in logins), key=lambda r: r.seq)
        assert audited.seq > first_login.seq and audited.prev_hash and audited.hash != first_login.hash
        # Relayed events leave the outboxes; the audit records themselves stay, unchanged.
        identity.app.relay.relay_once()
        assert not UserDoc.objects(outbox__0__exists=True).count()
        assert identity.app.parts.audit.verify().ok
        assert AuditRecordDoc.objects.count() >= len(logins)
    finally:
        listener.stop()
