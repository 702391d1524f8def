"""Which red flags a window of episodes raises, and why: the rules and their thresholds, each with its source.

insights.flags turns these reasons into the flags a page shows (the library's wording, urgency and
acknowledgements).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import CrampEpisode
from .flag_defaults import FLAG_SOURCES
from .medicines import medicine_mentions
from .trigger_rules import (
    HARD_RPE,
    LONG_MINUTES,
    at_night,
    at_rest_away_from_training,
    hard_or_long_session,
    night_from_clock_only,
)
from .triggers import WINDOW_DAYS

URGENT_FOR = timedelta(hours=48)  # how long a same-day or emergency flag stays urgent after its episode

# Red flags ---------------------------------------------------------------
#
# Each rule follows the red flags of EVIDENCE.md; where a source gives no number ("frequent",
# "affecting your sleep"), Cramps takes the cautious reading: a professional's look costs little.
# The source of each threshold is beside it, and shown under the flag (flag_defaults.FLAG_SOURCES).
#
# Warning signs on any episode of the window raise their flag. A same-day or
# emergency flag stays urgent only while its episode is recent (48 hours);
# after that it still shows, as "book an appointment".
# - Swelling of one leg (or a side not given) is a possible clot: same day.
#   Swelling of both legs: book an appointment. Numbness: book an appointment.
# - After a hard or long session (triggers.hard_or_long_session: RPE 7+, 90+ minutes or a
#   competition), ANY ONE of muscle weakness (or being unable to finish), pain far worse than
#   the effort explains, or dark urine is possible muscle breakdown: same day, ask for a CK
#   blood test ("dark-urine"), at any severity (CDC/NIOSH). Without such a session, dark urine
#   raises its own same-day flag, weakness "muscle-weakness" and pain out of proportion
#   "frequent-or-severe" (both: book an appointment).
# - A cramp lasting more than 10 minutes: same day (NHS). Vomiting: emergency (Miller 2022).
# Patterns over the last 28 days: 4+ cramps, two of 8+/10, or one 10/10 (frequent or severe);
# rising: at least double the 28 days before, from at least one, and 4+; or suddenly 4+ in the
# last 7 days against at most one a week in the up to 21 days of history before them, including
# none; 2+ night cramps in bed (sleep), or 2+ read from the clock alone (logged in the small hours
# with no setting: asks the athlete to confirm); 2+ cramps at rest away from training (no obvious
# cause); cramps while the profile ticks a medicine linked with cramps, or the profile's other
# medicines or an episode's notes name one (library CrampMedicine).


# Mayo Clinic "Muscle cramp": see a doctor for cramps that are frequent. No number is given; the
# cautious reading is about one a week: 4 in 28 days.
FREQUENT_PER_28_DAYS = 4
# Mayo Clinic "Muscle cramp": cramps that are severe. No number is given. Cramps hurt, so a single
# 8 or 9 out of 10 is common in an ordinary exercise cramp; two of them in 28 days, or one worst
# possible (10/10), is read as severe.
SEVERE_AT = 8
SEVERE_EPISODES = 2
WORST = 10
# NHS "Leg cramps": a cramp that lasts longer than 10 minutes needs an urgent check (more than 10, not 10).
LONG_CRAMP_MINUTES = 10
RISING_MIN_EPISODES = 4
SUDDEN_DAYS = 7
SUDDEN_MIN_EPISODES = 4  # in the last 7 days
SUDDEN_MAX_BEFORE_PER_WEEK = 1  # in the days of the window before them
SUDDEN_MIN_DAYS_BEFORE = 7  # of history before the last 7 days, to compare with
# NHS "Leg cramps" and Mayo Clinic: cramps that disturb (affect) sleep. No number is given; the
# cautious reading is a second night in 28 days: one bad night can be chance, two are a pattern.
NIGHT_EPISODES = 2
# Mayo Clinic "Muscle cramp": cramps with no obvious cause such as hard exercise. No number is
# given; the cautious reading is a second cramp at rest, away from training, in 28 days.
REST_EPISODES = 2

# Signs of muscle breakdown after hard or long exercise (CDC/NIOSH, exertional rhabdomyolysis):
# any one is enough, at any cramp severity. The field and the words for it in a reason.
BREAKDOWN_SIGNS = {
    "muscle_weakness": gettext_lazy("muscle weakness"),
    "pain_far_worse_than_effort": gettext_lazy("pain far worse than the effort explains"),
    "dark_urine": gettext_lazy("dark urine"),
}

# The numbers in the flags' sources (flag_defaults.FLAG_SOURCES).
THRESHOLDS = {
    "hard_rpe": HARD_RPE,
    "long_minutes": LONG_MINUTES,
    "long_cramp": LONG_CRAMP_MINUTES,
    "frequent": FREQUENT_PER_28_DAYS,
    "severe": SEVERE_AT,
    "worst": WORST,
    "rising": RISING_MIN_EPISODES,
    "sudden": SUDDEN_MIN_EPISODES,
    "nights": NIGHT_EPISODES,
    "at_rest": REST_EPISODES,
    "days": WINDOW_DAYS,
}


def flag_source(slug):
    """Why the flag is raised: its source and, where the source gives no number, the reading taken. No queries."""
    text = FLAG_SOURCES.get(slug)
    return str(text) % THRESHOLDS if text else ""


@dataclass(frozen=True)
class Reason:
    text: str
    recent: bool = True  # False: the episode behind it is older than URGENT_FOR
    latest: datetime | None = field(default=None, compare=False)  # the newest episode that raises it


# A warning sign and the day it was logged: "Numbness logged on 3 Mar."
LOGGED_ON = gettext_lazy("%(sign)s logged on %(day)s.")


def _date(when):
    return date_format(timezone.localtime(when), "j M")


def _one_side_or_unknown(episode):
    return episode.side != CrampEpisode.Side.BOTH


def _episode_signs(episode):
    """The flags one episode raises, with their reasons: [(slug, text)]. No queries."""
    long_cramp = episode.duration_minutes is not None and episode.duration_minutes > LONG_CRAMP_MINUTES
    if not long_cramp and not any(getattr(episode, sign) for sign in CrampEpisode.WARNING_SIGNS):
        return []  # most episodes: nothing to say, and no date to format
    day = _date(episode.occurred_at)
    hard = hard_or_long_session(episode)
    signs = []
    breakdown = [str(words) for sign, words in BREAKDOWN_SIGNS.items() if getattr(episode, sign)] if hard else []
    if breakdown:
        signs.append(
            (
                "dark-urine",
                _("%(signs)s after hard or long exercise, logged on %(day)s.")
                % {"signs": capfirst(", ".join(breakdown)), "day": day},
            )
        )
    for sign, slug in CrampEpisode.WARNING_SIGNS.items():
        if not getattr(episode, sign):
            continue
        label = capfirst(episode._meta.get_field(sign).verbose_name)
        if sign == "leg_swelling":
            if _one_side_or_unknown(episode):
                text = {
                    CrampEpisode.Side.LEFT: _("Swelling, redness or skin changes of the left leg logged on %(day)s."),
                    CrampEpisode.Side.RIGHT: _("Swelling, redness or skin changes of the right leg logged on %(day)s."),
                }.get(episode.side, _("Swelling, redness or skin changes of a leg (side not given) logged on %(day)s."))
                signs.append(("clot-signs", text % {"day": day}))
            else:
                text = _("Swelling, redness or skin changes of both legs logged on %(day)s.") % {"day": day}
                signs.append((slug, text))
        elif sign == "dark_urine":
            if not hard:
                signs.append(("dark-urine-without-hard-exercise", LOGGED_ON % {"sign": label, "day": day}))
        elif sign == "muscle_weakness":
            if not hard:  # after hard or long exercise it is a sign of muscle breakdown, raised above
                signs.append((slug, LOGGED_ON % {"sign": label, "day": day}))
        elif sign == "pain_far_worse_than_effort":
            if not hard:  # a severe cramp without the exercise to explain it
                signs.append((slug, LOGGED_ON % {"sign": label, "day": day}))
        else:
            signs.append((slug, LOGGED_ON % {"sign": label, "day": day}))
    if long_cramp:
        minutes = number_format(episode.duration_minutes.normalize())
        signs.append(
            ("long-cramp", _("A cramp on %(day)s lasted %(minutes)s minutes.") % {"day": day, "minutes": minutes})
        )
    return signs


def _sudden_rise(episodes, *, now, history_start):
    """Reason text if the last 7 days hold 4+ cramps against at most one a week before, else None. No queries."""
    week_start = now - timedelta(days=SUDDEN_DAYS)
    last_week = sum(e.occurred_at > week_start for e in episodes)
    if last_week < SUDDEN_MIN_EPISODES:
        return None
    before_start = now - timedelta(days=WINDOW_DAYS)
    if history_start is not None:
        before_start = max(before_start, history_start)
    days_before = (week_start - before_start).days
    if days_before < SUDDEN_MIN_DAYS_BEFORE:
        return None  # too little history before the last week to call it a rise
    before = sum(before_start < e.occurred_at <= week_start for e in episodes)
    if before / (days_before / 7) > SUDDEN_MAX_BEFORE_PER_WEEK:
        return None
    return _("%(recent)s cramps in the last %(days)s days, against %(before)s in the %(days_before)s days before.") % {
        "recent": last_week,
        "days": SUDDEN_DAYS,
        "before": before,
        "days_before": days_before,
    }


def _and(names):
    return (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    )


def _medicines_reason(profile, count, mentions=()):
    """A ticked class linked with cramps, or a medicine of the library's list named in the profile's other
    medicines or in an episode's notes (`mentions`, see medicine_mentions), raises the flag. No queries."""
    parts = []
    ticked = [str(name) for name in profile.medicines_listed] if profile is not None else []
    in_profile_text = any(mention.occurred_at is None for mention in mentions)
    if ticked:
        if profile.other_medicines and not in_profile_text:  # named beside the classes, for the doctor
            ticked.append(_("other medicines (%(names)s)") % {"names": profile.other_medicines})
        parts.append(_("%(medicines)s listed in the profile") % {"medicines": _and(ticked)})
    for mention in mentions:
        said = {"quote": mention.quote, "medicine": mention.medicine}
        if mention.occurred_at is None:
            parts.append(_("“%(quote)s” in the profile's other medicines (%(medicine)s)") % said)
        else:
            said["day"] = _date(mention.occurred_at)
            parts.append(_("“%(quote)s” in the notes of %(day)s (%(medicine)s)") % said)
    if not parts:
        return None
    return ngettext(
        "%(medicines)s, with %(count)s cramp in the last %(days)s days.",
        "%(medicines)s, with %(count)s cramps in the last %(days)s days.",
        count,
    ) % {"medicines": capfirst("; ".join(parts)), "count": count, "days": WINDOW_DAYS}


