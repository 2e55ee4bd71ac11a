"""What the public and event subscribers may see of a case (Open311 GETs, the notes in
jlp.grid.case.* events): never personal data.

Structured personal data (reporter ids, actors, contact details) is simply not copied into
public output; free text is the remaining risk, since citizens type their phone number into
descriptions. Mainland mobile numbers (11 digits from 1[3-9]), landlines with the 023 area code
and resident ID numbers (GB 11643: 17 digits + check digit 0-9/X) are masked.
"""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mask_text(text: str) -> str:
    """`text` with ID numbers, phone numbers and e-mail addresses replaced by a mask."""
    text = _ID_NUMBER.sub("[身份证号已隐藏]", text or "")
    text = _MOBILE.sub("[电话已隐藏]", text)
    text = _LANDLINE.sub("[电话已隐藏]", text)
    return _EMAIL.sub("[邮箱已隐藏]", text)
