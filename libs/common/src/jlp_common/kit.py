"""The service kit: the one way every service is assembled and started.

A service's `__main__.py` is the same three lines everywhere:

    from jlp_common.kit import serve
    from jlp_<service> import app, config

    def main() -> int:
        return serve("<service>", app.build, config.VARIABLES)

`app.build(settings, *, bus)` assembles the service and returns a `ServiceApp` (its `grpc`
server plus whatever parts its tests drive); inside it, each generated gRPC service is added
in one call, `grpc.add_service(<svc>_pb2, Servicer(...), policy=policy.POLICY)`, which
registers the servicer, expands and checks its method policy (deny by default: a method
without a policy fails start-up), and lists it for health and reflection. Periodic work
(sweeps, scans, audit checkpoints) is hooked to the server's lifecycle in one call too,
`run_periodically(app, "<lease>", parts.sweep, every_s, clock=clock)`.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

from jlp_common.config import ConfigError, Settings, Var
from jlp_common.periodic import Periodic
from jlp_common.timeutil import Clock, utc_now

log = logging.getLogger(__name__)

PolicyTables = Mapping[str, Mapping[str, str]]  # gRPC service short name → method → permission


def service_of(pb2_module: ModuleType, servicer: Any) -> str:
    """The short name of the generated service `servicer` implements (`CaseService` for a
    subclass of `CaseServiceServicer`), checked against the module's services."""
    names = set(pb2_module.DESCRIPTOR.services_by_name)
    for cls in type(servicer).__mro__:
        if cls.__name__.endswith("Servicer") and cls.__name__[: -len("Servicer")] in names:
            return cls.__name__[: -len("Servicer")]
    raise TypeError(f"{type(servicer).__name__} implements none of {sorted(names)} of "
                    f"{pb2_module.__name__}")


def grpc_module_of(pb2_module: ModuleType) -> ModuleType:
    """The generated `*_pb2_grpc` module beside a `*_pb2` module."""
    return importlib.import_module(pb2_module.__name__ + "_grpc")


def expand_policy(pb2_module: ModuleType, service: str, table: Mapping[str, str]) -> dict[str, str]:
    """{"GetUser": "identity:user.read"} → {"/jlp.identity.v1.IdentityService/GetUser": ...}.

    Every method needs an entry and every entry a method: failing loudly keeps deny-by-default
    honest, a new RPC without a policy is found by the service's own tests, not in production.
    """
    desc = pb2_module.DESCRIPTOR.services_by_name[service]
    names = {m.name for m in desc.methods}
    unknown, missing = set(table) - names, names - set(table)
    if unknown or missing:
        raise ValueError(f"{service} policy: unknown methods {sorted(unknown)}, "
                         f"methods without policy {sorted(missing)}")
    return {f"/{desc.full_name}/{m}": need for m, need in table.items()}


@dataclass
class ServiceApp:
    """A built service: its gRPC server; subclasses add the parts their tests drive."""

    grpc: Any  # jlp_common.grpc_server.GrpcApp (not imported here: no cycle)

    @property
    def port(self) -> int | None:
        return self.grpc.port

    def start(self) -> int:
        return self.grpc.start()

    def stop(self, grace_s: float | None = None) -> None:
        self.grpc.stop(grace_s)

    def run(self) -> int:
        return self.grpc.run()


class Lifecycle(Protocol):
    """What `run_periodically` needs of a server: start and stop hooks (GrpcApp has them)."""

    def on_start(self, fn: Callable[[], None]) -> None: ...

    def on_stop(self, fn: Callable[[], None]) -> None: ...


def run_periodically(app: Lifecycle, name: str, job: Callable[[], Any], every_s: float, *,
                     clock: Clock = utc_now, wait_s: Callable[[], float] | None = None,
                     lease_s: float | None = None) -> Periodic | None:
    """Run `job` every `every_s` seconds on one replica at a time (the lease `name`), from the
    server's start to its stop; `every_s <= 0` disables the job (returns None, hooks nothing).

    Hooks run in the order they were registered and stop hooks in reverse: call this after
    the service's own start hook (indexes, seeding, demo data: the first run finds them) and
    before `attach_events`, as every service does. The first run is one interval after start;
    a run's outbox events wait for the relay like any other write. `clock`, `wait_s` and
    `lease_s` are Periodic's; the worker is returned so tests can call `run_once()` instead of
    waiting on the timer.
    """
    if every_s <= 0:
        log.info("periodic job disabled", extra={"job": name, "every_s": every_s})
        return None
    worker = Periodic(name, job, every_s, clock=clock, wait_s=wait_s, lease_s=lease_s)
    app.on_start(worker.start)
    app.on_stop(worker.stop)
    return worker


Build = Callable[..., ServiceApp]


def serve(component: str, build: Build, variables: Iterable[Var], *,
          env: Mapping[str, str] | None = None) -> int:
    """Process entry point: strict settings, the event bus, build, run until SIGTERM.

    A configuration problem (unknown or malformed `JLP_` variable, bad key...) is printed with
    the variable's name and the process exits 2 before binding anything.
    """
    try:
        settings = Settings.from_env(component, env, declared=tuple(variables))
        from jlp_common.events import EventBus

        service = build(settings, bus=EventBus(settings))
    except (ConfigError, ValueError) as exc:
        logging.getLogger(component).error("configuration error: %s", exc)
        print(f"{component}: configuration error: {exc}", file=sys.stderr)
        return 2
    return service.run()
