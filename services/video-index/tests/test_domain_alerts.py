"""Alert rules: label + zone + minimum score; one alert per detection and rule."""

from __future__ import annotations

from jlp_video_index.domain.alerts import AlertRule, Located, Severity, alert_for, alert_id, check_rule, matches
from jlp_video_index.domain.geometry import parse_ring

ZOO = (106.506, 29.511)
RING = "106.50,29.50,106.52,29.50,106.52,29.52,106.50,29.52"


def located(**kw: object) -> Located:
    base = {"detection_id": "d1", "label": "smoke_fire", "score": 0.8, "lon": ZOO[0], "lat": ZOO[1],
            "subdistrict_code": "500107001"}
    return Located(**{**base, **kw})


def test_label_zone_and_score_must_all_match() -> None:
    rule = AlertRule("r1", "smoke_fire", 0.7, subdistrict_code="500107001")
    assert matches(rule, located())
    assert matches(rule, located(score=0.7))  # at the minimum
    assert not matches(rule, located(score=0.69))
    assert not matches(rule, located(label="crowding"))
    assert not matches(rule, located(subdistrict_code="500107002"))
    assert not matches(AlertRule("r1", "smoke_fire", 0.7, enabled=False), located())


def test_polygon_zone_and_district_wide_rules() -> None:
    inside = AlertRule("r2", "smoke_fire", 0.5, polygon=parse_ring(RING))
    assert matches(inside, located())
    assert not matches(inside, located(lon=106.45))
    assert not matches(inside, located(lon=None, lat=None))
    assert matches(AlertRule("r3", "smoke_fire", 0.5), located(subdistrict_code=""))


def test_one_alert_per_detection_the_most_severe_rule_decides() -> None:
    rules = [AlertRule("b", "smoke_fire", 0.5, severity=Severity.MAJOR),
             AlertRule("a", "smoke_fire", 0.7, severity=Severity.CRITICAL),
             AlertRule("z", "smoke_fire", 0.6, subdistrict_code="500107001", severity=Severity.CRITICAL),
             AlertRule("c", "crowding", 0.1)]
    alert = alert_for(rules, located())
    assert alert is not None and alert.id == "d1" == alert_id("d1")
    assert alert.rule.id == "z"  # CRITICAL, then the lower minimum score
    assert alert.matched == ("a", "b", "z")
    assert alert_for(rules, located()) == alert  # the same detection again: the same alert
    assert alert_for(rules, located(score=0.3)) is None


def test_rule_checks_name_fields() -> None:
    problems, shape = check_rule("ufo", 1.2, "500107999", "1,2,3", known_subdistricts=["500107001"])
    assert {v.field for v in problems} == {"label", "minScore", "subdistrictCode", "polygon"}
    assert shape is None
    problems, shape = check_rule("smoke_fire", 0.6, "", RING)
    assert problems == [] and shape is not None and shape.area > 0
    problems, _ = check_rule("smoke_fire", 0.6, "500107001", RING)
    assert [v.field for v in problems] == ["polygon"]  # a subdistrict or a polygon, not both
