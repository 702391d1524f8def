"""How much data a pattern needs before Cramps calls it one: the one place every page asks.

Below these numbers the pages show what there is as counts ("early signs"), never as
percentages or bars, say how many more would make a pattern, and call suggestions
"worth trying" rather than findings.

- Episodes: MIN_EPISODES episodes in the trigger profile's window before a cause's
  share of them is shown as a percentage, or a plan is suggested as a finding. Five
  follows the day analysis's five days a side: with fewer, one episode more or less
  swings a share by 20 points or more.
- Days: MIN_DAYS days on each side (with and without a factor) before the day
  analysis judges a factor (insights.day_triggers).
- Before and after a plan: MIN_DAYS_FOR_EFFECT days on each side, and a comparison of
  the two counts that says how sure it is (insights.plans), never a bare percentage.

Sample sizes this small have no single source; they follow the rule of thumb that a
rate needs a handful of events before it means anything (a Poisson count of 5 has a
95% interval of about 1.6 to 11.7, wider than the count itself), and err towards
saying less.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

MIN_EPISODES = 5
MIN_DAYS = 5
MIN_DAYS_FOR_EFFECT = 14


@dataclass(frozen=True)
class EpisodeEvidence:
    """Whether `episodes` episodes make a pattern. No queries."""

    episodes: int

    @property
    def enough(self):
        """Enough episodes for shares (percentages, bars) and suggestions as findings."""
        return self.episodes >= MIN_EPISODES

    @property
    def early(self):
        """Some episodes, but too few for a pattern: counts as early signs."""
        return 0 < self.episodes < MIN_EPISODES

    @property
    def more_needed(self):
        """How many more episodes would make a pattern (0 when there are enough)."""
        return max(MIN_EPISODES - self.episodes, 0)

    @property
    def more_needed_text(self):
        """'3 more episodes would make a pattern.' ('' when there are enough)."""
        if self.enough:
            return ""
        return ngettext(
            "%(count)s more episode would make a pattern.",
            "%(count)s more episodes would make a pattern.",
            self.more_needed,
        ) % {"count": self.more_needed}

    @property
    def early_signs_text(self):
        """'Early signs from 2 episodes: 3 more episodes would make a pattern.' ('' when there are enough)."""
        if self.enough:
            return ""
        return (
            ngettext(
                "Early signs from %(count)s episode:",
                "Early signs from %(count)s episodes:",
                self.episodes,
            )
            % {"count": self.episodes}
            + " "
            + self.more_needed_text
        )

    @property
    def worth_trying(self):
        """worth_trying_text() while the episodes are too few for a pattern, else ''."""
        return "" if self.enough else worth_trying_text()


def episode_evidence(episodes):
    """EpisodeEvidence for a count or a collection of episodes. No queries."""
    count = episodes if isinstance(episodes, int) else len(episodes)
    return EpisodeEvidence(count)


def worth_trying_text():
    """How a suggestion is worded while the episodes are too few for a pattern."""
    return gettext("Worth trying: too few episodes yet to call it a finding.")
