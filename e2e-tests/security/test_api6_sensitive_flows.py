"""API6:2023 Unrestricted Access to Sensitive Business Flows: the flows a bot would abuse are
limited — password guessing is slowed per source (identity domain/lockout.py: 5 free
failures, then doubling delays), a visitor gets one ticket per spot and day and a booking at
most MAX_GROUP visitors (tourism domain/booking.py), and one address cannot register more
than JLP_IDENTITY_REGISTRATIONS_PER_HOUR accounts (20 by default)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from stdnum.cn import ric

pytestmark = pytest.mark.e2e
BEIJING = timezone(timedelta(hours=8))


def an_id(prefix: str = "50010719880808") -> str:
    first17 = prefix + str(uuid.uuid4().int % 1000).zfill(3)
    return first17 + ric.calc_check_digit(first17 + "?")


@pytest.mark.exhausts_budget
def test_password_guessing_is_slowed_and_blocks_even_the_right_password(api, principals, figures):
    victim = principals["dept_staff_other"]
    answers = [api.call("POST", "/api/v1/auth/token", data={
        "grant_type": "password", "username": victim.phone, "password": f"Guess-{n}-xyz"}) for n in range(7)]
    delayed = [n for n, r in enumerate(answers) if "wait" in r.text.lower() or "try again" in r.text.lower()
               or r.status_code == 429]
    right = api.call("POST", "/api/v1/auth/token", data={"grant_type": "password", "username": victim.phone,
                                                         "password": victim.password})
    others = api.call("POST", "/api/v1/auth/token", data={"grant_type": "password",
                                                          "username": principals["ops_center"].phone,
                                                          "password": principals["ops_center"].password})
    figures("API6 sensitive flows", f"password guessing: attempts 1-7 → {[r.status_code for r in answers]}, "
            f"delayed from attempt {delayed[0] + 1 if delayed else '—'}; right password while delayed → "
            f"{right.status_code}; another account from the same source → {others.status_code}")
    assert delayed and delayed[0] <= 5, [r.text for r in answers]
    assert right.status_code != 200, "the right password goes through while the source must wait"
    assert others.status_code == 200, others.text


def test_booking_limits_one_ticket_per_person_and_group_size(api, principals, figures):
    spots = api.call("GET", "/api/v1/tourism/spots").json()["spots"]
    citizen = principals["citizen"].token
    for day in range(2, 9):
        date = (datetime.now(BEIJING) + timedelta(days=day)).date().isoformat()
        spot = spots[day % len(spots)]
        slots = api.call("GET", f"/api/v1/tourism/spots/{spot['id']}/slots?date={date}").json().get("slots", [])
        free = [s for s in slots if s.get("bookable") and s.get("available", 0) > 20]
        if free:
            break
    else:
        pytest.fail("no bookable slot with room in the demo spots")
    person = an_id()
    booking = {"spotId": spot["id"], "date": date, "slotId": free[0]["id"],
               "visitors": [{"name": "钱七", "idNumber": person}]}
    first = api.call("POST", "/api/v1/tourism/bookings", citizen, json=booking)
    assert first.status_code == 201, first.text
    again = api.call("POST", "/api/v1/tourism/bookings", principals["citizen_b"].token, json=booking)
    group = api.call("POST", "/api/v1/tourism/bookings", citizen, json={
        **booking, "visitors": [{"name": "孙八", "idNumber": an_id("50010719700707")} for _ in range(11)]})
    figures("API6 sensitive flows", f"booking: same person again → {again.status_code}, group of 11 → "
            f"{group.status_code}")
    assert again.status_code in (400, 409), again.text
    assert group.status_code == 400, group.text


@pytest.mark.exhausts_budget
def test_registrations_per_source_are_limited(api, principals, figures):
    """Run last: it spends this address's registration budget for the hour."""
    statuses = []
    for _ in range(25):
        r = api.call("POST", "/api/v1/auth/register", retry_429=False, json={
            "kind": "CITIZEN", "name": "周九", "idNumber": an_id("50010719660606"),
            "phone": "137" + str(uuid.uuid4().int % 10**8).zfill(8), "password": "Bot-Signup-" + uuid.uuid4().hex[:6]})
        statuses.append(r.status_code)
        if r.status_code == 429:
            break
    figures("API6 sensitive flows", f"registrations from one address: {statuses.count(200)} accepted, then "
            f"{statuses[-1]} after {len(statuses)} attempts")
    assert statuses[-1] == 429 and len(statuses) <= 21, statuses
