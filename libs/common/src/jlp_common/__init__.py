"""jlp_common: the mechanics every Smart Jiulongpo service shares, written once.

No domain logic lives here: configuration, logging, telemetry, gRPC server and client
bootstrap, the event bus, storage connection, auth, error mapping, geo and pagination.
"""
