"""The one list of deployable components: name, gRPC package, default port.

Adding a service means one entry here (plus its proto and a chart values entry); the gateway,
the launcher and the e2e harness read this list instead of repeating it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """A gRPC service of the suite."""

    name: str  # folder and short name, e.g. "grid-event"
    module: str  # import package, e.g. "jlp_grid_event"
    proto_package: str  # e.g. "jlp.grid_event.v1"
    port: int  # DESIGN.md §3 "Ports"
    event_domain: str  # short domain of its event subjects, e.g. "grid"

    @property
    def env_prefix(self) -> str:
        """`JLP_GRID_EVENT` for grid-event: prefix of its address variable."""
        return "JLP_" + self.name.upper().replace("-", "_")

    @property
    def installed(self) -> bool:
        """True when the service's runnable package (`python -m <module>`) is installed here."""
        try:
            return importlib.util.find_spec(f"{self.module}.__main__") is not None
        except ModuleNotFoundError:
            return False


COMPONENTS: tuple[Component, ...] = (
    Component("identity", "jlp_identity", "jlp.identity.v1", 50051, "identity"),
    Component("grid-event", "jlp_grid_event", "jlp.grid_event.v1", 50052, "grid"),
    Component("video-index", "jlp_video_index", "jlp.video_index.v1", 50053, "video"),
    Component("environment", "jlp_environment", "jlp.environment.v1", 50054, "environment"),
    Component("investment", "jlp_investment", "jlp.investment.v1", 50055, "investment"),
    Component("tourism", "jlp_tourism", "jlp.tourism.v1", 50056, "tourism"),
    Component("social-security", "jlp_social_security", "jlp.social_security.v1", 50057, "social"),
)

GATEWAY_PORT = 8080


def component(name: str) -> Component:
    """The component called `name`; KeyError names the known ones."""
    for c in COMPONENTS:
        if c.name == name:
            return c
    raise KeyError(f"unknown component {name!r}; known: {[c.name for c in COMPONENTS]}")


def available() -> list[Component]:
    """Components whose code exists in this checkout and environment."""
    return [c for c in COMPONENTS if c.installed]
