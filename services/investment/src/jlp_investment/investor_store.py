"""Investors in the store: unique credit codes, duplicate warnings, encrypted contacts, merges.

Uniqueness lives in the database, not in a read-then-insert: `active_code` (the code of an
ACTIVE investor) has a unique sparse index, so of two concurrent creates of one code exactly
one insert succeeds and the other is answered ALREADY_EXISTS naming the winner.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from mongoengine.errors import NotUniqueError
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import AlreadyExists, Conflict, FailedPrecondition, InvalidArgument, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.pii import PiiCipher
from jlp_common.timeutil import Clock, as_utc, utc_now
from jlp_investment.domain import fields, investors, names
from jlp_investment.domain.versioning import check_version
from jlp_investment.models import InvestorDoc, ProjectDoc

RETRIES = 3
MAX_PAGE = 500


def _entry(time: datetime, action: str, actor: str, note: str, origin: str) -> dict[str, Any]:
    return {"time": time, "action": action, "actor": actor, "note": note, "origin": origin}


def record_of(doc: InvestorDoc) -> investors.InvestorRecord:
    return investors.InvestorRecord(
        doc.id, doc.name, doc.credit_code, tuple(doc.aliases),
        tuple(investors.HistoryEntry(as_utc(h["time"]), h["action"], h["actor"], h.get("note", ""), h["origin"])
              for h in doc.history),
        tuple(doc.merged_investor_ids), doc.state, doc.merged_into)


def _history_dicts(record: investors.InvestorRecord) -> list[dict[str, Any]]:
    return [_entry(h.time, h.action, h.actor, h.note, h.origin_investor_id) for h in record.history]


class Investors:
    def __init__(self, cipher: PiiCipher, tokens: PageTokens, clock: Clock = utc_now) -> None:
        self.cipher, self.tokens, self.clock = cipher, tokens, clock

    # --- contact data ----------------------------------------------------------------------------
    def contacts(self, doc: InvestorDoc) -> tuple[str, str]:
        return (self.cipher.decrypt("investor.contact_name", doc.contact_name),
                self.cipher.decrypt("investor.contact_phone", doc.contact_phone))

    def legal_representative_id(self, doc: InvestorDoc) -> str:
        return self.cipher.decrypt("investor.legal_representative_id_number", doc.legal_representative_id_number)

    def _sealed(self, parsed: Mapping[str, object]) -> dict[str, object]:
        out = dict(parsed)
        if "legal_representative_id_number" in out:
            number = str(out["legal_representative_id_number"] or "")
            out["legal_representative_id_hash"] = self.cipher.lookup("id_number", number) if number else None
        for name in ("contact_name", "contact_phone", "legal_representative_id_number"):
            if name in out:
                out[name] = self.cipher.encrypt(f"investor.{name}", str(out[name] or ""))
        if "aliases" in out or "tags" in out:
            out.update({k: list(v) for k, v in out.items() if k in ("aliases", "tags")})  # type: ignore[call-overload]
        return out

    # --- reads -------------------------------------------------------------------------------------
    def get(self, investor_id: str) -> InvestorDoc:
        doc = InvestorDoc.objects(id=investor_id).first() if investor_id else None
        if doc is None:
            raise NotFound("Investor", investor_id)
        return doc

    def possible_duplicates(self, doc: InvestorDoc) -> list[names.DuplicateWarning]:
        """Warnings for a prospect (and an enterprise without its twin registered): other active
        investors with a similar name or alias. Scans the active investors (hundreds to a few
        thousand in a district), which is cheap next to a person reading the warning."""
        known = [names.KnownName(o.id, n, o.credit_code)
                 for o in InvestorDoc.objects(state="ACTIVE", id__ne=doc.id).only("id", "name", "aliases",
                                                                                    "credit_code")
                 for n in (o.name, *o.aliases)
                 if not (doc.credit_code and o.credit_code and o.credit_code != doc.credit_code)]
        found = names.find_similar(doc.name, known, exclude_id=doc.id)
        for alias in doc.aliases:
            found += names.find_similar(alias, known, exclude_id=doc.id)
        best: dict[str, names.DuplicateWarning] = {}
        for w in found:
            if w.investor_id not in best or w.score > best[w.investor_id].score:
                best[w.investor_id] = w
        return sorted(best.values(), key=lambda w: (-w.score, w.investor_id))[:5]

    def list(self, filters: Mapping[str, Any], requested_size: int, token: str) -> tuple[list[InvestorDoc], str]:
        size = page_size(requested_size, maximum=MAX_PAGE)
        query = {k: v for k, v in filters.items() if v}
        position = self.tokens.decode(token, query)
        found = InvestorDoc.objects
        if not query.get("show_merged"):
            found = found.filter(state="ACTIVE")
        if query.get("industry_chain"):
            found = found.filter(industry_chain=query["industry_chain"])
        if query.get("prospects_only"):
            found = found.filter(credit_code="")
        if query.get("name_contains"):
            text = str(query["name_contains"]).strip()  # mongoengine escapes it into its regex
            core = names.normalise_name(text) or text
            found = found.filter(Q(name_core__icontains=core) | Q(name__icontains=text) | Q(aliases__icontains=text))
        if position:
            moment = datetime.fromisoformat(position["t"])
            found = found.filter(Q(create_time__lt=moment) | Q(create_time=moment, id__lt=position["id"]))
        docs = list(found.order_by("-create_time", "-id").limit(size + 1))
        return self.tokens.page(docs, size, lambda d: {"t": as_utc(d.create_time).isoformat(), "id": d.id}, query)

    # --- writes ------------------------------------------------------------------------------------
    def create(self, values: Mapping[str, Any], actor: str) -> InvestorDoc:
        now = self.clock()
        parsed = fields.parse_investor(values, today=now.date())
        code = str(parsed.get("credit_code") or "")
        new_id = uuid.uuid4().hex
        doc = InvestorDoc(id=new_id, **self._sealed(parsed), name_core=names.normalise_name(str(parsed["name"])),
                          active_code=code or None, history=[_entry(now, "created", actor, "", new_id)],
                          create_time=now, update_time=now)
        try:
            with atomic():
                doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            self._already_registered(code)
            raise
        return doc

    def _already_registered(self, code: str) -> None:
        holder = InvestorDoc.objects(active_code=code).only("id", "name").first() if code else None
        if holder is not None:
            raise AlreadyExists("Investor", holder.id,
                                f"credit code {code} is already registered as investor {holder.id} ({holder.name})",
                                metadata={"investor_id": holder.id})

    def update(self, investor_id: str, values: Mapping[str, Any], paths: list[str], expected: int,
               actor: str) -> InvestorDoc:
        parsed = fields.parse_investor(values, paths, today=self.clock().date())
        for _ in range(RETRIES):
            doc = self.get(investor_id)
            check_version("investor", investor_id, doc.version, expected)
            if doc.state != "ACTIVE":
                raise FailedPrecondition(f"investor {investor_id} was merged into {doc.merged_into}",
                                         reason="INVESTOR_MERGED")
            sets = self._sealed(parsed)
            code = parsed.get("credit_code")
            if "credit_code" in parsed:
                if doc.credit_code and code != doc.credit_code:
                    raise InvalidArgument.field("investor.credit_code", "a credit code never changes once set")
                if code and not doc.credit_code:
                    sets["active_code"] = code
            if "name" in parsed:
                sets["name_core"] = names.normalise_name(str(parsed["name"]))
            now = self.clock()
            sets["update_time"] = now
            entry = _entry(now, "updated", actor, "changed " + ", ".join(sorted(parsed)), doc.id)
            try:
                won = compare_and_set(InvestorDoc._get_collection(), {"_id": doc.id, "version": doc.version},
                                      {"$set": sets, "$push": {"history": entry}, "$inc": {"version": 1}})
            except DuplicateKeyError:
                self._already_registered(str(code))
                raise
            if won is not None:
                return InvestorDoc._from_son(won)
            if expected:
                break
        raise Conflict(f"investor {investor_id} was changed concurrently; reload and retry", reason="STALE_VERSION")

    def merge(self, target_id: str, source_id: str, reason: str, expected: int, actor: str,
              on_projects_moved: Callable[[int], None] = lambda n: None) -> InvestorDoc:
        """Merge `source_id` into `target_id` (domain.investors.merge), as two conditional writes —
        the duplicate first, which frees its credit code — then the duplicate's projects move to
        the survivor. Each step is idempotent, so a retry after a crash completes the merge."""
        if not source_id:
            raise InvalidArgument.field("source_investor_id", "the duplicate to merge")
        target, source = self.get(target_id), self.get(source_id)
        check_version("investor", target_id, target.version, expected)
        result = investors.merge(record_of(target), record_of(source), actor=actor, reason=reason, now=self.clock())
        collection = InvestorDoc._get_collection()
        if result.source_changed:
            won = compare_and_set(collection, {"_id": source.id, "version": source.version}, {
                "$set": {"state": investors.MERGED, "merged_into": target.id, "history": _history_dicts(result.source),
                         "update_time": self.clock()},
                "$unset": {"active_code": ""}, "$inc": {"version": 1}})
            if won is None:
                raise Conflict(f"investor {source.id} changed during the merge; retry", reason="STALE_VERSION")
        if result.target_changed:
            t = result.target
            sets: dict[str, Any] = {"aliases": list(t.aliases), "merged_investor_ids": list(t.merged_investor_ids),
                                    "history": _history_dicts(t), "update_time": self.clock()}
            if t.credit_code and not target.credit_code:
                sets.update(credit_code=t.credit_code, active_code=t.credit_code)
            won = compare_and_set(collection, {"_id": target.id, "version": target.version},
                                  {"$set": sets, "$inc": {"version": 1}})
            if won is None:
                raise Conflict(f"investor {target.id} changed during the merge; retry", reason="STALE_VERSION")
        with atomic():
            moved = ProjectDoc.objects(investor_id=source.id).update(set__investor_id=target.id)
        on_projects_moved(moved)
        return self.get(target.id)
