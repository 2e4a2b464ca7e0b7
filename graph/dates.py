"""Partial ISO dates (`2016`, `2016-10`, `2016-10-12`) and what holds when.

A partial date names an interval: `2016` is the whole year. A thing starts at the first day of its
start and ends at the last day of its end, so a release "until 2020" still holds on 2020-12-31. A
relation is in force at a date when the date falls within its own `since`/`until` and within the
lifespans of both its ends; what has no dates holds at every date.
"""

from __future__ import annotations

import calendar
import re

PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

Day = tuple[int, int, int]


def parse(value: object) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day) of a valid partial date; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    m = PARTIAL.match(str(value).strip())
    if not m:
        return None
    parts = tuple(int(p) for p in m.groups() if p is not None)
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return None
    if len(parts) == 3 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return None
    return parts


def is_date(value: object) -> bool:
    return parse(value) is not None


def first_day(value: object) -> Day | None:
    """The earliest day a partial date covers."""
    parts = parse(value)
    if parts is None:
        return None
    year, month, day = (*parts, 1, 1)[:3]
    return (year, month, day)


def last_day(value: object) -> Day | None:
    """The latest day a partial date covers."""
    parts = parse(value)
    if parts is None:
        return None
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return (year, month, day)


def holds(at: object, start: str | None, end: str | None) -> bool:
    """Whether something with this `start` and `end` (either may be None: open) holds at `at`."""
    day = first_day(at)
    if day is None:
        return True
    begin, finish = first_day(start), last_day(end)
    return (begin is None or begin <= day) and (finish is None or day <= finish)


def in_force(at: object, since: str | None, until: str | None, *lives: tuple[str | None, str | None]) -> bool:
    """Whether a relation dated `since`..`until` is in force at `at`: within its own dates and within
    the life (start, end) of each of its ends. The browser's `Atlas.time.edgeHolds` is the same rule."""
    return holds(at, since, until) and all(holds(at, start, end) for start, end in lives)


def before(a: str, b: str) -> bool:
    """Whether all of `a` lies before all of `b` (so `a` cannot be a start of something ending at `b`)."""
    end_a, start_b = last_day(a), first_day(b)
    return end_a is not None and start_b is not None and end_a < start_b


def human(value: object) -> str:
    """`2016-10-12` as "12 October 2016", `2016-10` as "October 2016", `2016` as is."""
    parts = parse(value)
    if parts is None:
        return str(value)
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def normal(value: object) -> str:
    """A valid partial date as text, zero-padded (YAML may give `2016` as a number)."""
    parts = parse(value)
    assert parts is not None, value
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
