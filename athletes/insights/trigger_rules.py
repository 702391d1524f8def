"""The inference rules: what one episode's context points to, and why, in words.

Each rule reads one episode's context and, when it holds, names a library cause
(by slug) and says why in words a person can check. The rules are deliberately
simple and conservative; they point at likely contributors, they do not diagnose.
Each rule reads the whole session together: its length, its effort, the setting,
the clock and the conditions. An answer the athlete left out (None, blank) is
unknown: no rule reads it as "no", and no reason claims it.

A hard or long session (defined once, in `hard_or_long_session`) is one of RPE 7
or more, 90 minutes or more, or a competition. Times are read in the current time
zone: callers activate the athlete's own zone first.

- neuromuscular-fatigue (Schwellnus 2009; Schwellnus, Drew & Collins 2011; Miller
  2022: cramps come with fatigue, late in long events and at a faster pace): late in
  a long session (90+ minutes, at any effort); an hour or more into a hard session
  (RPE 7+); 30 minutes or more into a hard competition (RPE 8+: a cramp minutes
  into a match is not fatigue, and a competition without a time is not read); or
  a cramp at rest or after training that follows a hard or long session.
- dehydration (Sawka 2007 ACSM; McDermott 2017 NATA: losses matter beyond about 2%
  of body weight; at 0.5 to 2 L of sweat an hour that takes a long or hot session):
  little fluid (under 500 ml) in the hours before a session of an hour or more, or
  in the heat, or before a session of unknown length (said so in the reason); hot
  or humid with no more than a litre to drink; hot or humid with fluids not logged
  (said so). A short session (under an hour) that was not hot has little sweat to
  replace: little fluid before it points nowhere.
- sodium-loss (Stofan 2005; Baker 2017): heavy sweating or salt marks, with no
  electrolytes or salty food taken.
- lack-of-conditioning (Soligard 2016: sudden rises in load): new or harder training.
- lack-of-recovery (Soligard 2016: at least one rest day a week; Watson 2015: adults
  need 7 hours or more): six or more days since the last rest day, or under six
  hours' sleep (well short of Watson's seven, so one shortish night is not read).
- nocturnal-cramps (Mayo Clinic "Night leg cramps"; NHS "Leg cramps"; Allen & Kirby
  2012): setting "at night in bed". A cramp logged between 00:00 and 06:00 with NO
  setting is read as night from the clock alone, and its reason says so
  (`night_from_clock_only`): the athlete should confirm they were in bed. A cramp at
  03:00 with the setting "at rest" is a cramp at rest, not a night cramp.
- circulation-and-nerves (NHS: numbness; Mayo Clinic: cramps with no obvious cause
  such as hard exercise): numbness with the cramp, or a cramp at rest that did not
  follow a hard or long session.

Mineral imbalance is never inferred: the research finds no electrolyte difference
in athletes who cramp, so it counts only when the athlete suspects it.

"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models import CrampEpisode


@dataclass(frozen=True)
class Rule:
    cause: str
    reason: str
    holds: object  # callable(episode) -> bool

    def __call__(self, episode):
        return bool(self.holds(episode))


LOW_FLUID = ("none", "low")
HARD_RPE = 7  # "hard" everywhere in the app (Schwellnus 2011: a faster pace predicted cramps)
LONG_MINUTES = 90  # "long" everywhere in the app: late in a long session, fatigue builds (Schwellnus 2009)
HARD_SESSION_MINUTES = 60  # an hour or more at RPE 7+ is enough time under load (Miller 2022)
HARD_COMPETITION_RPE = 8
COMPETITION_FATIGUE_MINUTES = 30  # time under load before a match's intensity reads as fatigue (Miller 2022)
# Sawka 2007 (ACSM), McDermott 2017 (NATA): losses matter beyond about 2% of body weight; at a typical
# 0.5-1 L of sweat an hour in cool conditions that takes an hour or more, in the heat sooner.
SWEATY_SESSION_MINUTES = 60
NIGHT_ENDS_AT_HOUR = 6  # a cramp from 00:00 to 05:59 with no setting is read as night, from the clock alone


def hard_or_long_session(episode):
    """The episode came in or after a hard or long session: RPE 7+, 90+ minutes, or a competition. No queries."""
    return (
        (episode.session_rpe or 0) >= HARD_RPE
        or (episode.minutes_into_session or 0) >= LONG_MINUTES
        or episode.setting == CrampEpisode.Setting.COMPETITION
    )


def _away_from_sessions(episode):
    """The setting says the cramp came at rest or at night in bed. No queries."""
    return episode.setting in ("rest", "night")


def _in_session(episode):
    """The cramp came during a session (training, competition) or the setting was not given. No queries."""
    return episode.setting in ("", "training", "competition", "other")


def late_in_long_session(episode):
    """90 minutes or more into a session, at any effort (Schwellnus 2009: cramps come late in long events).

    180 minutes at RPE 6 is fatigue: length alone is load. No queries.
    """
    return _in_session(episode) and (episode.minutes_into_session or 0) >= LONG_MINUTES


def hour_into_hard_session(episode):
    """An hour or more (under 90 minutes) into a session at RPE 7+ (Schwellnus 2011; Miller 2022). No queries."""
    minutes = episode.minutes_into_session or 0
    return (
        _in_session(episode)
        and HARD_SESSION_MINUTES <= minutes < LONG_MINUTES
        and (episode.session_rpe or 0) >= HARD_RPE
    )


def late_in_hard_competition(episode):
    """30 to 59 minutes into a competition at RPE 8+ (Schwellnus 2011: racing faster predicted cramps).

    Fatigue needs time under load: 3 minutes into a match is not fatigue, and a competition with no time
    logged is not read at all. From an hour on, the hard-session rule holds instead (from 90, the long
    one). No queries.
    """
    minutes = episode.minutes_into_session or 0
    return (
        episode.setting == CrampEpisode.Setting.COMPETITION
        and COMPETITION_FATIGUE_MINUTES <= minutes < HARD_SESSION_MINUTES
        and (episode.session_rpe or 0) >= HARD_COMPETITION_RPE
    )


def rest_after_hard_session(episode):
    """At rest or after training, following a hard or long session (RPE 7+ or 90+ minutes). No queries."""
    return episode.setting in ("rest", "after_training") and hard_or_long_session(episode)


def at_rest_away_from_training(episode):
    """At rest, and not after a hard or long session: no obvious cause such as hard exercise (Mayo Clinic).

    With no session logged, or an easy, short one. The clock does not matter: 03:00 "at rest" is a cramp
    at rest, not a night cramp. No queries.
    """
    return episode.setting == "rest" and not hard_or_long_session(episode)


def small_hours_no_setting(episode):
    """Between 00:00 and 06:00 in the current time zone, with no setting given. No queries."""
    return not episode.setting and timezone.localtime(episode.occurred_at).hour < NIGHT_ENDS_AT_HOUR


def night_from_clock_only(episode):
    """Read as a night cramp from the clock alone (small hours, no setting): to be confirmed, not a finding.

    Pages and flags that count it word it so ("logged between midnight and 6 am, no setting given"). No queries.
    """
    return small_hours_no_setting(episode)


def at_night(episode):
    """At night in bed, or in the small hours with no setting given (see night_from_clock_only). No queries.

    Mayo Clinic "Night leg cramps"; NHS "Leg cramps". Any other setting wins over the clock.
    """
    return episode.setting == "night" or small_hours_no_setting(episode)


def _little_fluid(episode):
    return episode.fluid_intake in LOW_FLUID


def _known_short(episode):
    """The session's length is logged and under an hour. No queries."""
    return episode.minutes_into_session is not None and episode.minutes_into_session < SWEATY_SESSION_MINUTES


