"""The demo network: shaped by the district's figures, idempotent, clean simulated history."""

from __future__ import annotations

from collections import Counter

from jlp_common import db
from jlp_common.config import Settings
from jlp_environment.app import build_environment
from jlp_environment.demo import load_demo
from jlp_environment.domain.credit_code import credit_code_problem
from jlp_environment.models import ALL_DOCUMENTS, Alert, Station

from .conftest import Clock, FakeGrid


def test_demo_network_is_idempotent_and_quiet(clock: Clock) -> None:
    db.connect("environment", "")
    db.ensure_indexes(*ALL_DOCUMENTS)
    env = build_environment(Settings.from_env("environment", {}), locator=FakeGrid(),
                            clock=clock)
    env.rules.ensure_defaults()
    first = load_demo(env, history_hours=6)
    kinds = Counter(s.kind for s in Station.objects())
    assert kinds["AIR"] == 3 and kinds["NOISE"] == 15 and kinds["RESERVOIR"] == 12
    sources = list(Station.objects(kind="POLLUTION_SOURCE"))
    assert len(sources) == 124 and sum(s.online for s in sources) == 44
    assert all(credit_code_problem(s.credit_code) == "" for s in sources)
    assert all(s.grid_status == "RESOLVED" for s in Station.objects())
    assert first["stations_created"] == sum(kinds.values()) and first["readings"] > 0
    again = load_demo(env, history_hours=6)
    assert again == {"stations_created": 0, "readings": 0, "duplicates": first["readings"]}
    assert Alert.objects.count() == 0  # the simulated history is clean
    ranking = env.queries.ranking(0, "")
    assert len(ranking.entries) == 3 and all(e.aqi.HasField("aqi") for e in ranking.entries)
