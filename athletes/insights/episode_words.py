"""An episode's context in words: the one place that says what the athlete answered about a cramp.

The athlete's log and the coach's page both show it as one short line ("During training · 45 min
into the session · hard effort (RPE 8) · hot or humid conditions · slept 6 h"). Only what was answered is
said: heat and sweating left unsaid (None) say nothing, while a "no" to either is an answer and is
said. Electrolytes and new training are ticks, so only a tick is said. Yes and no are said in the
episode form's own words (the question's label, "Not hot"), lower-cased for the middle of a line. A number
is held to the words on either side of it by no-break spaces, so that a narrow column never leaves "h"
alone on a line after "slept 6".
"""

import re

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext, ngettext

from .trigger_rules import HARD_RPE

SPACE_BY_A_NUMBER = re.compile(r"(?<=\d) | (?=\d)")


def _number(value):
    """6 for 6.0, 6.5 for 6.5, in the active language's decimal mark."""
    return floatformat(value, "-1")


def _asked(episode, name):
    """A yes-or-tick field's own words, as the form asks it: "hot or humid conditions"."""
    return str(episode._meta.get_field(name).verbose_name)


def context_words(episode):
    """The context the athlete gave about `episode`, as short phrases: the setting, then the form's order. No queries.

    An empty list when nothing was given (a quick log left as it was). The episode's time, muscle,
    severity, warning signs and notes are not in it: pages show those on their own.
    """
    words = []
    if episode.setting:
        words.append(episode.get_setting_display())
    if episode.duration_minutes:
        words.append(gettext("lasted %(n)s min") % {"n": _number(episode.duration_minutes)})
    if episode.minutes_into_session is not None:
        words.append(gettext("%(n)s min into the session") % {"n": episode.minutes_into_session})
    if episode.session_rpe is not None:
        if episode.session_rpe >= HARD_RPE:
            words.append(gettext("hard effort (RPE %(n)s)") % {"n": episode.session_rpe})
        else:
            words.append(gettext("effort (RPE %(n)s)") % {"n": episode.session_rpe})
    if episode.hot_conditions is not None:
        words.append(_asked(episode, "hot_conditions") if episode.hot_conditions else gettext("Not hot").lower())
    if episode.fluid_intake:
        words.append(
            gettext("fluids in the last 3 h: %(amount)s") % {"amount": episode.get_fluid_intake_display().lower()}
        )
    if episode.heavy_sweating is not None:
        sweating = _asked(episode, "heavy_sweating") if episode.heavy_sweating else gettext("No heavy sweating").lower()
        words.append(sweating)
    if episode.electrolytes_taken:
        words.append(_asked(episode, "electrolytes_taken"))
    if episode.sleep_hours is not None:
        words.append(gettext("slept %(n)s h") % {"n": _number(episode.sleep_hours)})
    if episode.days_since_rest is not None:
        n = episode.days_since_rest
        words.append(ngettext("%(n)s day since a rest day", "%(n)s days since a rest day", n) % {"n": n})
    if episode.new_or_harder_training:
        words.append(_asked(episode, "new_or_harder_training"))
    return [SPACE_BY_A_NUMBER.sub("\xa0", phrase) for phrase in words]
