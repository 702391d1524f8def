"""The coach dashboard: one row per athlete, those who need attention first."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from library.models import Cause

from ..models import Comment, CrampEpisode, RoutineAssignment, RoutineSession
from .days import in_zone_of, local_today, zone_of
from .flags import (
    acknowledgements_for,
    apply_acknowledgements,
    cached_profile,
    flag_wording,
    history_start_for_flags,
    raise_flags,
    red_flag_reasons,
)
from .plans import adherence, rate_changes_by_assignment, starts_today
from .triggers import WINDOW_DAYS, trigger_profile, with_suspicions

# The coach dashboard ---------------------------------------------------------

LOW_ADHERENCE = 0.5
FEEDBACK_DAYS = 14  # sessions done in the last 14 days (today included) are "recent"


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
            f"discomfort after {len(hurt)} sessions, the latest on {when}"
            if len(hurt) > 1
            else f"discomfort after the session on {when}"
        )
        if latest.discomfort_note:
            what += f": “{Truncator(latest.discomfort_note).chars(60)}”"
        reasons.append(what)
    if len(recent) >= 2 and all(s.helped == RoutineSession.Helped.NO for s in recent[:2]):
        reasons.append("two sessions in a row did not help")
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
    adherence: float | None
    starts_today: bool = False  # the plan's first day in the athlete's zone: nothing is due yet
    feedback: list = field(default_factory=list)  # from session_feedback
    new_comments: int = 0  # comments the athlete wrote that no coach has read yet

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
    def low_adherence(self):
        return self.adherence is not None and self.adherence < LOW_ADHERENCE

    @property
    def attention(self):
        """Why this athlete needs a look, most pressing first."""
        reasons = []
        if self.has_urgent_flag:
            reasons.append("urgent red flag")
        elif self.flags:
            reasons.append("red flag")
        reasons.extend(self.feedback)
        if self.trend == "rising":
            reasons.append("episodes rising")
        if self.low_adherence:
            reasons.append("low adherence")
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


def dashboard_rows(athletes, *, now=None):
    """One row per athlete, those who need attention first. Eight to eleven queries, whatever the number of athletes.

    A flag the athlete or a coach acknowledged, with no newer episode raising it, does not count
    (`row.flags` is the active ones; `row.flags.acknowledged` the others).

    Reads 56 days of episodes for all the athletes at once and computes the rest in Python,
    each athlete's row in their own time zone (their "today", the dates in their flags).
    `athletes` is a queryset of users; their profiles come with them (select_related).
    """
    now = now or timezone.now()
    athletes = list(athletes.select_related("athlete_profile"))
    ids = [a.pk for a in athletes]
    episodes = with_suspicions(
        CrampEpisode.objects.filter(athlete_id__in=ids, occurred_at__gt=now - timedelta(days=2 * WINDOW_DAYS)).order_by(
            "-occurred_at"
        )
    )
    recent, previous = {pk: [] for pk in ids}, Counter()
    window_start = now - timedelta(days=WINDOW_DAYS)
    for episode in episodes:
        if episode.occurred_at > window_start:
            recent[episode.athlete_id].append(episode)
        else:
            previous[episode.athlete_id] += 1
    last_episodes = dict(
        CrampEpisode.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(last=models.Max("occurred_at"))
        .values_list("athlete_id", "last")
    )
    assignments = {
        a.athlete_id: a
        for a in RoutineAssignment.objects.filter(athlete_id__in=ids, is_active=True).annotate(
            sessions_done=models.Count("sessions", distinct=True), last_change=models.Max("changes__changed_at")
        )
    }
    # The active plans' changes of sessions a week, all at once, so earlier days keep their rate.
    rate_changes = rate_changes_by_assignment([a.pk for a in assignments.values()])
    # The active plans' recent sessions, all athletes at once; two days early for zones far apart.
    sessions = {a.pk: [] for a in assignments.values()}
    if sessions:
        for session in RoutineSession.objects.filter(
            assignment_id__in=sessions, performed_on__gte=(now - timedelta(days=FEEDBACK_DAYS + 2)).date()
        ).order_by("-performed_on"):
            sessions[session.assignment_id].append(session)
    causes = list(Cause.objects.all())
    new_comments = new_comment_counts(ids)
    reasons = {}
    for athlete in athletes:
        with in_zone_of(athlete):
            reasons[athlete.pk] = red_flag_reasons(
                recent[athlete.pk],
                previous_count=previous[athlete.pk],
                profile=cached_profile(athlete),
                history_start=history_start_for_flags(
                    athlete, recent[athlete.pk], previous_count=previous[athlete.pk], now=now
                ),
                now=now,
            )
    wording = flag_wording(slug for athlete_reasons in reasons.values() for slug in athlete_reasons)
    flagged = [pk for pk, athlete_reasons in reasons.items() if athlete_reasons]
    acknowledgements = acknowledgements_for(flagged) if flagged else {}
    rows = []
    for athlete in athletes:
        window = recent[athlete.pk]
        assignment = assignments.get(athlete.pk)
        with in_zone_of(athlete):
            rows.append(
                AthleteRow(
                    athlete=athlete,
                    last_7=sum(e.occurred_at > now - timedelta(days=7) for e in window),
                    last_28=len(window),
                    previous_28=previous[athlete.pk],
                    top_causes=[share.cause for share in trigger_profile(window, causes=causes)[:2]] if window else [],
                    last_episode=last_episodes.get(athlete.pk),
                    flags=apply_acknowledgements(
                        raise_flags(reasons[athlete.pk], wording=wording), athlete.pk, acknowledgements
                    ),
                    assignment=assignment,
                    adherence=adherence(
                        assignment,
                        sessions_done=assignment.sessions_done,
                        today=local_today(athlete, now),
                        changes=rate_changes[assignment.pk],
                    )
                    if assignment
                    else None,
                    starts_today=bool(assignment) and starts_today(assignment, today=local_today(athlete, now)),
                    feedback=session_feedback(
                        sessions[assignment.pk], today=local_today(athlete, now), answered=assignment.last_change
                    )
                    if assignment
                    else [],
                    new_comments=new_comments.get(athlete.pk, 0),
                )
            )
    return sorted(rows, key=AthleteRow.sort_key)
