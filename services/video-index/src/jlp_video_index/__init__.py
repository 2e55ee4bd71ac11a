"""video-index service: the district's camera registry (GB/T 28181 channel ids), the index of
what video analytics detected, camera coverage, and audited, expiring access to streams.

It stores no video. Pure rules live in `jlp_video_index.domain` (no I/O, clock injected).
"""
