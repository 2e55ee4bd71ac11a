"""`jlpctl deadletters list|show|redrive|discard`: the dead-letter stream for operators (ADR 0011).

Talks to NATS directly (jlp_common.events.redrive), not to the Kubernetes API: with
`--nats-url` / `$JLP_NATS_URL` and the dead-letter operator's credentials `--creds` /
`$JLP_NATS_CREDS` (a NATS user that may read and delete in JLP_DEADLETTER and publish only on
`jlp.*.redrive.>`). In a cluster: `kubectl port-forward svc/<release>-nats 4222` first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from jlp_common.events.redrive import DeadLetter, DeadLetterNotFound, DeadLetters, NotRedrivable
from jlpctl.errors import JlpctlError
from jlpctl.table import age, render

T = TypeVar("T")
MAX_SHOWN_ERROR = 80


def add_parser(sub: Any) -> None:
    p = sub.add_parser("deadletters", help="list, show, redrive or discard dead-lettered events")
    p.add_argument("--nats-url", default=os.environ.get("JLP_NATS_URL"),
                   help="NATS server(s) (default: $JLP_NATS_URL)")
    p.add_argument("--creds", default=os.environ.get("JLP_NATS_CREDS"),
                   help="NATS credentials file of the dead-letter operator (default: $JLP_NATS_CREDS)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds per NATS request")
    actions = p.add_subparsers(dest="action", required=True)
    ls = actions.add_parser("list", help="dead letters, oldest first")
    ls.add_argument("--consumer", help="only this durable consumer's (e.g. grid-event-environment-alerts)")
    ls.add_argument("--reason", help="only this reason (handler_failed, malformed, max_deliveries, ...)")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--after", type=int, default=0, help="only sequences after this one (paging)")
    show = actions.add_parser("show", help="one dead letter with its headers and payload")
    show.add_argument("sequence", type=int)
    redrive = actions.add_parser("redrive", help="send dead letters back to their consumer")
    redrive.add_argument("sequences", type=int, nargs="*", help="dead-letter sequences")
    redrive.add_argument("--consumer", help="every dead letter of this consumer")
    redrive.add_argument("--reason", help="with --consumer: only those parked for this reason")
    discard = actions.add_parser("discard", help="delete dead letters that must not be processed")
    discard.add_argument("sequences", type=int, nargs="+")


def run(args: argparse.Namespace) -> int:
    if not args.nats_url:
        raise JlpctlError("no NATS URL: pass --nats-url or set JLP_NATS_URL (in a cluster, "
                          "kubectl port-forward the release's NATS service first)")
    return ACTIONS[args.action](args)


def _with(args: argparse.Namespace, action: Callable[[DeadLetters], Awaitable[T]]) -> T:
    async def go() -> T:
        async with DeadLetters.connect(args.nats_url, creds=args.creds,
                                       timeout_s=args.timeout) as letters:
            return await action(letters)

    try:
        return asyncio.run(go())
    except (DeadLetterNotFound, NotRedrivable) as exc:
        raise JlpctlError(str(exc)) from None
    except (OSError, TimeoutError) as exc:
        raise JlpctlError(f"cannot reach NATS at {_where(args.nats_url)}: {exc or type(exc).__name__}") from None
    except Exception as exc:  # nats-py's own errors: no servers, permissions, auth
        if type(exc).__module__.startswith("nats"):
            raise JlpctlError(f"NATS at {_where(args.nats_url)}: {exc or type(exc).__name__}") from None
        raise


def _where(url: str) -> str:
    """Host and port only: the URL may carry a user and password."""
    first = url.split(",")[0].strip()
    parts = urlsplit(first if "://" in first else f"nats://{first}")
    return f"{parts.hostname}:{parts.port or 4222}"


def _row(letter: DeadLetter) -> tuple[object, ...]:
    error = letter.error if len(letter.error) <= MAX_SHOWN_ERROR else letter.error[:MAX_SHOWN_ERROR - 1] + "…"
    return (letter.sequence, letter.consumer, letter.subject, letter.reason, letter.deliveries,
            age(letter.parked_at), letter.event_id or "-", error)


def list_(args: argparse.Namespace) -> int:
    letters = _with(args, lambda d: d.list(consumer=args.consumer, reason=args.reason,
                                           limit=args.limit, after=args.after))
    if not letters:
        print("no dead letters")
        return 0
    print(render(("SEQ", "CONSUMER", "SUBJECT", "REASON", "DELIVERIES", "AGE", "EVENT", "ERROR"),
                 [_row(x) for x in letters]))
    if len(letters) == args.limit:
        print(f"(more may follow: --after {letters[-1].sequence})")
    return 0


def show(args: argparse.Namespace) -> int:
    letter = _with(args, lambda d: d.get(args.sequence))
    for name, value in (("sequence", letter.sequence), ("consumer", letter.consumer),
                        ("stream", f"{letter.stream} #{letter.source_sequence}"),
                        ("subject", letter.subject), ("reason", letter.reason),
                        ("deliveries", letter.deliveries), ("parked", letter.parked_at),
                        ("error", letter.error)):
        print(f"{name + ':':<12}{value}")
    print("headers:")
    for key, value in sorted(letter.headers.items()):
        print(f"  {key}: {value}")
    print("payload:")
    try:
        print(json.dumps(json.loads(letter.payload), ensure_ascii=False, indent=2))
    except (UnicodeDecodeError, json.JSONDecodeError):
        print(f"  ({len(letter.payload)} bytes, not JSON) {letter.payload[:200]!r}")
    return 0


def redrive(args: argparse.Namespace) -> int:
    if bool(args.sequences) == bool(args.consumer):
        raise JlpctlError("name the dead letters to redrive: sequences, or --consumer C "
                          "(optionally with --reason R) for all of one consumer")
    if args.reason and not args.consumer:
        raise JlpctlError("--reason only narrows --consumer")

    async def go(d: DeadLetters) -> list[Any]:
        sequences = args.sequences
        if args.consumer:
            sequences = [x.sequence for x in await d.list(consumer=args.consumer,
                                                          reason=args.reason, limit=10_000)]
        return [await d.redrive(seq) for seq in sequences]

    done = _with(args, go)
    for r in done:
        note = " (already redriven)" if r.duplicate else ""
        print(f"#{r.sequence}: redriven to {r.consumer} ({r.stream} #{r.stored_sequence}){note}")
    print(f"{len(done)} dead letter(s) redriven")
    return 0


def discard(args: argparse.Namespace) -> int:
    async def go(d: DeadLetters) -> list[DeadLetter]:
        return [await d.discard(seq) for seq in args.sequences]

    for letter in _with(args, go):
        print(f"#{letter.sequence}: discarded ({letter.consumer}, {letter.subject}, "
              f"event {letter.event_id or '-'})")
    return 0


ACTIONS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": list_, "show": show, "redrive": redrive, "discard": discard}
