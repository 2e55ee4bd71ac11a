"""Pure rules of the grid-event service: no I/O, no clocks (callers pass `now`)."""
