"""The coach dashboard: one row per athlete, those who need attention first."""

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext

from library.models import Cause

from ..days import in_zone_of, local_today, zone_of
from ..models import AssignedItem, Comment, DailyCheckIn, PlanChange, RoutineAssignment, RoutineSession
from . import summary
from .adherence import (
    HabitDays,
    PlanKinds,
    adherence,
    current_kinds,
    habit_days,
    rate_changes_by_assignment,
    starts_today,
)
from .evidence import episode_evidence
from .flags import acknowledgements_for, apply_acknowledgements, flag_wording, raise_flags

# The coach dashboard ---------------------------------------------------------

LOW_ADHERENCE = 0.5
FEEDBACK_DAYS = 14  # sessions done in the last 14 days (today included) are "recent"


# What session_feedback reads of a session.
SessionFeedbackFields = namedtuple("SessionFeedbackFields", "performed_on created_at discomfort discomfort_note helped")


def session_feedback(sessions, *, today, answered=None):
    """What the athlete said after recent sessions that a coach should hear about, in words. No queries.

    `sessions` are the active plan's sessions, newest first. Recent means done in the
    FEEDBACK_DAYS up to `today`. Raises a reason for any discomfort in a recent session,
    and for the two latest recent sessions both answering "did it help?" with no.
    `answered` is when the coach last changed the plan: feedback saved before it has had its answer.
    """
    recent = [
        s
        for s in sessions
        if today - timedelta(days=FEEDBACK_DAYS) < s.performed_on <= today
        and (answered is None or s.created_at > answered)
    ]
    reasons = []
    hurt = [s for s in recent if s.discomfort or s.discomfort_note]
    if hurt:
        latest = hurt[0]
        when = date_format(latest.performed_on, "j M")
        what = (
            gettext("discomfort after %(n)s sessions, the latest on %(day)s") % {"n": len(hurt), "day": when}
            if len(hurt) > 1
            else gettext("discomfort after the session on %(day)s") % {"day": when}
        )
        if latest.discomfort_note:
            what += gettext(": “%(note)s”") % {"note": Truncator(latest.discomfort_note).chars(60)}
        reasons.append(what)
    if len(recent) >= 2 and all(s.helped == RoutineSession.Helped.NO for s in recent[:2]):
        reasons.append(gettext("two sessions in a row did not help"))
    return reasons


@dataclass
class AthleteRow:
    athlete: object
    last_7: int
    last_28: int
    previous_28: int
    top_causes: list
    last_episode: object
    flags: list
    assignment: object
    adherence: float | None  # of the plan's sessions of exercises; None without any due (or any exercise)
    starts_today: bool = False  # the plan's first day in the athlete's zone: nothing is due yet
    habits: HabitDays | None = None  # the days the plan's habits were kept; None without habits
    feedback: list = field(default_factory=list)  # from session_feedback
    new_comments: int = 0  # comments the athlete wrote that no coach has read yet
    checked_in_today: bool = False  # a daily check-in for the athlete's own today

    @property
    def trend(self):
        """'new', 'rising', 'falling' or 'steady': the last 28 days against the 28 before.

        'new' means nothing in the 28 days before to compare with.
        """
        if not self.previous_28:
            return "new" if self.last_28 else "steady"
        if self.last_28 > self.previous_28 * 1.25 and self.last_28 - self.previous_28 >= 2:
            return "rising"
        if self.last_28 < self.previous_28 * 0.75 and self.previous_28 - self.last_28 >= 2:
            return "falling"
        return "steady"

    @property
    def trend_label(self):
        """The trend in words, in the active language (`trend` itself is a CSS class's name)."""
        return {
            "new": pgettext("trend of episodes", "new"),
            "rising": pgettext("trend of episodes", "rising"),
            "falling": pgettext("trend of episodes", "falling"),
            "steady": pgettext("trend of episodes", "steady"),
        }[self.trend]

    @property
    def evidence(self):
        """Whether the last 28 days' episodes make a pattern (evidence.EpisodeEvidence): below it, the top
        causes show as early signs, with their counts. No queries."""
        return episode_evidence(self.last_28)

    @cached_property
    def last_episode_ago(self):
        """How long ago the last episode was, in words ("3 days, 2 hours"); '' without one. No queries."""
        return timesince(self.last_episode) if self.last_episode else ""

    @cached_property
    def fragment_key(self):
        """Everything the dashboard shows in this row, so its HTML can be kept while none of it changes,
        and the language it is written in. No queries."""
        assignment = self.assignment
        return repr(
            (
                translation.get_language(),
                self.athlete.pk,
                self.athlete.display_name,
                [(flag.urgency, flag.title) for flag in self.flags],
                self.attention,
                (self.last_7, self.last_28, self.previous_28, self.trend),
                [(top.cause.name, top.episodes) for top in self.top_causes],
                (self.last_episode_ago, self.last_episode, self.zone.key),
                (assignment.name, assignment.start_date) if assignment else None,
                (self.adherence_percent, self.starts_today, self.habits),
                self.new_comments,
                self.checked_in_today,
            )
        )

    @property
    def zone(self):
        """The athlete's time zone, in which the row's times are shown."""
        return zone_of(self.athlete)

    @property
    def adherence_percent(self):
        return None if self.adherence is None else round(self.adherence * 100)

    @property
    def has_urgent_flag(self):
        return any(flag.is_urgent for flag in self.flags)

    @property
    def habits_percent(self):
        share = self.habits.share if self.habits else None
        return None if share is None else round(share * 100)

    @property
    def has_figures(self):
        """Whether the plan has anything counted yet: sessions due, or days of habits."""
        return self.adherence is not None or self.habits_percent is not None

    @property
    def low_adherence(self):
        """Sessions done, or days of habits kept, below half of those due."""
        shares = (self.adherence, self.habits.share if self.habits else None)
        return any(share is not None and share < LOW_ADHERENCE for share in shares)

    @property
    def attention(self):
        """Why this athlete needs a look, most pressing first."""
        reasons = []
        if self.has_urgent_flag:
            reasons.append(gettext("urgent red flag"))
        elif self.flags:
            reasons.append(gettext("red flag"))
        reasons.extend(self.feedback)
        if self.trend == "rising":
            reasons.append(gettext("episodes rising"))
        if self.low_adherence:
            reasons.append(gettext("low adherence"))
        return reasons

    def sort_key(self):
        """The order of `attention`: urgent flags, flags, session feedback, rising, low adherence; most episodes."""
        return (
            not self.has_urgent_flag,
            not self.flags,
            not self.feedback,
            self.trend != "rising",
            not self.low_adherence,
            -self.last_28,
            self.athlete.display_name.lower(),
        )


