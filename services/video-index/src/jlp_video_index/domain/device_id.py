"""GB/T 28181 20-digit codes (coding rule A): decode, and decide whether a code may enter the
district's camera registry.

Structure and tables: shared/reference/gbt28181-device-id.md §1 (digits 1-8 centre code =
GB/T 2260 province, city, county + grassroots unit; 9-10 industry; 11-13 type; 14 network;
15-20 serial), §2 type codes, §3 industry codes, §4 network identifier.

Three verdicts, because an import of thousands of rows must keep going and an operator must be
able to fix what is doubtful:
* ACCEPT — a video source of this district.
* QUARANTINE — well formed but doubtful: the centre code is another area's (a camera moved in
  from elsewhere, or mis-keyed), a vendor/sample default (`34020000…`, all zeros), a reserved
  industry or network code, an unassigned type in an extension range, a recorder's code where a
  channel's is expected, serial 000000. Held with the reasons, never silently dropped.
* REJECT — cannot be a camera channel code: not 20 digits, an unknown province, a broken centre
  hierarchy, or a type that is no video source (platform, user, catalogue node, decoder, alarm
  I/O...).
The administrative-division names come from python-stdnum's GB/T 2260 table (cn/loc).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from stdnum import numdb

DISTRICT_CODE = "500107"  # 九龙坡区 (district-facts.md §1)

# §2 type codes (2016 + 2022 additions) → name.
TYPE_NAMES: dict[int, str] = {
    111: "DVR", 112: "video server", 113: "encoder", 114: "decoder",
    115: "video switching matrix", 116: "audio switching matrix", 117: "alarm controller",
    118: "NVR", 120: "online video-image collection system", 121: "video checkpoint",
    122: "multi-lens device", 123: "parking entrance/exit control",
    124: "personnel entrance/exit control", 125: "security-inspection device", 130: "HVR",
    131: "camera", 132: "IPC", 133: "display", 134: "alarm input device",
    135: "alarm output device", 136: "voice input device", 137: "voice output device",
    138: "mobile transmission device", 139: "other peripheral",
    140: "alarm output via relay", 141: "barrier gate", 142: "smart door",
    143: "credential recognition unit",
    200: "central signalling control server", 201: "web application server",
    202: "media distribution server", 203: "proxy server", 204: "security server",
    205: "alarm server", 206: "database server", 207: "GIS server", 208: "management server",
    209: "access gateway", 210: "media storage server", 211: "signalling security routing gateway",
    215: "business group", 216: "virtual organisation", 300: "centre user", 400: "terminal user",
    500: "video-image integrated application platform", 501: "O&M management platform",
    502: "video analysis system", 503: "video-image database", 505: "video analysis device",
}
# Channels that carry video: a camera or IPC (131 is also used for channels behind a DVR/NVR),
# the 2022 video collection types, mobile transmission devices (body / vehicle cameras).
VIDEO_CHANNEL_TYPES = frozenset({120, 121, 122, 131, 132, 138})
# Recorders and encoders: the parent of channels. Their own code in a channel registry usually
# means the channel code was mis-keyed, so it is held, not refused.
RECORDER_TYPES = frozenset({111, 112, 113, 118, 130})
# Unassigned codes of the front-end extension ranges (§2: 119-129, 140-199).
FRONT_END_EXTENSION = frozenset(range(119, 130)) | frozenset(range(140, 200))

# §3 industry codes: 2016 names; 12-14 from 2022; 15-39 reserved (government).
INDUSTRY_NAMES: dict[int, str] = {
    0: "public security — roads and public areas", 1: "public security — communities",
    2: "public security — police premises", 3: "public security — other",
    4: "traffic — roads", 5: "traffic — checkpoints", 6: "traffic — internal", 7: "traffic — other",
    8: "urban management", 9: "health and environment", 10: "inspection and customs",
    11: "education", 12: "civil aviation", 13: "railway", 14: "shipping",
}

# §4 network identifier (2022 wording; 9 reserved).
NETWORK_NAMES: dict[int, str] = {
    0: "public-security video transmission network", 1: "public-security video transmission network",
    2: "industry private network", 3: "political-legal information network",
    4: "public-security mobile information network", 5: "public-security information network",
    6: "e-government extranet", 7: "internet", 8: "leased line",
}

# Centre codes that are defaults rather than assignments: 34020000 is the centre of the
# standard's sample codes and the factory / open-source default (`34020000002000000001`,
# domain `3402000000`, gbt28181-device-id.md §1); all zeros is an unconfigured device.
VENDOR_DEFAULT_CENTRES: dict[str, str] = {
    "34020000": "the GB/T 28181 sample / factory-default centre code 34020000",
    "00000000": "an unconfigured all-zero centre code",
}


class Verdict(StrEnum):
    ACCEPT = "ACCEPT"
    QUARANTINE = "QUARANTINE"
    REJECT = "REJECT"


@dataclass(frozen=True)
class DeviceId:
    """The parts of a 20-digit code (0-based slices of gbt28181-device-id.md §5)."""

    code: str

    @property
    def centre(self) -> str:
        return self.code[0:8]

    @property
    def province(self) -> str:
        return self.code[0:2]

    @property
    def city(self) -> str:
        return self.code[2:4]

    @property
    def county(self) -> str:
        return self.code[4:6]

    @property
    def unit(self) -> str:
        return self.code[6:8]

    @property
    def industry(self) -> str:
        return self.code[8:10]

    @property
    def type_code(self) -> str:
        return self.code[10:13]

    @property
    def network(self) -> str:
        return self.code[13]

    @property
    def serial(self) -> str:
        return self.code[14:20]

    @property
    def domain(self) -> str:
        """The SIP domain the standard recommends: centre + industry (§1, §6.1.2)."""
        return self.code[0:10]

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(int(self.type_code), _range_name(int(self.type_code)))

    @property
    def industry_name(self) -> str:
        return industry_name(int(self.industry))

    @property
    def network_name(self) -> str:
        return NETWORK_NAMES.get(int(self.network), "reserved")


@dataclass(frozen=True)
class Assessment:
    """The verdict on a code with every reason (one sentence each)."""

    verdict: Verdict
    reasons: tuple[str, ...] = ()
    device_id: DeviceId | None = None
    area_name: str = ""

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPT


@dataclass
class _Findings:
    rejects: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def industry_name(code: int) -> str:
    if code in INDUSTRY_NAMES:
        return INDUSTRY_NAMES[code]
    if 15 <= code <= 39:
        return "reserved (government)"
    if 40 <= code <= 79:
        return "enterprise / institution"
    if 80 <= code <= 89:
        return "residents' self-built"
    return "other entity"


def _range_name(code: int) -> str:
    if 111 <= code <= 130:
        return "front-end main device (extension)"
    if 131 <= code <= 199:
        return "front-end peripheral (extension)"
    if 200 <= code <= 299:
        return "platform device (extension)"
    if 300 <= code <= 399:
        return "centre user"
    if 400 <= code <= 499:
        return "terminal user"
    if 500 <= code <= 599:
        return "platform external server"
    return "extension"


def parse(raw: str) -> DeviceId:
    """The code's parts; ValueError (with the reason) unless exactly 20 ASCII digits."""
    code = (raw or "").strip()
    if len(code) != 20 or not (code.isascii() and code.isdigit()):
        raise ValueError(f"a GB/T 28181 code is 20 digits, got {code[:40]!r} ({len(code)} characters)")
    return DeviceId(code)


