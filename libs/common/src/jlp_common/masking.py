"""Masking of personal data in responses (e.g. `500107********123X`, `138****5678`, `张*`).

The patterns keep what people use to recognise their own number (region prefix and last
digits) and hide the birth date and sequence, in line with common practice for displaying
resident ID numbers and mobile numbers (GB/T 35273 personal-information de-identification).
Names keep their first character, as Chinese services commonly display them (ADR 0031).
"""

from __future__ import annotations


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end:]


def mask_id_number(number: str) -> str:
    """18-character resident ID: address code and last four kept, `500107********123X`."""
    return _mask(number, 6, 4)


def mask_credit_code(code: str) -> str:
    """18-character credit code, masked like an ID number: `915001********003G`."""
    return _mask(code, 6, 4)


def mask_phone(phone: str) -> str:
    """11-digit mobile number: network prefix and last four kept, `138****5678`."""
    return _mask(phone, 3, 4)


def mask_name(name: str) -> str:
    """A person's name: the first character kept, every other one a `*` — `张三` → `张*`,
    `王小明` → `王**`, `欧阳娜娜` → `欧***` (compound surnames are not recognised: one rule,
    no list). A one-character name is all masked. Characters are code points; the length shows.
    """
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_username(username: str) -> str:
    """A sign-in name typed by someone (maybe a phone or ID number): safe for the audit trail."""
    if len(username) >= 15:
        return mask_id_number(username)
    if len(username) >= 8:
        return mask_phone(username)
    return _mask(username, 1, 0)
