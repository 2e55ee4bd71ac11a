"""Supervision items (督办) of projects: one document each, version-guarded edits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from mongoengine.errors import NotUniqueError
from mongoengine.queryset.visitor import Q
from pymongo.errors import DuplicateKeyError

from jlp_common.atomic import atomic, compare_and_set
from jlp_common.errors import Conflict, NotFound
from jlp_common.pagination import PageTokens, page_size
from jlp_common.timeutil import Clock, utc_now
from jlp_investment.domain import supervision
from jlp_investment.domain.versioning import check_version
from jlp_investment.models import ProjectDoc, SupervisionItemDoc

MAX_PAGE = 500


class SupervisionItems:
    def __init__(self, tokens: PageTokens, clock: Clock = utc_now) -> None:
        self.tokens, self.clock = tokens, clock

    def get(self, project_id: str, item_id: str) -> SupervisionItemDoc:
        doc = SupervisionItemDoc.objects(id=item_id, project_id=project_id).first() if item_id else None
        if doc is None:
            raise NotFound("SupervisionItem", f"projects/{project_id}/supervisionItems/{item_id}")
        return doc

    def create(self, project_id: str, values: Mapping[str, Any], request_id: str, actor: str) -> SupervisionItemDoc:
        if ProjectDoc.objects(id=project_id).only("id").first() is None:
            raise NotFound("Project", project_id)
        if request_id:
            existing = SupervisionItemDoc.objects(request_id=request_id, project_id=project_id).first()
            if existing is not None:
                return existing
        parsed = supervision.parse_item(values)
        now = self.clock()
        doc = SupervisionItemDoc(id=uuid.uuid4().hex, project_id=project_id, request_id=request_id or None,
                                 problem=parsed["problem"], owner=parsed["owner"],
                                 due_date=parsed["due_date"].isoformat(),  # type: ignore[union-attr]
                                 progress_note=parsed.get("progress_note", ""), create_time=now, update_time=now)
        doc.closed = False
        if parsed.get("closed"):
            for k, v in supervision.closing_changes(False, True, actor, now).items():
                setattr(doc, k, v)
        try:
            with atomic():
                doc.save(force_insert=True)
        except (NotUniqueError, DuplicateKeyError):
            winner = SupervisionItemDoc.objects(request_id=request_id).first() if request_id else None
            if winner is None:
                raise
            return winner
        return doc

    def list(self, project_id: str, open_only: bool, requested_size: int,
             token: str) -> tuple[list[SupervisionItemDoc], str]:
        if ProjectDoc.objects(id=project_id).only("id").first() is None:
            raise NotFound("Project", project_id)
        size = page_size(requested_size, maximum=MAX_PAGE)
        query = {"project_id": project_id, "open_only": open_only}
        position = self.tokens.decode(token, query)
        found = SupervisionItemDoc.objects(project_id=project_id)
        if open_only:
            found = found.filter(closed=False)
        if position:
            c, d, i = position["c"], position["d"], position["id"]
            found = found.filter(Q(closed__gt=c) | Q(closed=c, due_date__gt=d) | Q(closed=c, due_date=d, id__gt=i))
        docs = list(found.order_by("closed", "due_date", "id").limit(size + 1))
        return self.tokens.page(docs, size, lambda x: {"c": x.closed, "d": x.due_date, "id": x.id}, query)

    def update(self, project_id: str, item_id: str, values: Mapping[str, Any], paths: list[str], expected: int,
               actor: str) -> SupervisionItemDoc:
        parsed = supervision.parse_item(values, paths)
        doc = self.get(project_id, item_id)
        check_version("supervision item", item_id, doc.version, expected)
        now = self.clock()
        sets: dict[str, Any] = {k: (v.isoformat() if k == "due_date" else v)  # type: ignore[union-attr]
                                for k, v in parsed.items() if k != "closed"}
        if "closed" in parsed:
            sets.update(supervision.closing_changes(doc.closed, bool(parsed["closed"]), actor, now))
        sets["update_time"] = now
        won = compare_and_set(SupervisionItemDoc._get_collection(), {"_id": doc.id, "version": doc.version},
                              {"$set": sets, "$inc": {"version": 1}})
        if won is None:
            raise Conflict(f"supervision item {item_id} was changed concurrently; reload and retry",
                           reason="STALE_VERSION")
        return SupervisionItemDoc._from_son(won)

    @staticmethod
    def overdue(doc: SupervisionItemDoc, now: Any) -> bool:
        from datetime import date

        return supervision.is_overdue(date.fromisoformat(doc.due_date), doc.closed, now)
