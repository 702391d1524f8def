"""One ranked plan and the athlete's suggestions, with the reasons for each in words (to the athlete, or
about them to their coach)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from cramps.words import join_words
from library.models import (
    GRADE_ORDER,
    EvidenceGrade,
    MuscleGroup,
    RoutineTemplate,
    in_default_language,
)

from ..insights import WINDOW_DAYS
from ..insights.evidence import worth_trying_text

BROAD_AREAS = {MuscleGroup.FULL_LOWER_BODY, MuscleGroup.NERVE_PATHWAYS}
RECOVERY = "lack-of-recovery"
CONDITIONING = "lack-of-conditioning"
MAJOR_SHARE = 0.3  # a cause behind this share of episodes is one to act on


def _say(about, mine, theirs, **values):
    """`mine` (to the athlete) or, given `about` (the athlete's name, for anyone else), `theirs`, filled in."""
    if about:
        return theirs % {"name": about, **values}
    return mine % values


@dataclass
class Recommendation:
    template: RoutineTemplate
    covered: int  # the window's episodes whose causes it targets
    total: int  # the window's episodes
    cause_counts: list  # [(cause name, episodes)] of the athlete's causes it targets, most first
    main_coverage: tuple  # episodes behind each main cause it targets, most first, padded with 0s
    main_targeted: list  # names of the main causes it targets, most common first
    top_names: list  # names of the athlete's most common cause (more than one when tied)
    top_targeted: bool  # whether it targets the most common cause
    muscle_matches: int
    muscle_names: list
    group_fit: int  # 0 made for this athlete's group, 1 for all, 2 for the other group
    group_label: str
    grade: str  # the best prevention grade behind the main causes it targets (else the causes it covers)
    adds_load: bool
    targets: frozenset  # slugs of every cause the plan's items claim to prevent (contradicted claims left out)
    target_names: dict = field(default_factory=dict)  # {slug: cause name} of the targets
    about: str = ""  # the athlete's name when someone else reads; "" on the athlete's own pages
    worth_trying: bool = False  # too few episodes for a pattern, and no check-in link behind it
    early_signs: str = ""  # "Early signs from 2 episodes: 3 more episodes would make a pattern."
    day_links: list = field(default_factory=list)  # [(FactorResult, [cause names it targets])]
    held_back_for_recovery: bool = False
    first_for_width: bool = False  # moved first: the plan ranked first covered under half the episodes

    @property
    def grade_label(self):
        return EvidenceGrade(self.grade).label

    @property
    def share(self):
        return self.covered / self.total if self.total else 0.0

    @property
    def sort_key(self):
        return (
            tuple(-n for n in self.main_coverage),
            GRADE_ORDER[self.grade],
            -self.covered,
            -self.muscle_matches,
            self.group_fit,
            # The English name, whatever the reader's language: a coach and an athlete reading in different
            # languages see the same order (library.translation).
            getattr(self.template, in_default_language("name")).lower(),
        )

    @property
    def explanation(self):
        """Why this plan, in words for the reader, counts only. No queries."""
        about = self.about
        parts = []
        if self.worth_trying:
            parts += [worth_trying_text(), self.early_signs]
        if self.covered:
            causes = join_words([f"{name.lower()} ({n})" for name, n in self.cause_counts])
            parts.append(
                _say(
                    about,
                    gettext(
                        "It targets the causes behind %(covered)s of your %(total)s episodes in the last "
                        "%(days)s days: %(causes)s."
                    ),
                    gettext(
                        "It targets the causes behind %(covered)s of %(name)s's %(total)s episodes in the last "
                        "%(days)s days: %(causes)s."
                    ),
                    covered=self.covered,
                    total=self.total,
                    days=WINDOW_DAYS,
                    causes=causes,
                )
            )
            parts.append(self._ranking_reason)
        else:
            parts.append(
                _say(
                    about,
                    gettext("None of your episodes in the last %(days)s days points to a cause it targets."),
                    gettext("None of %(name)s's episodes in the last %(days)s days points to a cause it targets."),
                    days=WINDOW_DAYS,
                )
            )
        for result, names in self.day_links:
            parts.append(
                _say(
                    about,
                    gettext("Your check-ins link %(factor)s to cramp days (%(counts)s): it targets %(causes)s."),
                    gettext("%(name)s's check-ins link %(factor)s to cramp days (%(counts)s): it targets %(causes)s."),
                    factor=result.factor.name,
                    counts=result.short_counts_text,
                    causes=join_words([name.lower() for name in names]),
                )
            )
        if self.muscle_matches:
            parts.append(
                _say(
                    about,
                    gettext("It works the %(muscles)s, where %(matches)s of your %(total)s episodes happened."),
                    gettext("It works the %(muscles)s, where %(matches)s of %(name)s's %(total)s episodes happened."),
                    muscles=join_words(self.muscle_names),
                    matches=self.muscle_matches,
                    total=self.total,
                )
            )
        if self.group_fit == 0:
            parts.append(gettext("Made for %(group)s.") % {"group": self.group_label})
        elif self.group_fit == 2:
            parts.append(
                _say(
                    about,
                    gettext("Made for %(group)s, not your group."),
                    gettext("Made for %(group)s, not %(name)s's group."),
                    group=self.group_label,
                )
            )
        parts.append(gettext("Best prevention evidence behind it: %(grade)s.") % {"grade": self.grade_label.lower()})
        if self.held_back_for_recovery:
            parts.append(gettext("It adds training load, so it comes after rest and recovery."))
        if self.first_for_width:
            parts.append(
                gettext(
                    "It comes first as it covers the most episodes: the plan ranked ahead of it covered under half."
                )
            )
        return " ".join(str(part) for part in parts if part)

    @property
    def _ranking_reason(self):
        """How it stands against the main causes, the first thing the ranking reads: facts, never a position."""
        about, tied = self.about, len(self.top_names)
        top = join_words([name.lower() for name in self.top_names])
        if self.top_targeted:
            return _say(
                about,
                ngettext(
                    "That includes your most common cause, %(cause)s.",
                    "That includes %(cause)s, among your most common causes (%(top)s).",
                    tied,
                ),
                ngettext(
                    "That includes %(name)s's most common cause, %(cause)s.",
                    "That includes %(cause)s, among %(name)s's most common causes (%(top)s).",
                    tied,
                ),
                cause=join_words([name.lower() for name in self.main_targeted if name in self.top_names]),
                top=top,
            )
        if self.main_targeted:
            return _say(
                about,
                ngettext(
                    "That includes %(cause)s, one of your main causes, but not your most common, %(top)s.",
                    "That includes %(cause)s, one of your main causes, but not your most common (%(top)s).",
                    tied,
                ),
                ngettext(
                    "That includes %(cause)s, one of %(name)s's main causes, but not the most common, %(top)s.",
                    "That includes %(cause)s, one of %(name)s's main causes, but not the most common (%(top)s).",
                    tied,
                ),
                cause=join_words([name.lower() for name in self.main_targeted]),
                top=top,
            )
        return _say(
            about,
            ngettext(
                "It does not target your most common cause, %(top)s.",
                "It does not target your most common causes (%(top)s).",
                tied,
            ),
            ngettext(
                "It does not target %(name)s's most common cause, %(top)s.",
                "It does not target %(name)s's most common causes (%(top)s).",
                tied,
            ),
            top=top,
        )


@dataclass
class Suggestions:
    picks: list
    untargeted: list  # the athlete's main causes (Cause rows) that no plan targets
    worth_trying: bool = False  # too few episodes for a pattern: the picks are worth trying, not findings
    early_signs: str = ""  # what there is and how many more episodes would make a pattern

    def __iter__(self):
        return iter(self.picks)

    def __len__(self):
        return len(self.picks)

    def __getitem__(self, index):
        return self.picks[index]
