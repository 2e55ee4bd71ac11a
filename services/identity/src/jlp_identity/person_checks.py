"""Answers domain/person_checks.py's questions from the users collection, audited.

One query for citizen accounts and one for enterprises, both on keyed look-up hashes (never a
decryption); disabled enterprise accounts do not count as represented enterprises (a disabled
account is a closed one), a disabled citizen account still is an account the person holds.
The audit record (`person_check`) keeps the caller (actor), the purpose, the consent id and the
keyed hashes asked about, so an auditor can answer "who looked at this person, and why".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from jlp_common.pii import PiiCipher
from jlp_identity.audit_log import AuditLog
from jlp_identity.domain import person_checks as rules
from jlp_identity.models import UserDoc
from jlp_identity.users import ID_NUMBER
from jlp_identity.validation import raise_problems


class PersonChecks:
    def __init__(self, pii: PiiCipher, audit: AuditLog, clock: Callable[[], datetime]) -> None:
        self.pii, self.audit, self.clock = pii, audit, clock

    def check(self, id_numbers: Sequence[str], purpose: str, consent_id: str) -> list[rules.PersonFacts]:
        request, problems = rules.validate(list(id_numbers), purpose, consent_id, self.clock().date())
        raise_problems(problems)
        assert request is not None
        hashes = [self.pii.lookup(ID_NUMBER, n) for n in request.numbers]
        wanted = sorted(set(hashes))
        citizens = {d.id_number_hash for d in UserDoc.objects(kind="CITIZEN", id_number_hash__in=wanted)
                    .only("id_number_hash")}
        represented = Counter(d.legal_representative_id_hash for d in UserDoc.objects(
            kind="ENTERPRISE", disabled=False, legal_representative_id_hash__in=wanted)
            .only("legal_representative_id_hash"))
        facts = rules.answer(hashes, citizens, dict(represented))
        self.audit.record("person_check", object=f"persons:{len(hashes)}", details={
            "purpose": request.purpose, "consent_id": request.consent_id,
            "subjects": ",".join(hashes), "hits": sum(1 for f in facts if f.has_account or f.enterprises_represented)})
        return facts
