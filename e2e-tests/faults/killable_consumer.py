"""A consumer process that SIGKILLs itself between its side effect and its ack (fault suite).

`python killable_consumer.py <nats url> <applied file> <received file> <n,n,...>`: consumes
jlp.faults.item.created with the platform's durable pull consumer `faults-killable`. Its
"database" is the applied file: the effect of an event is one appended, fsynced line with the
event id (the effect and its record of the id in one write, as a service's single-document
write does), so it survives the kill. The first time it applies an event whose `n` is listed,
it kills itself with SIGKILL right after the effect, before the handler returns, so before the
ack: JetStream must redeliver it to the next process, which must recognise it.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from jlp_common.config import Settings
from jlp_common.events import Event, EventBus
from jlp_testkit.faults import STREAM, SUBJECT

DURABLE = "faults-killable"
ACK_WAIT_S = 1.0


def main(argv: list[str]) -> int:
    url, applied_path, received_path = argv[0], Path(argv[1]), Path(argv[2])
    kill_at = {int(x) for x in argv[3].split(",") if x}
    applied = set(applied_path.read_text().split()) if applied_path.exists() else set()
    applied_file = open(applied_path, "a")  # open for the process's life
    received_file = open(received_path, "a")

    def handle(event: Event) -> None:
        received_file.write(event.id + "\n")
        received_file.flush()
        if event.id in applied:
            return  # already applied before a kill: ack without applying again
        applied_file.write(event.id + "\n")
        applied_file.flush()
        os.fsync(applied_file.fileno())
        applied.add(event.id)
        if int(event.data["n"]) in kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # after the effect, before the ack

    bus = EventBus(Settings.from_env("faults-consumer", {"JLP_NATS_URL": url}),
                   reconnect_wait_s=0.1, fetch_timeout_s=0.5)
    bus.start()
    bus.subscribe(STREAM, DURABLE, SUBJECT, handle, max_deliver=10, backoff_s=(0.2,),
                  ack_wait_s=ACK_WAIT_S)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    bus.stop(timeout_s=2.0)
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    raise SystemExit(main(sys.argv[1:]))