def _night_reason(episodes):
    """(slug, text, matching) for night cramps that disturb sleep, or None. No queries.

    Night cramps in bed assert it ("sleep-disturbing"); when it takes cramps read from the clock
    alone (the small hours, no setting) to reach the threshold, the flag says so and asks the
    athlete to confirm ("night-cramps-to-confirm").
    """
    nights = [e for e in episodes if at_night(e)]
    if len(nights) < NIGHT_EPISODES:
        return None
    clock_only = sum(night_from_clock_only(e) for e in nights)
    in_bed = len(nights) - clock_only
    if in_bed >= NIGHT_EPISODES:
        text = _("%(count)s cramps at night in bed in the last %(days)s days.") % {"count": in_bed, "days": WINDOW_DAYS}
        return "sleep-disturbing", text, lambda e: at_night(e) and not night_from_clock_only(e)
    text = ngettext(
        "%(count)s cramp logged between midnight and 6 am with no setting in the last %(days)s days",
        "%(count)s cramps logged between midnight and 6 am with no setting in the last %(days)s days",
        clock_only,
    ) % {"count": clock_only, "days": WINDOW_DAYS}
    if in_bed:
        text += ngettext(", and %(count)s at night in bed", ", and %(count)s at night in bed", in_bed) % {
            "count": in_bed
        }
    text += _(": read from the clock alone, not confirmed as night cramps in bed.")
    return "night-cramps-to-confirm", text, at_night


