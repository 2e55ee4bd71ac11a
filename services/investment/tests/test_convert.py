"""Protobuf ↔ domain translation of the storage-independent shapes, as the JSON a client sees."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from google.protobuf import json_format

from jlp.investment.v1 import investment_pb2 as pb
from jlp_common.errors import InvalidArgument
from jlp_investment import convert
from jlp_investment.domain import funnel, industry, stages
from jlp_investment.domain.matching import MatchResult
from jlp_investment.domain.parks import BY_ID

T = datetime(2026, 3, 1, 4, tzinfo=UTC)


def test_default_config_round_trips() -> None:
    message = convert.config_to_pb(stages.DEFAULT_CONFIG, note="default")
    again = convert.stages_from_pb(list(message.stages))
    assert again == stages.DEFAULT_CONFIG.stages
    data = json_format.MessageToDict(message)
    assert data["stages"][2] == {"code": "SIGNED", "name": "签约", "kind": "WON", "order": 3,
                                 "defaultProbability": 0.6, "daysToStale": 60,
                                 "requiredFields": ["signed_date", "signed_amount_wan"]}


def test_stage_kind_and_probability_are_checked_by_index() -> None:
    with pytest.raises(InvalidArgument) as err:
        convert.stages_from_pb([pb.Stage(code="A", name="a", kind=9), pb.Stage(code="B", name="b", kind=1,
                                                                                default_probability=1.5)])
    assert [v.field for v in err.value.violations] == ["stage_config.stages[0].kind",
                                                      "stage_config.stages[1].default_probability"]


def test_history_entry_carries_exact_amounts() -> None:
    change = stages.StageChange("NEGOTIATION", "SIGNED", T, "officer-li", "", "advance", Decimal("0.6"), 1,
                                stages.Snapshot(Decimal("15000"), Decimal("12000.5"), None,
                                                datetime(2026, 2, 28).date()))
    data = json_format.MessageToDict(convert.change_to_pb(change))
    assert data == {"fromStage": "NEGOTIATION", "toStage": "SIGNED", "time": "2026-03-01T04:00:00Z",
                    "actor": "officer-li", "action": "advance", "probability": 0.6, "configVersion": 1,
                    "amountWan": "15000", "signedAmountWan": "12000.5", "signedDate": "2026-02-28"}


def test_reference_data() -> None:
    park = convert.park_to_pb(BY_ID["xipeng"])
    assert (park.name, list(park.focus_chains)) == ("九龙工业园区西彭组团", ["NON_FERROUS"])
    assert park.managed_by == "九龙坡区"
    chain = convert.chain_to_pb(industry.BY_CODE["NON_FERROUS"])
    assert [lk.code for lk in chain.links][:2] == ["PRIMARY_ALUMINIUM", "RECYCLED_ALUMINIUM"]


def test_funnel_keeps_absent_rates_absent() -> None:
    report = funnel.Funnel(T, T, (funnel.Conversion("2026Q1", "A", "B", 0, 0, None),),
                           (funnel.Duration("A", None, 0),), (),
                           (funnel.Bucket("quarter", "2026Q1", Decimal("1.5"), 1),),
                           (), (funnel.MonthPoint("2026-03", Decimal("0.1234"), 1),), 1)
    message = convert.funnel_to_pb(report)
    assert not message.conversions[0].HasField("rate") and not message.stage_durations[0].HasField("median_days")
    assert message.signed[0].amount_wan == "1.5" and message.weighted_pipeline[0].weighted_amount_wan == "0.1234"
    assert convert.match_result_to_pb("p1", MatchResult((), ())).project_id == "p1"


def test_event_payloads() -> None:
    change = stages.StageChange("LEAD", "LOST", T, "officer-li", "moved to Chengdu", "lose", Decimal(0), 1)
    lost = convert.lost_event("p1", "演示项目", "officer-li", change)
    assert (lost.lost_from_stage, lost.reason) == ("LEAD", "moved to Chengdu")
    changed = convert.stage_changed_event("p1", "演示项目", "AUTO_MOTO", "officer-li", Decimal(100), change,
                                          stages.Kind.LOST, 4)
    assert (changed.to_stage_kind, changed.project_version, changed.amount_wan) == ("LOST", 4, "100")
