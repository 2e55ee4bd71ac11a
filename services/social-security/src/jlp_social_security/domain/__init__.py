"""Pure rules of the social-security service: no I/O, clocks and configuration passed in."""