def little_fluid_in_heat(episode):
    """Under 500 ml in the hours before, in hot or humid conditions: sweat losses run high (Sawka 2007). No queries."""
    return _little_fluid(episode) and episode.hot_conditions is True


def little_fluid_long_session(episode):
    """Under 500 ml before a session of an hour or more, not in the heat (Sawka 2007; McDermott 2017).

    A 75-minute session with under 500 ml is dehydration; a 25-minute cool one is not: it has little sweat
    to replace. No queries.
    """
    return (
        _little_fluid(episode)
        and episode.hot_conditions is not True
        and (episode.minutes_into_session or 0) >= SWEATY_SESSION_MINUTES
    )


def little_fluid_length_unknown(episode):
    """Under 500 ml in the hours before a session (or after one), heat not said and no session length logged.

    Low fluid alone still counts (the losses cannot be sized either way), and the reason says the length
    was not logged. No queries.
    """
    return (
        _little_fluid(episode)
        and episode.hot_conditions is not True
        and episode.minutes_into_session is None
        and not _away_from_sessions(episode)
    )


def little_fluid_away_from_sessions(episode):
    """Under 500 ml in the hours before a cramp at rest or at night, heat not said: there is no session to
    size the losses by, so low fluid alone counts, and the reason names no session. No queries."""
    return (
        _little_fluid(episode)
        and episode.hot_conditions is not True
        and episode.minutes_into_session is None
        and _away_from_sessions(episode)
    )


