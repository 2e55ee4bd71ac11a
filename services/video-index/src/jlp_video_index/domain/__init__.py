"""Pure domain rules of video-index: no I/O, no database, the clock passed in."""
