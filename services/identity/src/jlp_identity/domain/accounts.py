"""Account kinds and validation of the data that creates an account.

Validation returns every problem at once as (field, description) pairs so that a form can show
them all; field names are the proto field names (the gateway renders them in lowerCamelCase).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from jlp_common import identifiers
from jlp_identity.domain import passwords, permissions

CITIZEN, ENTERPRISE, STAFF = "CITIZEN", "ENTERPRISE", "STAFF"
SELF_SERVICE_KINDS = (CITIZEN, ENTERPRISE)
MAX_NAME_LENGTH = 100
_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")

Problem = tuple[str, str]


@dataclass(frozen=True)
class NewAccount:
    """Validated, normalised data of an account to create."""

    kind: str
    name: str
    phone: str
    roles: frozenset[str]
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    # The legal representative's resident ID number (enterprises, optional): lets the
    # poverty-aid check ask whether a person represents an enterprise (person_checks.py).
    legal_representative_id_number: str = ""
    department: str = ""
    username: str = ""
    sign_in_names: tuple[str, ...] = field(default=())


# Joiners are kept: emoji sequences and some scripts need them; other format characters
# (e.g. U+202E, which reverses how the rest of a line is displayed) only serve to deceive.
_ALLOWED_FORMAT = frozenset("\u200c\u200d")


def has_control_characters(value: str) -> bool:
    """True if `value` holds control, format (but joiners), surrogate or private-use characters:
    nothing a person's or organisation's name contains, and they corrupt screens, logs and
    exports."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") and c not in _ALLOWED_FORMAT
               for c in value)


def _name_problems(field_name: str, value: str, label: str) -> list[Problem]:
    value = value.strip()
    if not value:
        return [(field_name, f"{label} is required")]
    if len(value) > MAX_NAME_LENGTH:
        return [(field_name, f"{label} must be at most {MAX_NAME_LENGTH} characters")]
    if has_control_characters(value):
        return [(field_name, f"{label} must not contain control characters")]
    return []


def _check(problems: list[Problem], field_name: str, validate, value: str) -> str:  # noqa: ANN001
    try:
        return validate(value)
    except identifiers.IdentifierError as exc:
        problems.append((field_name, str(exc)))
        return ""


def validate_registration(*, kind: str, name: str, phone: str, password: str,
                          id_number: str = "", credit_code: str = "",
                          legal_representative: str = "", legal_representative_id_number: str = "",
                          today: date) -> tuple[NewAccount | None, list[Problem]]:
    """A citizen or enterprise registration: (account, []) or (None, problems)."""
    problems: list[Problem] = []
    kind = (kind or "").strip().upper()
    if kind not in SELF_SERVICE_KINDS:
        return None, [("kind", "must be CITIZEN or ENTERPRISE")]
    problems += _name_problems("name", name, "name")
    number = code = representative_number = ""
    if kind == CITIZEN:
        resident = None
        try:
            resident = identifiers.validate_resident_id(id_number, today)
        except identifiers.IdentifierError as exc:
            problems.append(("id_number", str(exc)))
        number = resident.number if resident else ""
    else:
        code = _check(problems, "credit_code", identifiers.validate_credit_code, credit_code)
        problems += _name_problems("legal_representative", legal_representative,
                                   "legal representative")
        if legal_representative_id_number.strip():
            try:
                representative_number = identifiers.validate_resident_id(
                    legal_representative_id_number, today).number
            except identifiers.IdentifierError as exc:
                problems.append(("legal_representative_id_number", str(exc)))
    mobile = _check(problems, "phone", identifiers.validate_phone, phone)
    sign_in = tuple(n for n in (mobile, number, code) if n)
    problems += [("password", p) for p in passwords.policy_problems(password, sign_in)]
    if problems:
        return None, problems
    roles = permissions.CITIZEN_ROLES if kind == CITIZEN else permissions.ENTERPRISE_ROLES
    return NewAccount(kind=kind, name=name.strip(), phone=mobile, roles=roles, id_number=number,
                      credit_code=code, legal_representative=legal_representative.strip(),
                      legal_representative_id_number=representative_number,
                      sign_in_names=sign_in), []


def normalise_username(value: str) -> str:
    return (value or "").strip().lower()


def username_problems(username: str) -> list[Problem]:
    """A staff sign-in name: 3-32 of a-z 0-9 . _ -, starting with a letter (so it can never be
    mistaken for a phone or ID number)."""
    if not username:
        return []
    if not 3 <= len(username) <= 32 or not set(username) <= _USERNAME_CHARS \
            or not username[0].isalpha():
        return [("user.username", "must be 3-32 characters a-z, 0-9, '.', '_' or '-', "
                                  "starting with a letter")]
    return []


def validate_staff(*, name: str, phone: str, password: str, department: str,
                   roles: Iterable[str], username: str = ""
                   ) -> tuple[NewAccount | None, list[Problem]]:
    """A new member of staff: (account, []) or (None, problems). The department's existence is
    checked by the caller (it needs the store)."""
    problems: list[Problem] = []
    problems += [("user." + f, d) for f, d in _name_problems("name", name, "name")]
    mobile = _check(problems, "user.phone", identifiers.validate_phone, phone)
    login = normalise_username(username)
    problems += username_problems(login)
    if not department.strip():
        problems.append(("user.department", "department is required"))
    role_set = frozenset(r.strip() for r in roles if r.strip())
    problems += [("user.roles", p) for p in permissions.staff_role_problems(role_set)]
    sign_in = tuple(n for n in (mobile, login) if n)
    problems += [("password", p) for p in passwords.policy_problems(password, sign_in)]
    if problems:
        return None, problems
    return NewAccount(kind=STAFF, name=name.strip(), phone=mobile, roles=role_set,
                      department=department.strip(), username=login, sign_in_names=sign_in), []