# A likely cause on the dashboard: the Cause and how many of the window's episodes point to it.
TopCause = namedtuple("TopCause", "cause episodes")


def top_causes(cause_counts, causes, *, top=2):
    """The causes most episodes point to, as the trigger profile orders them: [TopCause]. No queries.

    `cause_counts` is {slug: episodes}; `causes` is {slug: Cause}: a slug the library no longer has is left out.
    """
    known = [causes[slug] for slug in cause_counts if slug in causes]
    ranked = sorted(known, key=lambda cause: (-cause_counts[cause.slug], cause.order, cause.name))[:top]
    return [TopCause(cause, cause_counts[cause.slug]) for cause in ranked]


def new_comment_counts(athlete_ids):
    """{athlete id: how many comments they wrote that their coaches have not read}, for athletes with any.

    One aggregate query, whatever the number of athletes.
    """
    return dict(
        Comment.objects.filter(athlete_id__in=athlete_ids, author_id=models.F("athlete_id"), read_at__isnull=True)
        .order_by()
        .values("athlete_id")
        .annotate(count=models.Count("pk"))
        .values_list("athlete_id", "count")
    )


def _sessions(ticked=None):
    """The plan's (OuterRef) sessions, as a subquery; with `ticked`, those whose ticks match it (a Q of Exists)."""
    sessions = RoutineSession.objects.filter(assignment=models.OuterRef("pk"))
    return sessions.filter(ticked) if ticked is not None else sessions


def _count(sessions):
    return Coalesce(
        models.Subquery(sessions.order_by().values("assignment").annotate(n=models.Count("pk")).values("n")), 0
    )


def _first_added(**kind):
    """When the plan (OuterRef) first had an item of `kind` (exercise__isnull=False or strategy__isnull=False)."""
    items = AssignedItem.objects.filter(assignment=models.OuterRef("pk"), **kind)
    return models.Subquery(items.order_by("added_at").values("added_at")[:1])


def _plan_figures():
    """Annotations for active plans: what their sessions ticked and what the plans hold, each counted by
    the database through the sessions' and items' own indexes, in the plans' one query.

    The same counts as `adherence.sessions_and_kept_days` and `plan_kinds`: a session counts as
    done unless all it ticked were habits; a day counts as kept when its session ticked a habit.
    """
    ticks = RoutineSession.completed_items.through.objects.filter(routinesession=models.OuterRef("pk"))
    ticked_exercise = models.Exists(ticks.filter(assigneditem__exercise__isnull=False))
    ticked_habit = models.Exists(ticks.filter(assigneditem__strategy__isnull=False))
    return {
        "sessions_done": _count(_sessions(ticked_exercise | ~ticked_habit)),
        "habit_days_kept": _count(_sessions(ticked_habit)),
        "last_kept_day": models.Subquery(_sessions(ticked_habit).order_by("-performed_on").values("performed_on")[:1]),
        **current_kinds(),
        "exercises_added": _first_added(exercise__isnull=False),
        "habits_added": _first_added(strategy__isnull=False),
    }


def _kinds(assignment):
    """PlanKinds from a plan annotated with _plan_figures (run in the athlete's zone). No queries."""
    return PlanKinds(
        exercises_from=timezone.localdate(assignment.exercises_added) if assignment.has_exercise else None,
        habits_from=timezone.localdate(assignment.habits_added) if assignment.has_habit else None,
    ).or_sessions_from(assignment.start_date)