@lru_cache(maxsize=4096)
def area_name(six_digits: str) -> str | None:
    """The GB/T 2260 name of a 6-digit division code (python-stdnum cn/loc); None if unknown."""
    parts = numdb.get("cn/loc").info(six_digits)
    names = [props.get("province") or props.get("county") for _, props in parts]
    if len(parts) < 2 or not all(names):
        return None
    # Historic names carry their validity in brackets, e.g. "[1997-]九龙坡区".
    return "".join(n.split("]")[-1] for n in names if n)


def _check_centre(dev: DeviceId, district_code: str, out: _Findings) -> str:
    """Centre code checks; returns the area name when known."""
    if dev.centre in VENDOR_DEFAULT_CENTRES:
        out.doubts.append(f"centre code {dev.centre} is {VENDOR_DEFAULT_CENTRES[dev.centre]}, not an assignment")
        return ""
    levels = (dev.province, dev.city, dev.county, dev.unit)
    # Unused levels are filled with 0 (§1): a zero level cannot have a non-zero level below it.
    first_zero = next((i for i, v in enumerate(levels) if v == "00"), None)
    if first_zero is not None and any(v != "00" for v in levels[first_zero:]):
        out.rejects.append(f"centre code {dev.centre} has a non-zero level under an unused (00) one")
        return ""
    if area_name(dev.province + "0000") is None:
        out.rejects.append(f"centre code {dev.centre} starts with {dev.province}, not a GB/T 2260 province")
        return ""
    six = dev.province + dev.city + dev.county
    name = area_name(six) or ""
    if not dev.centre.startswith(district_code):
        where = f" ({name})" if name else " (no such GB/T 2260 division)"
        out.doubts.append(f"centre code {dev.centre} belongs to {six}{where}, not to district {district_code}")
    return name


def _check_type(dev: DeviceId, out: _Findings) -> None:
    t = int(dev.type_code)
    if t in VIDEO_CHANNEL_TYPES:
        return
    if t in RECORDER_TYPES:
        out.doubts.append(f"type {t} ({dev.type_name}) is a recorder/encoder, not a channel: "
                          "the channel's own code was expected")
    elif t in FRONT_END_EXTENSION and t not in TYPE_NAMES:
        out.doubts.append(f"type {t} is an unassigned front-end extension code")
    elif 111 <= t <= 199:
        out.rejects.append(f"type {t} ({dev.type_name}) is a front-end device without video")
    else:
        out.rejects.append(f"type {t} ({dev.type_name}) is not a front-end device "
                           "(platforms, users and catalogue nodes are not cameras)")


def assess(raw: str, district_code: str = DISTRICT_CODE) -> Assessment:
    """Decode `raw` and judge it for the registry of `district_code` (6-digit GB/T 2260)."""
    try:
        dev = parse(raw)
    except ValueError as exc:
        return Assessment(Verdict.REJECT, (str(exc),))
    out = _Findings()
    name = _check_centre(dev, district_code, out)
    _check_type(dev, out)
    industry = int(dev.industry)
    if 15 <= industry <= 39:
        out.doubts.append(f"industry code {dev.industry} is reserved")
    if dev.network == "9":
        out.doubts.append("network identifier 9 is reserved")
    if dev.serial == "000000":
        out.doubts.append("serial 000000 is an unconfigured default")
    if out.rejects:
        return Assessment(Verdict.REJECT, tuple(out.rejects + out.doubts), dev, name)
    if out.doubts:
        return Assessment(Verdict.QUARANTINE, tuple(out.doubts), dev, name)
    return Assessment(Verdict.ACCEPT, (), dev, name)


def is_code(raw: str) -> bool:
    """Whether `raw` is 20 ASCII digits (for parent device ids, keepalive device ids)."""
    try:
        parse(raw)
    except ValueError:
        return False
    return True
