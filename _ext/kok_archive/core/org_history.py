"""Earlier names of an organisation (``[[organisation.frueher]]`` in the registry), each with the
last day it was used: read and checked here, looked up by date in ``organisations``. Pure logic,
free of Sphinx.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import DateError, DateKind, parse_date

FORMER_KEYS = ("name", "kurz", "auch", "bis")


@dataclass(frozen=True)
class FormerName:
    """A name an organisation had until (and including) ``until``; since the ``until`` of the
    name before it, as far as the registry records (earlier history may be missing)."""

    name: str
    until: date
    short: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return f"{self.name} ({self.short})" if self.short else self.name

    def spellings(self) -> tuple[str, ...]:
        return tuple(s for s in (self.name, self.short, *self.aliases) if s)


def short_date(day: date) -> str:
    """``7.12.2021``, as the warnings write dates."""
    return f"{day.day}.{day.month}.{day.year}"


def read_former(owner: str, raw: Any, problems: list[str]) -> tuple[FormerName, ...]:
    """The earlier names of the entry ``owner``, oldest first; each problem in German, the
    offending earlier name left out (never the whole entry)."""
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        problems.append(f"»{owner}«: »frueher« muss aus Abschnitten [[organisation.frueher]] bestehen; ausgelassen.")
        return ()
    former: list[FormerName] = []
    for number, entry in enumerate(raw, 1):
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            problems.append(f"»{owner}«: der {number}. frühere Name hat keinen »name«; ausgelassen.")
            continue
        read = _read_one(owner, " ".join(name.split()), entry, problems)
        if read is None:
            continue
        if former and read.until <= former[-1].until:
            problems.append(
                f"»{read.name}« (früherer Name von »{owner}«, bis {short_date(read.until)}) steht nach "
                f"»{former[-1].name}« (bis {short_date(former[-1].until)}): frühere Namen bitte vom ältesten "
                "zum jüngsten ordnen, jedes »bis« nach dem vorigen; ausgelassen."
            )
            continue
        former.append(read)
    return tuple(former)


def _read_one(owner: str, name: str, entry: Mapping[str, Any], problems: list[str]) -> FormerName | None:
    unknown = set(entry) - set(FORMER_KEYS)
    if unknown:
        problems.append(
            f"»{name}« (früherer Name von »{owner}«): unbekannte Angaben {', '.join(sorted(unknown))} "
            f"(erlaubt: {', '.join(FORMER_KEYS)})."
        )
    until = read_day(entry.get("bis"))
    if until is None:
        problems.append(
            f"»{name}« (früherer Name von »{owner}«): »bis« fehlt oder ist kein Tag; bitte den letzten Tag "
            "unter diesem Namen angeben, z. B. bis = 2021-12-07; ausgelassen."
        )
        return None
    short = entry.get("kurz", "")
    if not isinstance(short, str):
        problems.append(f"»{name}« (früherer Name von »{owner}«): »kurz« muss ein Text sein; ausgelassen.")
        short = ""
    aliases = entry.get("auch", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.append(
            f"»{name}« (früherer Name von »{owner}«): »auch« muss eine Liste von Texten sein, "
            'z. B. ["BMJV"]; ausgelassen.'
        )
        aliases = []
    return FormerName(
        name=name,
        until=until,
        short=" ".join(short.split()),
        aliases=tuple(" ".join(a.split()) for a in aliases if a.strip()),
    )


def read_day(value: Any) -> date | None:
    """A TOML date (``2021-12-07``) or a text with one day (``"2021-12-07"``, ``"7.12.2021"``)."""
    if isinstance(value, datetime):  # a TOML date with a time: the day is meant
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_date(value)
    except DateError:
        return None
    return parsed.first if parsed.kind is DateKind.DAY else None


def history_text(
    former: tuple[FormerName, ...], long_day: Callable[[date], str], until: str = "{name} bis {day}"
) -> str:
    """``A (X) bis 16. Dezember 2013; B (Y) bis 7. Dezember 2021``: each earlier name with the
    last day it was used, oldest first (``until``: the words around both, in the edition's language)."""
    return "; ".join(until.format(name=f.display, day=long_day(f.until)) for f in former)
