"""REST routes built from the `google.api.http` annotations of the served gRPC methods.

Every unary method with an HttpRule gives one route, plus one per `additional_bindings` entry.
Matching follows grpc-gateway: when the last segment ends in `:verb` and some route with that
verb matches the path, only verb routes are candidates (so `GET notes/1:sleep` is a 405, not a
Get of a note called `1:sleep`); otherwise routes without a verb are tried on the whole path.
Among the candidates of the request's HTTP method the most specific wins (more literal
segments, no `**`); when the path matches but no candidate accepts the method, the answer is
405 with the methods that would have worked.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from google.api import annotations_pb2, http_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor

from jlp_gateway.backends import Backend
from jlp_gateway.pathtemplate import PathTemplate

log = logging.getLogger(__name__)

HTTP_METHODS = ("get", "put", "post", "delete", "patch")


class RouteConfigError(ValueError):
    """An annotation the gateway cannot serve (bad template, unknown field); fails start-up."""


@dataclass
class Route:
    """One HTTP binding of one gRPC method."""

    backend: Backend
    method: MethodDescriptor
    http_method: str  # upper case
    template: PathTemplate
    body: str  # "" (no body), "*" or a top-level field name
    response_body: str  # "" (whole response) or a top-level field name
    binding: int = 0  # 0 for the main rule, 1.. for additional_bindings
    _call: Any = field(default=None, repr=False)

    @functools.cached_property
    def full_method(self) -> str:
        return f"/{self.method.containing_service.full_name}/{self.method.name}"

    @property
    def operation_id(self) -> str:
        base = f"{self.method.containing_service.name}_{self.method.name}"
        return base if self.binding == 0 else f"{base}_{self.binding}"

    @functools.cached_property
    def is_create(self) -> bool:
        """AIP-133 standard Create: answered with 201 Created."""
        return self.method.name.startswith("Create") and self.http_method == "POST"

    @functools.cached_property
    def path_fields(self) -> list[str]:
        return [v.field_path for v in self.template.variables]

    @functools.cached_property
    def label(self) -> str:
        """`<METHOD> <template>`: the route in logs (never the raw path)."""
        return f"{self.http_method} {self.template.source}"

    @functools.cached_property
    def specificity(self) -> tuple[bool, int]:
        """Ties between matching templates: no `**` first, then more literal segments."""
        return self.template.has_double_wildcard, -self.template.literal_count

    def call(self) -> Any:
        """The generic unary callable, made on first use (channels are lazy anyway)."""
        if self._call is None:
            self._call = self.backend.unary(self.method)
        return self._call


class NoRoute(LookupError):
    """No template matches the path (404)."""


class MethodNotAllowed(LookupError):
    """The path matches, the method does not (405); `allowed` goes into the Allow header."""

    def __init__(self, allowed: list[str]) -> None:
        super().__init__(", ".join(allowed))
        self.allowed = allowed


class Router:
    """Finds the route and path variables of a request."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = list(routes)
        self._index = _PrefixIndex(self.routes)

    def candidates(self, raw_path: str) -> list[tuple[Route, dict[str, str]]]:
        """Routes whose template matches the path, verb routes first (see module doc)."""
        verb_hits, plain_hits = [], []
        for position in self._index.candidates(raw_path):
            route = self.routes[position]
            bound = route.template.match(raw_path)
            if bound is None:
                continue
            (verb_hits if route.template.verb else plain_hits).append((route, bound))
        return verb_hits or plain_hits

    def match(self, http_method: str, raw_path: str) -> tuple[Route, dict[str, str]]:
        """The route for a request, by the rules of `candidates` (verb routes first), then the
        request's method (405 when only other methods match), then the most specific template.

        Only the templates that can decide the answer are tried: verb templates (cheap to rule
        out by their suffix), then the plain templates of the request's method, and the plain
        templates of other methods only when those found nothing (to tell 404 from 405) —
        trying every candidate cost several template matches per request (issue 16)."""
        wanted = "GET" if http_method == "HEAD" else http_method
        routes = [self.routes[p] for p in self._index.candidates(raw_path)]
        hits = _matching([r for r in routes if r.template.verb], raw_path)
        if not hits:
            same = _matching([r for r in routes if not r.template.verb
                              and r.http_method == wanted], raw_path)
            if same:
                return _most_specific(same)
            hits = _matching([r for r in routes if not r.template.verb
                              and r.http_method != wanted], raw_path)
        if not hits:
            raise NoRoute(raw_path)
        same = [(r, b) for r, b in hits if r.http_method == wanted]
        if not same:
            raise MethodNotAllowed(sorted({r.http_method for r, _ in hits}))
        return _most_specific(same)

    def allowed(self, raw_path: str) -> list[str]:
        return sorted({r.http_method for r, _ in self.candidates(raw_path)})


def _matching(routes: list[Route], raw_path: str) -> list[tuple[Route, dict[str, str]]]:
    """(route, path variables) of the routes whose template matches the path, in order."""
    out = []
    for route in routes:
        bound = route.template.match(raw_path)
        if bound is not None:
            out.append((route, bound))
    return out


def _most_specific(hits: list[tuple[Route, dict[str, str]]]) -> tuple[Route, dict[str, str]]:
    """No `**` before `**`, then more literal segments first; ties keep declaration order."""
    return min(hits, key=lambda rb: rb[0].specificity)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    routes: list[int] = field(default_factory=list)  # positions in Router.routes


