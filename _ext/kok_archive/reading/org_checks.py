"""The organisations of every event against the registry (``kok.org``), once all pages are read:
one warning per unknown name, with the organisation probably meant, named as it was called on
the event's day, and what to do about it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sphinx.environment import BuildEnvironment

from ..core.catalogues import SOURCE_LANGUAGE
from ..core.dates import full_date
from ..core.model import Event
from ..core.org_history import short_date
from ..core.organisations import Organisation, Registry, aliases_to_paste, fold
from ..logs import warn


def check_organisations(env: BuildEnvironment, known: Registry, events: Iterable[Event]) -> None:
    if env.config.kok_organisations is None:  # the registry file is unreadable: kok.config says so
        return
    for event in events:
        day = event.date.first if event.date else None
        where = (event.docname, event.org_line or event.lineno)
        for written in event.orgs:
            org = known.lookup(written)
            if org is not None:
                _check_period(env, written, org, event, where)
                continue
            found = known.suggestion(written)
            advice = _advice(written, found[0] if found else None, env.config.kok_organisations_file)
            hint = _hint(written, found, day)
            stop = "" if hint.endswith("?") else "."
            warn(
                "org",
                f"»{written}« steht nicht im Organisationsverzeichnis{hint}{stop} "
                f"Es wird so aufgenommen, wie es geschrieben ist. {advice}",
                where,
            )


def _check_period(env: BuildEnvironment, written: str, org: Organisation, event: Event, where: tuple[str, int]) -> None:
    """An earlier name written for an event after it was given up: probably copied from an
    older year (a name used before its recorded period is not flagged: history may be missing)."""
    former = org.outdated(written, event.date.first) if event.date else None
    if former is None or event.date is None:
        return
    when = full_date(event.date, SOURCE_LANGUAGE)  # for staff: German
    warn(
        "org",
        f"»{written}« ist ein früherer Name und galt nur bis {short_date(former.until)}; am {when} hieß die "
        f"Organisation »{org.display_at(event.date.first)}«. Das Ereignis steht trotzdem bei ihr; bitte den "
        "Namen dieser Zeit verwenden.",
        where,
    )


def _advice(written: str, close: Organisation | None, file: str) -> str:
    """What to do about an unknown name, in a line or two: the line to add to the entry of a
    similar organisation; a new entry's lines stand, for all missing names together, in the
    summary at the end of the build (kok_tools.summary), not in every warning. Nothing to add
    when only case, umlauts or punctuation differ from a registered spelling (it would clash)."""
    same = [spelling for spelling in close.spellings() if fold(spelling) == fold(written)] if close else []
    if same:
        return f"Bitte die eingetragene Schreibweise »{same[0]}« verwenden."
    new_entry = (
        f"Ist es eine {'andere' if close else 'neue'} Organisation: Die Zeilen für {file} stehen, für alle "
        "fehlenden zusammen, in der Zusammenfassung am Ende des Builds."
    )
    if close is None:
        return new_entry
    where_to = (
        "die Zeile »auch = …« dort durch diese ersetzen" if close.aliases else "diese Zeile unter »name = …« einfügen"
    )
    return (
        f"Ist es dieselbe Organisation in anderer Schreibweise, im Eintrag »{close.name}« in {file} "
        f"{where_to}:\n    {aliases_to_paste(close, written)}\n{new_entry}"
    )


def _hint(written: str, found: tuple[Organisation, str] | None, day: date | None) -> str:
    """The similar registered organisation, under the name it had on the event's day. Only a
    hedged question when the likeness is with an abbreviation: BMJ and BMJV may be two bodies."""
    if found is None:
        return ""
    org, spelling = found
    meant = org.display_at(day)
    if fold(spelling) == fold(written) or spelling not in org.shorts():
        return f"; gemeint ist wohl »{meant}«"
    former = org.name_at(day) if day else None
    valid = former.spellings() if former else org.current_spellings()
    then = "" if spelling in valid else f" (zur Zeit dieses Ereignisses: »{meant}«)"
    return f"; ähnlich wie »{spelling}«{then} – dieselbe Organisation?"