def _adherence(assignment, *, today, changes):
    """Sessions done of due for a plan's exercises, or None without any exercise (or any due). No queries."""
    since = _kinds(assignment).exercises_from
    if since is None:
        return None
    return adherence(assignment, sessions_done=assignment.sessions_done, today=today, changes=changes, since=since)


def _habit_days(assignment, *, today):
    """The days a plan's habits were kept (HabitDays), or None without habits. No queries.

    The kept days come as a count and the latest one: every kept day is in the plan and none is
    after today, so only whether today is among them needs a day.
    """
    since = _kinds(assignment).habits_from
    if since is None:
        return None
    counted = habit_days(
        assignment, kept_on=[assignment.last_kept_day] if assignment.last_kept_day else [], today=today, since=since
    )
    return HabitDays(kept=min(assignment.habit_days_kept, counted.days), days=counted.days)


def dashboard_rows(athletes, *, now=None):
    """One row per athlete, those who need attention first. About eleven queries, whatever the numbers of rows.

    A flag the athlete or a coach acknowledged, with no newer episode raising it, does not count
    (`row.flags` is the active ones; `row.flags.acknowledged` the others).

    The figures from each athlete's episodes (counts, causes, red flags' reasons, the last
    episode) come from their AthleteSummary, one row each, worked out again only when a write
    or the clock has changed them (see `summary`); plans, sessions and acknowledgements are read
    for all the athletes at once; whether each checked in today comes with the athletes themselves
    (their latest check-in day). Each row is in the athlete's own time zone (their "today").
    `athletes` is a queryset of users.
    """
    now = now or timezone.now()
    # Each athlete's latest check-in day, read with the athletes: is it their today?
    last_checkin = DailyCheckIn.objects.filter(athlete=models.OuterRef("pk")).order_by("-day").values("day")[:1]
    athletes = list(
        athletes.select_related("athlete_profile", "summary").annotate(last_checkin_day=models.Subquery(last_checkin))
    )
    ids = [a.pk for a in athletes]
    figures = summary.current(athletes, now=now)
    # Per plan, through the sessions' and changes' own indexes (a join would read every session).
    last_change = (
        PlanChange.objects.filter(assignment=models.OuterRef("pk")).order_by("-changed_at").values("changed_at")[:1]
    )
    assignments = {
        a.athlete_id: a
        for a in RoutineAssignment.objects.filter(athlete_id__in=ids, is_active=True).annotate(
            last_change=models.Subquery(last_change), **_plan_figures()
        )
    }
    # The active plans' changes of sessions a week, all at once, so earlier days keep their rate.
    rate_changes = rate_changes_by_assignment([a.pk for a in assignments.values()])
    # The active plans' recent sessions, all athletes at once; two days early for zones far apart.
    # Plain tuples of the fields feedback reads: hundreds of sessions, no model instances.
    sessions = {a.pk: [] for a in assignments.values()}
    if sessions:
        for assignment_id, *fields in (
            RoutineSession.objects.filter(
                assignment_id__in=sessions, performed_on__gte=(now - timedelta(days=FEEDBACK_DAYS + 2)).date()
            )
            .order_by("-performed_on")
            .values_list("assignment_id", *SessionFeedbackFields._fields)
        ):
            sessions[assignment_id].append(SessionFeedbackFields(*fields))
    causes = {cause.slug: cause for cause in Cause.objects.all()}
    wording = flag_wording(slug for athlete_figures in figures.values() for slug in athlete_figures.reasons)
    flagged = [pk for pk, athlete_figures in figures.items() if athlete_figures.reasons]
    acknowledgements = acknowledgements_for(flagged) if flagged else {}
    new_comments = new_comment_counts(ids)
    rows = []
    for athlete in athletes:
        mine = figures[athlete.pk]
        assignment = assignments.get(athlete.pk)
        today = local_today(athlete, now)
        with in_zone_of(athlete):
            rows.append(
                AthleteRow(
                    athlete=athlete,
                    last_7=mine.last_7,
                    last_28=mine.last_28,
                    previous_28=mine.previous_28,
                    top_causes=top_causes(mine.cause_counts, causes),
                    last_episode=mine.last_episode,
                    flags=apply_acknowledgements(
                        raise_flags(mine.reasons, wording=wording), athlete.pk, acknowledgements
                    ),
                    assignment=assignment,
                    adherence=_adherence(assignment, today=today, changes=rate_changes[assignment.pk])
                    if assignment
                    else None,
                    habits=_habit_days(assignment, today=today) if assignment else None,
                    starts_today=bool(assignment) and starts_today(assignment, today=today),
                    feedback=session_feedback(sessions[assignment.pk], today=today, answered=assignment.last_change)
                    if assignment
                    else [],
                    new_comments=new_comments.get(athlete.pk, 0),
                    checked_in_today=athlete.last_checkin_day == today,
                )
            )
    return sorted(rows, key=AthleteRow.sort_key)
