"""The gRPC backends the gateway serves: which proto modules, at which address, how to call.

A backend is one component (identity, grid-event, ...): its generated `*_pb2` modules (all of
package `jlp.<svc>.v1`, found at start-up) and its address from `Settings.addr(name)`. Tests
add extra backends as (pb2 module, address) pairs. Calls go through the shared channel of
`jlp_common.grpc_client` (keepalive, retries of idempotent methods, OpenTelemetry) with a
generic `unary_unary` built from the method descriptor, so no generated stub is needed.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

from jlp_common import grpc_client, registry
from jlp_common.config import Settings
from jlp_common.registry import Component

log = logging.getLogger(__name__)


@dataclass
class Backend:
    """One gRPC component behind the gateway."""

    name: str  # component name ("grid-event") or, for extras, the proto package's short name
    target: str  # host:port
    modules: list[ModuleType] = field(default_factory=list)

    @property
    def services(self) -> list[ServiceDescriptor]:
        out: list[ServiceDescriptor] = []
        for module in self.modules:
            out.extend(module.DESCRIPTOR.services_by_name.values())
        return out

    def channel(self) -> grpc.Channel:
        """The shared client channel (cached per target and module set by jlp_common)."""
        return grpc_client.channel(self.target, self.modules)

    def unary(self, method: MethodDescriptor) -> Callable[..., Any]:
        """A callable `(request, timeout=, metadata=)` for a unary method, from descriptors."""
        request_cls = message_factory.GetMessageClass(method.input_type)
        response_cls = message_factory.GetMessageClass(method.output_type)
        return self.channel().unary_unary(
            f"/{method.containing_service.full_name}/{method.name}",
            request_serializer=request_cls.SerializeToString,
            response_deserializer=response_cls.FromString,
        )


def pb2_modules_of(package: str) -> list[ModuleType]:
    """Every generated `*_pb2` module of a Python package such as `jlp.identity.v1`.

    Empty when the package has not been generated yet (a service still without a proto).
    """
    try:
        pkg = importlib.import_module(package)
    except ImportError:
        return []
    names = sorted(info.name for info in pkgutil.iter_modules(getattr(pkg, "__path__", []))
                   if info.name.endswith("_pb2"))
    return [importlib.import_module(f"{package}.{name}") for name in names]


class BackendConfigError(ValueError):
    """A configured backend cannot be served (unknown name, no generated stubs); stops start-up."""


def configured_components(settings: Settings) -> list[Component]:
    """The components this gateway routes: every one whose address `JLP_<NAME>_ADDR` is set,
    plus those named in `JLP_GATEWAY_BACKENDS` (comma-separated; default local addresses).

    Configuration, not installed code, decides: the gateway image carries only the stubs
    (jlp-protos), never the services' packages.
    """
    named = [n.strip() for n in settings.get("JLP_GATEWAY_BACKENDS").split(",") if n.strip()]
    known = {c.name for c in registry.components()}
    unknown = [n for n in named if n not in known]
    if unknown:
        raise BackendConfigError(f"JLP_GATEWAY_BACKENDS names {', '.join(unknown)}: not components "
                                 f"(known: {', '.join(sorted(known))})")
    chosen = {c.name for c in registry.configured(settings.env)} | set(named)
    return [c for c in registry.components() if c.name in chosen]


def configured_backends(settings: Settings,
                        components: Iterable[Component] | None = None) -> list[Backend]:
    """Backends of the configured components, with their stubs, at `Settings.addr(name)`."""
    out = []
    for comp in configured_components(settings) if components is None else components:
        modules = pb2_modules_of(comp.proto_package)
        if not modules:
            raise BackendConfigError(
                f"{comp.addr_variable} is set but this gateway has no stubs of {comp.proto_package} "
                "(jlp-protos older than the component?)")
        out.append(Backend(comp.name, settings.addr(comp.name), modules))
    return out


def extra_backends(pairs: Sequence[tuple[ModuleType, str]]) -> list[Backend]:
    """Backends from (pb2 module, address) pairs; modules of one package share a backend."""
    by_key: dict[tuple[str, str], Backend] = {}
    for module, target in pairs:
        package = module.DESCRIPTOR.package
        parts = [p for p in package.split(".") if not _is_version(p)]
        name = (parts[-1] if parts else package).replace("_", "-")
        backend = by_key.setdefault((package, target), Backend(name, target))
        if module not in backend.modules:
            backend.modules.append(module)
    return list(by_key.values())


def _is_version(part: str) -> bool:
    return len(part) > 1 and part[0] == "v" and part[1].isdigit()
