"""The catalogue says which secrets and which event streams each component may have: the chart
derives every pod's Secret keys and every NATS user's permissions from it (ADR 0111), so a new
service that stores personal data gets JLP_PII_KEY by declaring it, without a chart change."""

from __future__ import annotations

import pytest

from jlp_common import registry
from jlp_common.registry import CatalogueError, parse_catalogue


def catalogue(**entries: dict) -> dict:
    base = {"a": {"port": 50061, "events": "alpha"}, "b": {"port": 50062, "events": "beta"}}
    for name, extra in entries.items():
        base[name] = {**base.get(name, {}), **extra}
    return {"components": base}


def test_secrets_and_consumes_are_read():
    _, (a, b) = parse_catalogue(catalogue(a={"secrets": ["JLP_PII_KEY"], "consumes": ["beta"]}))
    assert a.secrets == ("JLP_PII_KEY",) and a.consumes == ("beta",)
    assert b.secrets == () and b.consumes == ()


@pytest.mark.parametrize(("entry", "fragment"), [
    ({"secrets": "JLP_PII_KEY"}, "components.a.secrets must be a list"),
    ({"secrets": ["pii_key"]}, "'pii_key' is not a JLP_ variable name"),
    ({"secrets": ["JLP_PII_KEY", "JLP_PII_KEY"]}, "names one entry twice"),
    ({"secrets": ["JLP_MONGO_URI"]}, "JLP_MONGO_URI is given to every service already"),
    ({"consumes": ["gamma"]}, "consumes names 'gamma', not an event domain"),
    ({"secret": ["JLP_PII_KEY"]}, "unknown keys ['secret']"),
])
def test_wrong_entries_are_refused_naming_the_key(entry, fragment):
    with pytest.raises(CatalogueError, match=None) as failure:
        parse_catalogue(catalogue(a=entry))
    assert fragment in str(failure.value)


def test_a_component_may_consume_its_own_events():
    _, (a, _b) = parse_catalogue(catalogue(a={"consumes": ["alpha", "beta"]}))
    assert a.consumes == ("alpha", "beta")


def test_the_gateway_may_only_consume_known_domains():
    doc = catalogue()
    parse_catalogue({**doc, "gateway": {"port": 8080, "consumes": ["alpha"]}})
    with pytest.raises(CatalogueError, match="gateway.consumes names 'gamma'"):
        parse_catalogue({**doc, "gateway": {"port": 8080, "consumes": ["gamma"]}})
    with pytest.raises(CatalogueError, match="only `port` and `consumes`"):
        parse_catalogue({**doc, "gateway": {"port": 8080, "secrets": ["JLP_PII_KEY"]}})


def test_the_suite_catalogue_gives_personal_data_keys_only_where_it_is_stored():
    holders = {c.name for c in registry.components() if "JLP_PII_KEY" in c.secrets}
    assert {"identity", "investment", "social-security"} <= holders
    assert "grid-event" not in holders and "environment" not in holders
    # every consumed domain belongs to some component (checked on load)
    domains = {c.event_domain for c in registry.components()}
    assert all(set(c.consumes) <= domains for c in registry.components())