class _PrefixIndex:
    """Routes by their leading literal segments (a trie), so a request is matched only against
    the routes whose literal prefix its path has, not against every route: with the suite's
    ~190 routes, trying each template cost milliseconds per request (issue 16).

    A superset, never a filter that could change the answer: a template matches only a path
    whose parts, percent-decoded, equal its leading literals; the last part is also tried
    without a `:verb` suffix, which `PathTemplate.match` strips before splitting. The
    candidates keep the routes' declaration order, so ties resolve as before.
    """

    def __init__(self, routes: list[Route]) -> None:
        self.root = _Node()
        for position, route in enumerate(routes):
            node = self.root
            for segment in route.template.segments:
                if segment.kind != "literal":
                    break
                node = node.children.setdefault(segment.text, _Node())
            node.routes.append(position)

    def candidates(self, raw_path: str) -> list[int]:
        if not raw_path.startswith("/"):
            return []
        parts = raw_path[1:].split("/")
        last = len(parts) - 1
        found = list(self.root.routes)
        nodes = [self.root]
        for index, part in enumerate(parts):
            keys = {unquote(part)} if "%" in part else {part}
            if index == last and ":" in part:
                keys.add(unquote(part.rsplit(":", 1)[0]))
            reached = [child for node in nodes for key in keys
                       if (child := node.children.get(key)) is not None]
            if not reached:
                break
            for child in reached:
                found.extend(child.routes)
            nodes = reached
        return sorted(set(found))


def http_rule(method: MethodDescriptor) -> http_pb2.HttpRule | None:
    opts = method.GetOptions()
    if not opts.HasExtension(annotations_pb2.http):
        return None
    return opts.Extensions[annotations_pb2.http]


def _verb_and_path(rule: http_pb2.HttpRule) -> tuple[str, str]:
    kind = rule.WhichOneof("pattern")
    if kind is None:
        raise RouteConfigError("HttpRule without a pattern")
    if kind == "custom":
        return rule.custom.kind.upper(), rule.custom.path
    return kind.upper(), getattr(rule, kind)


def resolve_field(message: Descriptor, path: str) -> FieldDescriptor:
    """The field at a dotted proto path (`note.name`); every hop but the last is a message."""
    desc: Descriptor | None = message
    found: FieldDescriptor | None = None
    for part in path.split("."):
        if desc is None:
            raise RouteConfigError(f"{path!r}: {found.name if found else ''} is not a message")
        found = desc.fields_by_name.get(part)
        if found is None:
            raise RouteConfigError(f"{path!r}: {desc.full_name} has no field {part!r}")
        if found.is_repeated and part != path.split(".")[-1]:
            raise RouteConfigError(f"{path!r}: repeated field {part!r} cannot be traversed")
        desc = found.message_type
    assert found is not None
    return found


def routes_for(backend: Backend) -> list[Route]:
    """Every HTTP route of a backend's annotated unary methods, validated against descriptors."""
    out: list[Route] = []
    for service in backend.services:
        for method in service.methods:
            rule = http_rule(method)
            if rule is None:
                continue
            if method.client_streaming or method.server_streaming:
                log.warning("streaming method not exposed over HTTP",
                            extra={"method": method.full_name})
                continue
            rules = [rule, *rule.additional_bindings]
            for index, r in enumerate(rules):
                out.append(_route(backend, method, r, index))
    return out


def _route(backend: Backend, method: MethodDescriptor, rule: http_pb2.HttpRule,
           index: int) -> Route:
    verb, path = _verb_and_path(rule)
    where = f"{method.full_name} binding {index}"
    try:
        template = PathTemplate.parse(path)
        for var in template.variables:
            fd = resolve_field(method.input_type, var.field_path)
            if fd.is_repeated or fd.message_type is not None:
                raise RouteConfigError(f"path variable {var.field_path!r} must be a scalar")
        if rule.body not in ("", "*"):
            if "." in rule.body:
                raise RouteConfigError(f"body {rule.body!r} must be a top-level field")
            resolve_field(method.input_type, rule.body)
        if rule.response_body:
            resolve_field(method.output_type, rule.response_body)
    except (ValueError, RouteConfigError) as exc:
        raise RouteConfigError(f"{where}: {exc}") from exc
    if verb in ("GET", "DELETE") and rule.body:
        raise RouteConfigError(f"{where}: {verb} cannot carry a body")
    return Route(backend, method, verb, template, rule.body, rule.response_body, index)


def build_router(backends: Iterable[Backend]) -> Router:
    """All routes of all backends; two methods claiming the same method + path fail start-up."""
    routes: list[Route] = []
    for backend in backends:
        routes.extend(routes_for(backend))
    seen: dict[tuple[str, str], str] = {}
    for route in routes:
        key = (route.http_method, _shape(route.template))
        if key in seen:
            raise RouteConfigError(f"{route.http_method} {route.template.source} of "
                                   f"{route.method.full_name} collides with {seen[key]}")
        seen[key] = route.method.full_name
    return Router(routes)


def _shape(template: PathTemplate) -> str:
    parts = [s.text if s.kind == "literal" else s.kind for s in template.segments]
    return "/" + "/".join(parts) + (":" + template.verb if template.verb else "")
