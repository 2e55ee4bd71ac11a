"""Stages as versioned configuration and the rules for moving between them (issue 12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from jlp_common.errors import Conflict, FailedPrecondition, InvalidArgument, PermissionDenied
from jlp_investment.domain import stages
from jlp_investment.domain.stages import DEFAULT_CONFIG as CONFIG
from jlp_investment.domain.stages import Kind, Snapshot

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
SIGNING = {"signed_date": "2026-03-20", "signed_amount_wan": "12000.5"}


def walk(*targets: str, known: dict | None = None) -> list[stages.StageChange]:
    """History of a project moved through `targets` one day apart by the normal rules."""
    history = [stages.creation(CONFIG, "u1", T0, Snapshot(amount_wan=Decimal(100)))]
    known = dict(known or {})
    for i, target in enumerate(targets, start=1):
        move = stages.plan_advance(CONFIG, history[-1].to_stage, history, target_code=target, known=known,
                                   privileged=True, reason="test")
        known.update(move.field_updates)
        history.append(move.record(CONFIG, "u1", T0 + timedelta(days=i), Snapshot()))
    return history


def test_default_pipeline_order_kinds_and_probabilities() -> None:
    assert [(s.code, s.name, s.kind) for s in CONFIG.forward] == [
        ("LEAD", "线索", Kind.OPEN), ("NEGOTIATION", "洽谈", Kind.OPEN), ("SIGNED", "签约", Kind.WON),
        ("REGISTERED", "注册", Kind.WON), ("CONSTRUCTION", "开工", Kind.WON), ("PRODUCTION", "投产", Kind.WON)]
    assert CONFIG.lost.code == "LOST" and CONFIG.lost.default_probability == 0
    assert CONFIG.first_won.code == "SIGNED"
    assert CONFIG.stage("SIGNED").required_fields == ("signed_date", "signed_amount_wan")
    assert CONFIG.stage("CONSTRUCTION").required_fields == ("start_date", "received_amount_wan")


def test_creation_enters_the_first_stage_at_its_probability() -> None:
    entry = stages.creation(CONFIG, "officer-li", T0, Snapshot(amount_wan=Decimal(5000)))
    assert (entry.from_stage, entry.to_stage, entry.action, entry.probability) == ("", "LEAD", "create", Decimal("0.1"))
    assert (entry.time, entry.actor, entry.config_version) == (T0, "officer-li", 1)


def test_advance_goes_to_the_next_stage_without_privilege() -> None:
    history = walk()
    move = stages.plan_advance(CONFIG, "LEAD", history)
    assert (move.action, move.from_stage, move.to_stage, move.probability) == (
        "advance", "LEAD", "NEGOTIATION", Decimal("0.3"))
    entry = move.record(CONFIG, "officer-li", T0 + timedelta(days=3), Snapshot())
    assert (entry.from_stage, entry.to_stage, entry.actor, entry.time) == (
        "LEAD", "NEGOTIATION", "officer-li", T0 + timedelta(days=3))


def test_signing_needs_its_required_fields_each_named() -> None:
    history = walk("NEGOTIATION")
    with pytest.raises(InvalidArgument) as err:
        stages.plan_advance(CONFIG, "NEGOTIATION", history)
    assert [v.field for v in err.value.violations] == ["fields.signed_date", "fields.signed_amount_wan"]
    assert "签约" in err.value.violations[0].description


def test_required_fields_given_with_the_move_are_parsed() -> None:
    move = stages.plan_advance(CONFIG, "NEGOTIATION", walk("NEGOTIATION"), given=SIGNING)
    assert move.field_updates == {"signed_date": date(2026, 3, 20), "signed_amount_wan": Decimal("12000.5")}


def test_required_fields_already_on_the_project_count() -> None:
    known = {"signed_date": date(2026, 3, 20), "signed_amount_wan": Decimal(1)}
    assert stages.plan_advance(CONFIG, "NEGOTIATION", walk("NEGOTIATION"), known=known).to_stage == "SIGNED"


def test_malformed_field_values_are_refused_by_name() -> None:
    with pytest.raises(InvalidArgument) as err:
        stages.plan_advance(CONFIG, "NEGOTIATION", walk("NEGOTIATION"),
                            given={"signed_date": "20.3.2026", "signed_amount_wan": "-1"})
    assert {v.field for v in err.value.violations} == {"fields.signed_date", "fields.signed_amount_wan"}


def test_registration_checks_the_credit_code() -> None:
    history = walk("NEGOTIATION", "SIGNED", known={"signed_date": date(2026, 3, 2), "signed_amount_wan": Decimal(1)})
    with pytest.raises(InvalidArgument) as err:
        stages.plan_advance(CONFIG, "SIGNED", history, given={"registered_credit_code": "91500107MA5U00003H"})
    assert err.value.violations[0].field == "fields.registered_credit_code"
    ok = stages.plan_advance(CONFIG, "SIGNED", history, given={"registered_credit_code": "91500107MA5U00003G"})
    assert ok.to_stage == "REGISTERED"


def test_skip_needs_privilege_then_a_reason_and_the_skipped_stages_fields() -> None:
    history = walk()
    with pytest.raises(PermissionDenied):
        stages.plan_advance(CONFIG, "LEAD", history, target_code="SIGNED", given=SIGNING, reason="why")
    with pytest.raises(InvalidArgument) as err:
        stages.plan_advance(CONFIG, "LEAD", history, target_code="SIGNED", given=SIGNING, privileged=True)
    assert err.value.violations[0].field == "reason"
    with pytest.raises(InvalidArgument) as err:  # skipping 签约 does not skip its data
        stages.plan_advance(CONFIG, "LEAD", history, target_code="REGISTERED", privileged=True, reason="fast track",
                            given={"registered_credit_code": "91500107MA5U00003G"})
    assert {v.field for v in err.value.violations} == {"fields.signed_date", "fields.signed_amount_wan"}
    move = stages.plan_advance(CONFIG, "LEAD", history, target_code="SIGNED", given=SIGNING, privileged=True,
                               reason="signed at the fair")
    assert (move.action, move.to_stage, move.reason) == ("skip", "SIGNED", "signed at the fair")


def test_going_back_needs_privilege_and_reason_but_no_fields() -> None:
    history = walk("NEGOTIATION")
    with pytest.raises(PermissionDenied):
        stages.plan_advance(CONFIG, "NEGOTIATION", history, target_code="LEAD", reason="x")
    move = stages.plan_advance(CONFIG, "NEGOTIATION", history, target_code="LEAD", privileged=True,
                               reason="talks restarted from scratch")
    assert (move.action, move.probability) == ("back", Decimal("0.1"))


def test_last_stage_and_same_stage_and_unknown_stage() -> None:
    with pytest.raises(FailedPrecondition, match="last stage"):
        stages.plan_advance(CONFIG, "PRODUCTION", [])
    with pytest.raises(FailedPrecondition, match="already in"):
        stages.plan_advance(CONFIG, "LEAD", walk(), target_code="LEAD")
    with pytest.raises(InvalidArgument) as err:
        stages.plan_advance(CONFIG, "LEAD", walk(), target_code="WON_BIG")
    assert err.value.violations[0].field == "target_stage"
    with pytest.raises(InvalidArgument, match="markLost"):
        stages.plan_advance(CONFIG, "LEAD", walk(), target_code="LOST")


def test_lost_is_terminal_and_restorable_with_a_reason_to_where_it_was() -> None:
    history = walk("NEGOTIATION")
    with pytest.raises(InvalidArgument):
        stages.plan_lose(CONFIG, "NEGOTIATION", "  ")
    lose = stages.plan_lose(CONFIG, "NEGOTIATION", "chose another city")
    assert (lose.to_stage, lose.probability, lose.action) == ("LOST", Decimal(0), "lose")
    history.append(lose.record(CONFIG, "u1", T0 + timedelta(days=9), Snapshot()))
    with pytest.raises(FailedPrecondition, match="terminal"):
        stages.plan_advance(CONFIG, "LOST", history)
    with pytest.raises(FailedPrecondition, match="already lost"):
        stages.plan_lose(CONFIG, "LOST", "again")
    with pytest.raises(InvalidArgument):
        stages.plan_restore(CONFIG, "LOST", history, "")
    restore = stages.plan_restore(CONFIG, "LOST", history, "investor came back")
    assert (restore.to_stage, restore.probability, restore.action) == ("NEGOTIATION", Decimal("0.3"), "restore")
    with pytest.raises(FailedPrecondition, match="only a lost project"):
        stages.plan_restore(CONFIG, "NEGOTIATION", history, "why")


def test_pause_needs_a_reason_and_resume_returns_to_the_paused_stage() -> None:
    history = walk("NEGOTIATION")
    with pytest.raises(InvalidArgument):
        stages.plan_advance(CONFIG, "NEGOTIATION", history, target_code="PAUSED")
    pause = stages.plan_advance(CONFIG, "NEGOTIATION", history, target_code="PAUSED", reason="funding delayed")
    assert (pause.action, pause.probability) == ("pause", Decimal("0.05"))
    history.append(pause.record(CONFIG, "u1", T0 + timedelta(days=5), Snapshot()))
    resume = stages.plan_advance(CONFIG, "PAUSED", history)
    assert (resume.action, resume.to_stage, resume.probability) == ("resume", "NEGOTIATION", Decimal("0.3"))
    # Resuming straight into the next stage is an ordinary step (with its required fields).
    onward = stages.plan_advance(CONFIG, "PAUSED", history, target_code="SIGNED", given=SIGNING)
    assert (onward.action, onward.to_stage) == ("resume", "SIGNED")
    with pytest.raises(PermissionDenied):
        stages.plan_advance(CONFIG, "PAUSED", history, target_code="LEAD", reason="x")


def test_ordinary_edits_cannot_touch_stage_or_probability() -> None:
    stages.check_ordinary_edit(["tags", "description", "amount_wan", "signed_date"])
    with pytest.raises(InvalidArgument) as err:
        stages.check_ordinary_edit(["tags", "stage", "probability"])
    assert [v.field for v in err.value.violations] == ["update_mask.probability", "update_mask.stage"]
    assert ":advance" in err.value.violations[0].description


def test_staleness_follows_days_to_stale() -> None:
    lead = CONFIG.stage("LEAD")  # 30 days
    assert not stages.is_stale(lead, T0, T0 + timedelta(days=30))
    assert stages.is_stale(lead, T0, T0 + timedelta(days=30, seconds=1))
    assert not stages.is_stale(CONFIG.stage("PRODUCTION"), T0, T0 + timedelta(days=9999))
    assert not stages.is_stale(CONFIG.lost, T0, T0 + timedelta(days=9999))


def test_invalid_configuration_lists_every_problem() -> None:
    bad = (
        stages.Stage("lead", "", Kind.OPEN, 1, Decimal("1.5"), -1, ("favourite_colour",)),
        stages.Stage("WON1", "签约", Kind.WON, 1),
    )
    with pytest.raises(InvalidArgument) as err:
        stages.StageConfig(2, bad)
    fields = {v.field for v in err.value.violations}
    assert {"stages[0].code", "stages[0].name", "stages[0].default_probability", "stages[0].days_to_stale",
            "stages[0].required_fields", "stages"} <= fields
    descriptions = " ".join(v.description for v in err.value.violations)
    assert "exactly one LOST" in descriptions and "share an order" in descriptions


def test_won_stages_come_after_open_ones() -> None:
    swapped = tuple(replace(s, order=7) if s.code == "LEAD" else s for s in stages.DEFAULT_STAGES)
    assert any("OPEN stages come before WON" in v.description for v in stages.config_problems(swapped))


def test_publishing_a_new_version() -> None:
    longer = tuple(replace(s, days_to_stale=60) if s.code == "LEAD" else s for s in stages.DEFAULT_STAGES)
    published = stages.publish(CONFIG, longer, 1, {"LEAD", "SIGNED"})
    assert published.version == 2 and published.stage("LEAD").days_to_stale == 60
    with pytest.raises(Conflict):
        stages.publish(published, longer, 1, ())
    without_paused = tuple(s for s in stages.DEFAULT_STAGES if s.code != "PAUSED")
    with pytest.raises(InvalidArgument) as err:
        stages.publish(CONFIG, without_paused, 1, {"PAUSED"})
    assert err.value.violations[0].field == "stage_config.stages"
    assert "PAUSED" in err.value.violations[0].description
