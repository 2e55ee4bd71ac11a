"""Test-only EchoService servicer and server entry point (`python -m jlp_testkit.echo`).

Proves the platform chain (gateway → gRPC → errors → shutdown) without any domain service.
Never deployed and never started by `make run`.
"""

from __future__ import annotations

import threading
import time
import uuid

from google.protobuf import timestamp_pb2

from jlp_common.bootstrap import create_app
from jlp_common.config import Settings
from jlp_common.errors import FieldViolation, InvalidArgument, NotFound
from jlp_common.grpc_server import GrpcApp
from jlp_common.pagination import PageTokens, page_size
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

SERVICE = "EchoService"
POLICY_TABLE = {
    "CreateNote": "echo:note.write",
    "GetNote": "public",
    "ListNotes": "public",
    "UpdateNote": "echo:note.write",
    "DeleteNote": "echo:note.write",
    "SleepNote": "public",
}


class EchoServicer(echo_pb2_grpc.EchoServiceServicer):
    """Keeps notes in memory; validates like a real service would."""

    def __init__(self) -> None:
        self.notes: dict[str, echo_pb2.Note] = {}
        self.lock = threading.Lock()
        self.tokens = PageTokens()

    def CreateNote(self, request, context):  # noqa: N802 - generated name
        note = request.note
        violations = []
        if not note.title.strip():
            violations.append(FieldViolation("note.title", "must not be empty"))
        if len(note.title) > 100:
            violations.append(FieldViolation("note.title", "at most 100 characters"))
        if violations:
            raise InvalidArgument(violations=violations)
        out = echo_pb2.Note()
        out.CopyFrom(note)
        out.name = f"notes/{uuid.uuid4().hex[:12]}"
        out.create_time.CopyFrom(timestamp_pb2.Timestamp(seconds=int(time.time())))
        with self.lock:
            self.notes[out.name] = out
        return out

    def GetNote(self, request, context):  # noqa: N802
        note = self.notes.get(request.name)
        if note is None:
            raise NotFound("Note", request.name)
        return note

    def ListNotes(self, request, context):  # noqa: N802
        query = {"filter": request.filter, "urgency": request.urgency}
        start = (self.tokens.decode(request.page_token, query) or {}).get("offset", 0)
        size = page_size(request.page_size, default=10)
        notes = sorted(self.notes.values(), key=lambda n: n.name)
        if request.urgency:
            notes = [n for n in notes if n.urgency == request.urgency]
        if request.filter:
            notes = [n for n in notes if request.filter in n.title]
        page = notes[start:start + size]
        nxt = self.tokens.encode({"offset": start + size}, query) if start + size < len(notes) else ""
        return echo_pb2.ListNotesResponse(notes=page, next_page_token=nxt)

    def UpdateNote(self, request, context):  # noqa: N802
        current = self.GetNote(echo_pb2.GetNoteRequest(name=request.note.name), context)
        current.title = request.note.title or current.title
        current.body_text = request.note.body_text or current.body_text
        return current

    def DeleteNote(self, request, context):  # noqa: N802
        with self.lock:
            if self.notes.pop(request.name, None) is None:
                raise NotFound("Note", request.name)
        return echo_pb2.DeleteNoteResponse()

    def SleepNote(self, request, context):  # noqa: N802
        if request.millis < 0 or request.millis > 60_000:
            raise InvalidArgument.field("millis", "must be between 0 and 60000")
        time.sleep(request.millis / 1000)
        return echo_pb2.SleepNoteResponse(slept_millis=request.millis)


def build_app(settings: Settings, verifier=None, connect_db: bool = False) -> GrpcApp:
    app = create_app("echo", settings, verifier=verifier, connect_db=connect_db)
    app.add_service(echo_pb2, EchoServicer(), policy={SERVICE: POLICY_TABLE})
    return app


def main() -> int:
    import os

    env = dict(os.environ)
    env.setdefault("JLP_METRICS_PORT", "0")
    settings = Settings.from_env("echo", env)
    return build_app(settings).run()


if __name__ == "__main__":
    raise SystemExit(main())
