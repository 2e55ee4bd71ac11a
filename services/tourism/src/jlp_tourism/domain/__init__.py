"""Pure tourism rules (no I/O; the clock is always passed in). Facts and their sections come from
shared/reference/scenic-capacity.md."""
