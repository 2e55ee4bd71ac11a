"""How a consumer tells a failure worth retrying from one that retrying cannot fix.

A handler that raises is retried with back-off (consumer.py), because most failures are
transient: the database or another service is down, a write lost a race. Some are not: the
event is not readable, names something that does not exist, or breaks a rule of the domain.
Retrying those only delays the moment an operator sees them and, with back-off schedules long
enough to ride out an outage (an hour by default), would hide them for that hour. So a handler
raises `Permanent` (or an exception deriving from it) for those, and the consumer parks the
message in the dead-letter stream at once with the reason, where `jlpctl deadletters` shows it
and, once the cause is fixed, redrives it (ADR 0011). The consumer itself classifies a message
that is no CloudEvent, or whose data is not the message its handler expects (MalformedEvent),
as permanent. Everything else is transient.
"""

from __future__ import annotations


class Permanent(Exception):  # noqa: N818 - reads as "raise Permanent(...)", like Python's StopIteration
    """A failure no retry can fix: the event goes to the dead letters on this delivery.

    `reason` is a short machine-readable word for the dead letter's `Jlp-Dlq-Reason`
    (default `permanent`); the message says what is wrong, for the operator.
    """

    reason = "permanent"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason:
            self.reason = reason
