"""The suite's components, read from the one catalogue `jlp_common/components.yaml` (ADR 0006).

The catalogue is package data, so every image has it; the Helm chart reads the same file (a
link under charts/jlp/files/) and skaffold.yaml is generated from it. Names, packages and
variables follow one convention and are derived here, never written down twice.

What a process *serves* or *routes* is configuration, not this list: the gateway routes the
components whose address is configured (`configured_backends`), and only the local launcher
asks which components are installed in its environment (`installed`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

CATALOGUE = "components.yaml"


@dataclass(frozen=True)
class Component:
    """A gRPC service of the suite."""

    name: str  # folder and short name, e.g. "grid-event"
    port: int  # DESIGN.md §3 "Ports"
    event_domain: str  # short domain of its event subjects and permissions, e.g. "grid"
    calls: tuple[str, ...] = ()  # components it calls over gRPC
    grants: Mapping[str, frozenset[str]] = field(default_factory=dict)  # role → full permissions

    @property
    def module(self) -> str:
        """Import package, e.g. `jlp_grid_event`."""
        return "jlp_" + self.name.replace("-", "_")

    @property
    def distribution(self) -> str:
        """Python distribution (and image) name, e.g. `jlp-grid-event`."""
        return "jlp-" + self.name

    @property
    def proto_package(self) -> str:
        """e.g. `jlp.grid_event.v1`."""
        return f"jlp.{self.name.replace('-', '_')}.v1"

    @property
    def env_prefix(self) -> str:
        """`JLP_GRID_EVENT` for grid-event: prefix of its address variable."""
        return "JLP_" + self.name.upper().replace("-", "_")

    @property
    def addr_variable(self) -> str:
        return f"{self.env_prefix}_ADDR"

    @property
    def stream(self) -> str:
        """Its JetStream stream, e.g. `JLP_GRID`."""
        return "JLP_" + self.event_domain.upper()

    def permission(self, short: str) -> str:
        """`grid:case.report` from `case.report`."""
        return f"{self.event_domain}:{short}"

    @property
    def installed(self) -> bool:
        """True when its runnable package (`python -m <module>`) is installed in this
        environment. Only the local launcher asks this; deployments are configured."""
        try:
            return importlib.util.find_spec(f"{self.module}.__main__") is not None
        except ModuleNotFoundError:
            return False


class CatalogueError(ValueError):
    """components.yaml is malformed; the message names the entry and key."""


def parse_catalogue(doc: Mapping[str, Any]) -> tuple[int, tuple[Component, ...]]:
    """(gateway port, components) from the parsed YAML, checked."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("components"), Mapping):
        raise CatalogueError("components.yaml needs a `components:` mapping")
    gateway_port = int((doc.get("gateway") or {}).get("port", 8080))
    out: list[Component] = []
    ports: dict[int, str] = {gateway_port: "gateway"}
    domains: dict[str, str] = {}
    for name, entry in doc["components"].items():
        where = f"components.{name}"
        if not isinstance(entry, Mapping):
            raise CatalogueError(f"{where} must be a mapping")
        unknown = set(entry) - {"port", "events", "calls", "grants"}
        if unknown:
            raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
        try:
            port, domain = int(entry["port"]), str(entry["events"])
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogueError(f"{where} needs an integer `port` and an `events` domain") from exc
        if port in ports:
            raise CatalogueError(f"{where}.port {port} is already {ports[port]}'s")
        if domain in domains:
            raise CatalogueError(f"{where}.events {domain!r} is already {domains[domain]}'s")
        ports[port], domains[domain] = name, name
        grants = {role: frozenset(f"{domain}:{p}" for p in perms or ())
                  for role, perms in (entry.get("grants") or {}).items()}
        out.append(Component(name, port, domain, tuple(entry.get("calls") or ()), grants))
    names = {c.name for c in out}
    for c in out:
        for callee in c.calls:
            if callee not in names:
                raise CatalogueError(f"components.{c.name}.calls names {callee!r}, not a component")
    return gateway_port, tuple(out)


@cache
def _load() -> tuple[int, tuple[Component, ...]]:
    text = resources.files("jlp_common").joinpath(CATALOGUE).read_text(encoding="utf-8")
    return parse_catalogue(yaml.safe_load(text))


def components() -> tuple[Component, ...]:
    """Every component of the catalogue, in its order."""
    return _load()[1]


def gateway_port() -> int:
    return _load()[0]


def component(name: str) -> Component:
    """The component called `name`; KeyError names the known ones."""
    for c in components():
        if c.name == name:
            return c
    raise KeyError(f"unknown component {name!r}; known: {[c.name for c in components()]}")


def by_event_domain(domain: str) -> Component:
    for c in components():
        if c.event_domain == domain:
            return c
    raise KeyError(f"no component publishes the event domain {domain!r}")


def installed() -> list[Component]:
    """Components whose code is installed in this environment (the local launcher's view)."""
    return [c for c in components() if c.installed]


def role_grants() -> dict[str, frozenset[str]]:
    """role → every permission granted to it by any component (identity's table)."""
    out: dict[str, set[str]] = {}
    for c in components():
        for role, perms in c.grants.items():
            out.setdefault(role, set()).update(perms)
    return {role: frozenset(perms) for role, perms in out.items()}


def configured(env: Mapping[str, str]) -> list[Component]:
    """Components whose address is configured (`JLP_<NAME>_ADDR` set and non-empty)."""
    return [c for c in components() if env.get(c.addr_variable, "").strip()]
