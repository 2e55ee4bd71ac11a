"""Plain-text tables and kubectl-style ages, for terminals and for `grep`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime


def age(created: datetime | None, now: datetime | None = None) -> str:
    """kubectl's short age: 45s, 12m, 5h3m, 3d4h, 400d."""
    if created is None:
        return "<unknown>"
    now = now or datetime.now(UTC)
    seconds = max(0, int((now - created).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 120:
        return f"{seconds}s"
    if minutes < 60:
        return f"{minutes}m"
    if hours < 24:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest and hours < 10 else f"{hours}h"
    if days < 10:
        rest = hours % 24
        return f"{days}d{rest}h" if rest else f"{days}d"
    return f"{days}d"


def render(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns left-aligned, separated by three spaces, like kubectl get."""
    cells = [list(map(str, header))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join("   ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                     for row in cells)
