"""GB 32100 credit codes: the worked examples of shared/reference/ids-gb11643-gb32100.md §2."""

from __future__ import annotations

import pytest

from jlp_common.errors import InvalidArgument
from jlp_investment.domain.credit_code import (
    credit_code_problem,
    is_enterprise,
    normalise,
    validate_credit_code,
    with_check_character,
)
from jlp_investment.domain.demo import organisation_code


@pytest.mark.parametrize("code", [
    "91500107MA5U00003G",  # enterprise in 九龙坡区 (the reference's worked example)
    "92500107L00000011K",  # 个体工商户
    "52500107MJP000013W",  # 民办非企业单位
    "91110000600037341L",  # stdnum's own doctest
    "N2500107E00000010Y",  # rural collective: valid per GB 32100, rejected by stdnum's validate
])
def test_reference_examples_are_valid(code: str) -> None:
    assert credit_code_problem(code) == ""
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(("code", "fragment"), [
    ("91500107MA5U00003H", "check character"),
    ("91500107MA5U0000I5", "I not allowed"),
    ("9150010MA5U000011", "18 characters, got 17"),
    ("B1500107MA5U00003G", "registration authority"),
])
def test_reference_counter_examples_are_refused(code: str, fragment: str) -> None:
    assert fragment in credit_code_problem(code)


def test_worked_example_check_character_is_computed() -> None:
    assert with_check_character("91500107MA5U00003") == "91500107MA5U00003G"


def test_category_must_belong_to_the_authority() -> None:
    # 9 (market regulation) has categories 1, 2, 3 only; a right check character does not help.
    code = with_check_character("94500107MA5U00003")
    assert "entity category" in credit_code_problem(code)


def test_region_code_must_be_digits() -> None:
    code = with_check_character("915001A7MA5U00003")
    assert "region code" in credit_code_problem(code)


def test_typed_forms_are_normalised_before_checking() -> None:
    assert normalise(" 9150-0107ma5u00003g ") == "91500107MA5U00003G"
    # Full-width characters, as a Chinese input method produces them.
    assert validate_credit_code("９１５００１０７ＭＡ５Ｕ００００３Ｇ") == "91500107MA5U00003G"


def test_invalid_code_names_the_field() -> None:
    with pytest.raises(InvalidArgument) as err:
        validate_credit_code("91500107MA5U00003H", "investor.credit_code")
    assert err.value.violations[0].field == "investor.credit_code"


def test_inner_organisation_code_check_of_the_reference() -> None:
    # reference §2: MA5U0000 → Σ 481, 481 mod 11 = 8, C9 = 3.
    assert organisation_code("MA5U0000") == "MA5U00003"


def test_enterprise_prefix() -> None:
    assert is_enterprise("91500107MA5U00003G")
    assert not is_enterprise("92500107L00000011K")