def hot_without_plenty_to_drink(episode):
    """Hot or humid, with 500 ml to 1 litre drunk: not plenty for sweat losses in the heat (Sawka 2007).

    Only when the intake was logged; a session known to be under an hour is left out. No queries.
    """
    return episode.hot_conditions is True and episode.fluid_intake == "moderate" and not _known_short(episode)


def hot_fluids_not_logged(episode):
    """Hot or humid, fluids not logged: heat raises sweat losses (Sawka 2007), the intake is unknown.

    Worded as such, never as "without plenty to drink"; a session known to be under an hour is left out.
    No queries.
    """
    return episode.hot_conditions is True and not episode.fluid_intake and not _known_short(episode)


def heavy_sweating_no_electrolytes(episode):
    """Heavy sweating or salt marks (said yes), with no electrolytes or salty food (Stofan 2005; Baker 2017).

    Sweating not said is unknown, and reads as nothing. No queries.
    """
    return episode.heavy_sweating is True and not episode.electrolytes_taken


RULES = [
    Rule(
        "dehydration",
        gettext_lazy("little fluid in the hours before, in hot or humid conditions"),
        little_fluid_in_heat,
    ),
    Rule(
        "dehydration",
        gettext_lazy("little fluid in the hours before a session of an hour or more"),
        little_fluid_long_session,
    ),
    Rule(
        "dehydration",
        gettext_lazy("little fluid in the hours before (session length not logged)"),
        little_fluid_length_unknown,
    ),
    Rule("dehydration", gettext_lazy("little fluid in the hours before"), little_fluid_away_from_sessions),
    Rule("dehydration", gettext_lazy("hot or humid, without plenty to drink"), hot_without_plenty_to_drink),
    Rule("dehydration", gettext_lazy("hot or humid conditions (fluids not logged)"), hot_fluids_not_logged),
    Rule("sodium-loss", gettext_lazy("heavy sweating with no electrolytes"), heavy_sweating_no_electrolytes),
    Rule("neuromuscular-fatigue", gettext_lazy("late in a long session (90+ minutes)"), late_in_long_session),
    Rule(
        "neuromuscular-fatigue",
        gettext_lazy("an hour or more into a hard session (RPE 7+)"),
        hour_into_hard_session,
    ),
    Rule(
        "neuromuscular-fatigue",
        gettext_lazy("30 minutes or more into a hard competition (RPE 8+)"),
        late_in_hard_competition,
    ),
    Rule("neuromuscular-fatigue", gettext_lazy("soon after a long or hard session"), rest_after_hard_session),
    # Soligard 2016: sudden rises in load.
    Rule("lack-of-conditioning", gettext_lazy("new or harder training"), lambda e: e.new_or_harder_training),
    # Soligard 2016: at least one rest day a week.
    Rule(
        "lack-of-recovery", gettext_lazy("six or more days without a rest day"), lambda e: (e.days_since_rest or 0) >= 6
    ),
    # Watson 2015: 7 hours or more; under six is clearly short.
    Rule(
        "lack-of-recovery",
        gettext_lazy("under six hours' sleep"),
        lambda e: e.sleep_hours is not None and e.sleep_hours < 6,
    ),
    Rule("nocturnal-cramps", gettext_lazy("at night in bed"), lambda e: e.setting == "night"),
    Rule(
        "nocturnal-cramps",
        gettext_lazy("logged between midnight and 6 am, no setting given (in bed not confirmed)"),
        night_from_clock_only,
    ),
    Rule("circulation-and-nerves", gettext_lazy("numbness with the cramp"), lambda e: e.numbness),
    Rule(
        "circulation-and-nerves", gettext_lazy("at rest, not after a hard or long session"), at_rest_away_from_training
    ),
]
