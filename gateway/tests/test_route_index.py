"""The router's prefix index (issue 16) only narrows the routes tried: on the suite's whole
route table it answers every path exactly as trying every template in order would."""

from __future__ import annotations

import pytest

from jlp_common import registry
from jlp_gateway.backends import Backend, pb2_modules_of
from jlp_gateway.routing import MethodNotAllowed, NoRoute, Route, Router, build_router


def brute_force(router: Router, http_method: str, raw_path: str) -> tuple[Route, dict] | str:
    """Router.match as it was before the index: every route's template tried, in order."""
    hits = brute_force_candidates(router, raw_path)
    if not hits:
        return "404"
    wanted = "GET" if http_method == "HEAD" else http_method
    same = [(r, b) for r, b in hits if r.http_method == wanted]
    if not same:
        return "405 " + ",".join(sorted({r.http_method for r, _ in hits}))
    same.sort(key=lambda rb: (rb[0].template.has_double_wildcard, -rb[0].template.literal_count))
    return same[0]


def indexed(router: Router, http_method: str, raw_path: str) -> tuple[Route, dict] | str:
    try:
        return router.match(http_method, raw_path)
    except NoRoute:
        return "404"
    except MethodNotAllowed as exc:
        return "405 " + ",".join(exc.allowed)


@pytest.fixture(scope="module")
def suite_router() -> Router:
    backends = [Backend(c.name, "unused:1", pb2_modules_of(c.proto_package))
                for c in registry.components() if pb2_modules_of(c.proto_package)]
    router = build_router(backends)
    assert len(router.routes) > 100  # the whole suite, where the index matters
    return router


def sample_paths(router: Router) -> list[str]:
    """Each template filled in, plus near misses: other verbs, missing and extra segments,
    percent-encoded literals and ids, a trailing slash."""
    paths = []
    for position, route in enumerate(router.routes):
        values = {v.field_path: "/".join("x%2Fy" if s.kind == "*" else s.text or "a"
                                         for s in route.template.segments[v.start:v.end])
                  for v in route.template.variables}
        path = route.template.expand(values) or route.template.source
        base = path.split(":", 1)[0] if route.template.verb else path
        paths.append(path)
        if position % 4 == 0:  # near misses for a quarter of the routes (the test stays fast)
            paths += [base, base + ":undefinedVerb", path + "/extra", path.rsplit("/", 1)[0],
                      path + "/", path.replace("/api/", "/%61pi/", 1), path.replace("v1", "v2", 1)]
    return paths + ["/", "", "api", "/api", "/api/v1", "//api/v1", "/api/v1/%"]


def brute_force_candidates(router: Router, raw_path: str) -> list[tuple[Route, dict]]:
    verb, plain = [], []
    for route in router.routes:
        bound = route.template.match(raw_path)
        if bound is not None:
            (verb if route.template.verb else plain).append((route, bound))
    return verb or plain


def test_the_index_changes_no_answer_on_the_suites_routes(suite_router: Router) -> None:
    """The routes found (and their order, which breaks ties) are those of trying every one."""
    for path in sample_paths(suite_router):
        assert suite_router.candidates(path) == brute_force_candidates(suite_router, path), path
    for path in sample_paths(suite_router):  # every path: match tries fewer templates (below)
        for method in ("GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"):
            assert indexed(suite_router, method, path) == brute_force(suite_router, method, path), \
                (method, path)


def test_a_request_tries_only_the_routes_of_its_prefix(suite_router: Router,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str] = []
    for route in suite_router.routes:
        original = route.template.match
        monkeypatch.setattr(route, "template", _Counting(route.template, original, tried))
    get = next(r for r in suite_router.routes if r.http_method == "GET" and r.template.variables)
    path = get.template.expand({v.field_path: "id-1" for v in get.template.variables})
    assert path is not None
    assert suite_router.match("GET", path)[0] is get
    assert 0 < len(tried) < len(suite_router.routes) / 4


def test_a_request_tries_only_the_templates_of_its_method(suite_router: Router,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain templates of other methods are tried only when those of the request's method found
    nothing (to answer 405 rather than 404); verb templates always (a verb route wins)."""
    tried: list[str] = []
    for route in suite_router.routes:
        original = route.template.match
        monkeypatch.setattr(route, "template", _Counting(route.template, original, tried))
    get = next(r for r in suite_router.routes if r.http_method == "GET" and r.template.variables
               and not r.template.verb
               and any(o.http_method != "GET" and o.template.source == r.template.source
                       for o in suite_router.routes))
    path = get.template.expand({v.field_path: "id-1" for v in get.template.variables})
    assert path is not None
    assert suite_router.match("GET", path)[0] is get
    by_source = {}
    for route in suite_router.routes:
        by_source.setdefault(route.template.source, set()).add(route.http_method)
    assert tried and all("GET" in by_source[source] or ":" in source.rsplit("/", 1)[-1]
                         for source in tried), tried
    tried.clear()
    with pytest.raises(MethodNotAllowed) as refused:  # other methods tried: 405, not 404
        suite_router.match("PUT", path)
    assert "GET" in refused.value.allowed and tried


class _Counting:
    """A template whose matches are recorded (attribute access passes through)."""

    def __init__(self, template, original, tried) -> None:  # noqa: ANN001
        self._template, self._original, self._tried = template, original, tried

    def match(self, raw_path: str):  # noqa: ANN201
        self._tried.append(self._template.source)
        return self._original(raw_path)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._template, name)
