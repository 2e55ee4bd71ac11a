"""Identity's rules as pure functions: no I/O, no clock reads (callers pass `now`), no globals.

Servicers and the application layer call these; tests call them without a network.
"""