def _logged_at(episode):
    """When the athlete told us: an acknowledgement holds until an episode is logged after it."""
    return episode.created_at or episode.occurred_at


def _frequent_or_severe(episodes, newest):
    """The Reason for cramps that are frequent or severe (Mayo Clinic; thresholds above), or None. No queries."""
    count = len(episodes)
    severe = sum(e.severity >= SEVERE_AT for e in episodes)
    worst = next((e for e in episodes if e.severity >= WORST), None)
    if count >= FREQUENT_PER_28_DAYS:
        return Reason(
            _("%(count)s cramps in the last %(days)s days.") % {"count": count, "days": WINDOW_DAYS}, latest=newest()
        )
    if severe >= SEVERE_EPISODES:
        return Reason(
            _("%(count)s severe cramps (8 or more out of 10) in the last %(days)s days.")
            % {"count": severe, "days": WINDOW_DAYS},
            latest=newest(lambda e: e.severity >= SEVERE_AT),
        )
    if worst:
        return Reason(_("A 10/10 cramp on %(day)s.") % {"day": _date(worst.occurred_at)}, latest=_logged_at(worst))
    return None


def red_flag_reasons(episodes, *, previous_count=0, profile=None, history_start=None, now=None, medicines=()):
    """Which red flags these recent episodes raise: {slug: Reason}. No queries.

    `episodes` are the last 28 days' episodes, newest first (so a reason names
    the latest); `previous_count` is how many the athlete had in the 28 days
    before, for the rising-frequency rule; `profile` (an AthleteProfile) gives the
    medicines; `history_start` is when the athlete's history begins (None: long
    enough ago), so a sudden rise is only called against days that were logged;
    `medicines` (from medicines.cramp_medicines) are looked for in the episodes'
    notes and the profile's other medicines (none given: only ticked classes count).
    """
    now = now or timezone.now()
    reasons = {}

    def note(slug, episode, text):
        reasons.setdefault(
            slug, Reason(text, recent=now - episode.occurred_at <= URGENT_FOR, latest=_logged_at(episode))
        )

    def newest(matching=lambda episode: True):
        return max((_logged_at(e) for e in episodes if matching(e)), default=None)

    for episode in episodes:
        for slug, text in _episode_signs(episode):
            note(slug, episode, text)
    count = len(episodes)
    # A sign on one episode (pain far worse than the effort) may have raised it already: that reason stays.
    if "frequent-or-severe" not in reasons and (frequent_or_severe := _frequent_or_severe(episodes, newest)):
        reasons["frequent-or-severe"] = frequent_or_severe
    sudden = _sudden_rise(episodes, now=now, history_start=history_start)
    if sudden:
        reasons["rising-frequency"] = Reason(sudden, latest=newest())
    elif previous_count and count >= RISING_MIN_EPISODES and count >= 2 * previous_count:
        reasons["rising-frequency"] = Reason(
            _("%(count)s cramps in the last %(days)s days, against %(before)s the %(days)s days before.")
            % {"count": count, "days": WINDOW_DAYS, "before": previous_count},
            latest=newest(),
        )
    if night := _night_reason(episodes):
        slug, text, matching = night
        reasons[slug] = Reason(text, latest=newest(matching))
    at_rest = sum(at_rest_away_from_training(e) for e in episodes)
    if at_rest >= REST_EPISODES:
        reasons["no-obvious-cause"] = Reason(
            _("%(count)s cramps at rest, away from training, in the last %(days)s days.")
            % {"count": at_rest, "days": WINDOW_DAYS},
            latest=newest(at_rest_away_from_training),
        )
    if count and (text := _medicines_reason(profile, count, medicine_mentions(episodes, profile, medicines))):
        reasons["medicines-and-conditions"] = Reason(text, latest=newest())
    return reasons


# Flags one episode raises by itself; pattern flags (frequency, medicines) show on the dashboard instead.
EPISODE_FLAGS = {
    "muscle-weakness",
    "leg-swelling",
    "clot-signs",
    "numbness",
    "dark-urine",
    "dark-urine-without-hard-exercise",
    "vomiting",
    "long-cramp",
}
