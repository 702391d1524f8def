"""Medicines linked with cramps, found where the athlete wrote them: an episode's notes or the profile's
other medicines ("started a statin two weeks ago", "new water tablet", "Ventolin").

The list is the library's CrampMedicine rows, edited in the admin (sources: EVIDENCE.md, Mayo Clinic
"Night leg cramps", Allen & Kirby 2012, Garrison et al. 2012). It is read once per page, never per
athlete, and only when there is free text to read.
"""

from dataclasses import dataclass
from datetime import datetime

from library.models import CrampMedicine

QUOTE_CHARS = 70  # the longest quote of a note in a flag's reason
MAX_MENTIONS = 3  # the most places a reason names


@dataclass(frozen=True)
class Mention:
    medicine: str  # the library's name for it
    quote: str  # the words around it, as written
    occurred_at: datetime | None  # the episode whose notes name it; None: the profile's other medicines


def cramp_medicines():
    """The library's medicines linked with cramps. One query."""
    return list(CrampMedicine.objects.all())


def has_text_to_read(episodes, profile):
    """Whether these episodes' notes or the profile's other medicines hold anything to match. No queries."""
    return bool(profile is not None and profile.other_medicines) or any(episode.notes for episode in episodes)


def _quote(text, match):
    """The sentence around `match`, cut to about QUOTE_CHARS around it. No queries."""
    start = max((text.rfind(stop, 0, match.start()) for stop in ".!?\n;"), default=-1) + 1
    ends = [i for i in (text.find(stop, match.end()) for stop in ".!?\n;") if i != -1]
    end = min(ends, default=len(text))
    if end - start > QUOTE_CHARS:
        room = max(QUOTE_CHARS - (match.end() - match.start()), 0) // 2
        start, end = max(start, match.start() - room), min(end, match.end() + room)
    quote = " ".join(text[start:end].split())
    if start > 0 and text[start - 1] not in ".!?\n;":
        quote = "…" + quote
    if end < len(text) and text[end] not in ".!?\n;":
        quote += "…"
    return quote


def _found(text, medicines):
    """[(medicine, match)] of the medicines named in `text`. No queries."""
    return [(medicine, match) for medicine in medicines if (match := medicine.find_in(text))]


def medicine_mentions(episodes, profile, medicines):
    """Where the athlete named a medicine linked with cramps: [Mention], the profile first, then the
    newest notes; each medicine once per place kind (its newest note), at most MAX_MENTIONS. No queries.

    `episodes` newest first; `medicines` from cramp_medicines() (empty: nothing is found).
    """
    if not medicines:
        return []
    mentions = []
    if profile is not None and profile.other_medicines:
        text = profile.other_medicines
        mentions += [Mention(str(medicine), _quote(text, match), None) for medicine, match in _found(text, medicines)]
    in_notes = set()
    for episode in episodes:
        for medicine, match in _found(episode.notes, medicines):
            if medicine.name not in in_notes:
                in_notes.add(medicine.name)
                mentions.append(Mention(str(medicine), _quote(episode.notes, match), episode.occurred_at))
    return mentions[:MAX_MENTIONS]
