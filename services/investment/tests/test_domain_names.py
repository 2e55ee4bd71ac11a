"""Prospect names: normalisation and fuzzy duplicate warnings."""

from __future__ import annotations

import pytest

from jlp_investment.domain.names import KnownName, find_similar, normalise_name


@pytest.mark.parametrize(("name", "core"), [
    ("重庆长安汽车股份有限公司", "长安汽车"),
    ("长安汽车（重庆）有限公司", "长安汽车"),
    ("长安汽车(重庆)有限责任公司", "长安汽车"),
    ("重庆市九龙坡区某某机械厂", "某某机械厂"),
    ("ＡＢＣ科技有限公司", "abc科技"),  # full-width Latin folded
    ("演示铝业集团股份有限公司", "演示铝业"),  # group + joint-stock both removed
    ("Foo Robotics Co., Ltd.", "foorobotics"),
    ("重庆", "重庆"),  # a region alone is a name, not a prefix
])
def test_normalise(name: str, core: str) -> None:
    assert normalise_name(name) == core


KNOWN = [
    KnownName("inv-1", "重庆长安汽车股份有限公司", "91500107MA5U00003G"),
    KnownName("inv-2", "长安福特汽车有限公司"),
    KnownName("inv-3", "演示精密科技有限公司"),
    KnownName("inv-4", "演示精密科研有限公司"),
    KnownName("inv-5", "长城汽车股份有限公司"),
]


def test_same_core_is_a_full_score_warning() -> None:
    warnings = find_similar("长安汽车有限公司", KNOWN)
    # 长安福特汽车 is one insertion away from 长安汽车 (ratio 80): a weaker warning after it.
    assert [(w.investor_id, w.score) for w in warnings] == [("inv-1", 100.0), ("inv-2", 80.0)]
    assert "legal form" in warnings[0].reason
    assert warnings[0].credit_code == "91500107MA5U00003G"


def test_similar_names_are_warned_best_first() -> None:
    warnings = find_similar("演示精密科技股份有限公司", KNOWN)
    assert [w.investor_id for w in warnings] == ["inv-3", "inv-4"]
    assert warnings[1].score >= 80 and "similarity" in warnings[1].reason


def test_containment_needs_a_long_enough_name() -> None:
    assert [w.investor_id for w in find_similar("重庆演示精密科技研究院", KNOWN)][:1] == ["inv-3"]
    assert find_similar("长安", KNOWN) == []  # two characters say nothing


def test_unrelated_and_self_are_not_warned() -> None:
    assert find_similar("九龙数据服务有限公司", KNOWN) == []
    assert "inv-1" not in {w.investor_id for w in find_similar("重庆长安汽车股份有限公司", KNOWN, exclude_id="inv-1")}


def test_answer_is_stable() -> None:
    a = find_similar("演示精密科技股份有限公司", KNOWN)
    b = find_similar("演示精密科技股份有限公司", list(reversed(KNOWN)))
    assert a == b
