"""jlp_common: what every Smart Jiulongpo service shares, written once.

Mechanics: configuration, logging, telemetry, gRPC server and client bootstrap, the event bus,
storage connection (`db`), auth, error mapping, geo and pagination.

The service kit — import these instead of writing a service's own copy
(`tests/test_one_definition.py` fails naming the file and line of a copy):
- `timeutil`: the UTC clock, naive→aware UTC, Timestamp ↔ datetime, RFC 3339;
- `atomic`: single-document conditional writes, atomic on MongoDB and on the embedded store;
- `periodic.Periodic`: a background job run on one replica at a time under a lease;
- `context.require_principal`: the verified caller, or UNAUTHENTICATED;
- `subjects`: NATS event subjects, one constant per event of `events.proto`;
- pure domain pieces several services need: `identifiers` (GB 11643 resident ID, GB 32100
  credit code, mobile numbers), `masking`, `pii` (field-bound encryption, keyed look-up hash),
  `audit_chain` (hash-chained audit records).
"""
