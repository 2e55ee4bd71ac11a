"""The four insurance types of an enrolment and the contribution items that belong to each.

Reference social-insurance-chongqing.md §1: maternity is merged into basic medical insurance in
Chongqing, and the large-amount medical mutual aid (大额医疗互助) is compulsory with it, so the
MEDICAL type carries two items (`medical`, `medical_mutual_aid`); a schedule from before the
merger may add a separate `maternity` item, also under MEDICAL.
"""

from __future__ import annotations

from enum import StrEnum

from jlp_common.errors import InvalidArgument


class InsuranceType(StrEnum):
    PENSION = "PENSION"
    MEDICAL = "MEDICAL"
    UNEMPLOYMENT = "UNEMPLOYMENT"
    WORK_INJURY = "WORK_INJURY"


ITEM_TYPES: dict[str, InsuranceType] = {
    "pension": InsuranceType.PENSION,
    "medical": InsuranceType.MEDICAL,
    "medical_mutual_aid": InsuranceType.MEDICAL,
    "maternity": InsuranceType.MEDICAL,
    "unemployment": InsuranceType.UNEMPLOYMENT,
    "work_injury": InsuranceType.WORK_INJURY,
}

# Work-injury industry risk classes 1..8 (人社部发〔2015〕71号, reference §1).
WORK_INJURY_CLASSES = range(1, 9)


def parse_insurance_type(value: str, field: str) -> InsuranceType:
    """The enum from its name, or INVALID_ARGUMENT naming `field`."""
    try:
        return InsuranceType(value)
    except ValueError:
        names = ", ".join(t.value for t in InsuranceType)
        raise InvalidArgument.field(field, f"must be one of {names}") from None
