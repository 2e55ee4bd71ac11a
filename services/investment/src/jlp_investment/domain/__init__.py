"""Pure rules of the investment service: no I/O, the clock is always passed in."""
