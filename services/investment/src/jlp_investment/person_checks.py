"""Answers domain/person_checks.py's questions from the investor and project records.

Only ACTIVE investors with a credit code (registered enterprises, not prospects or merged
duplicates) count; their projects count unless LOST. Look-ups go by keyed hash (no decryption).
Each question is logged (`person_check`, structured JSON, with the caller, purpose, consent id
and the keyed hashes) — the investment service keeps no audit trail of its own, so the log
pipeline is where an auditor finds who asked about whom and why.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence

from jlp_common.context import current_principal
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import person_checks as rules
from jlp_investment.models import InvestorDoc, ProjectDoc

log = logging.getLogger(__name__)
LOST = 3  # StageKind.LOST


class PersonChecks:
    def __init__(self, cipher: PiiCipher, clock: Clock = utc_now) -> None:
        self.cipher, self.clock = cipher, clock

    def check(self, id_numbers: Sequence[str], purpose: str, consent_id: str) -> list[rules.EnterpriseLinks]:
        request = rules.validate(list(id_numbers), purpose, consent_id, self.clock().date())
        hashes = [self.cipher.lookup("id_number", n) for n in request.numbers]
        investors: dict[str, set[str]] = defaultdict(set)
        for doc in InvestorDoc.objects(legal_representative_id_hash__in=sorted(set(hashes)), state="ACTIVE",
                                       credit_code__ne="").only("id", "legal_representative_id_hash"):
            investors[doc.legal_representative_id_hash].add(doc.id)
        ids = sorted({i for found in investors.values() for i in found})
        projects = Counter(p.investor_id for p in ProjectDoc.objects(investor_id__in=ids, stage_kind__ne=LOST)
                           .only("investor_id")) if ids else Counter()
        answer = rules.links(hashes, investors, dict(projects))
        caller = current_principal()
        log.info("person_check", extra={
            "actor": caller.subject if caller else "", "purpose": request.purpose,
            "consent_id": request.consent_id, "subjects": ",".join(hashes),
            "hits": sum(1 for a in answer if a.enterprises_represented)})
        return answer
