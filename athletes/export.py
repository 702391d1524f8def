"""Everything an athlete owns, to take away: all of it as JSON, the episodes as CSV.

Only the athlete's own rows are read, each query starting from the athlete. Other people
appear by the name the athlete already sees on their pages (a coach who set a plan or
acknowledged a flag), never with an email address or any data of their own. Times are
ISO 8601 in the athlete's time zone, with the offset.
"""

import csv
import io
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from .insights import zone_of
from .models import (
    AssignedItem,
    AthleteProfile,
    CoachInvite,
    CoachLink,
    CrampEpisode,
    DailyCheckIn,
    PlanChange,
    RoutineSession,
)

DELETED_COACH = "a deleted coach"
CHECKIN_FIELDS = ["day", *DailyCheckIn.ANSWER_FIELDS, "created_at", "updated_at"]

# Columns of the database that say nothing to the athlete, or point at someone else.
HIDDEN = {"id", "athlete", "user", "idempotency_key", "calendar_token"}  # the last is a live secret
EPISODE_FIELDS = [f.name for f in CrampEpisode._meta.concrete_fields if f.name not in HIDDEN]
PROFILE_FIELDS = [f.name for f in AthleteProfile._meta.concrete_fields if f.name not in HIDDEN]
ACCOUNT_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "time_zone",
    "language",
    "date_joined",
    "last_login",
]
# A report link without its token (the database keeps only its hash, and neither leaves it).
REPORT_LINK_FIELDS = ["label", "created_at", "expires_at", "revoked_at", "open_count", "last_opened_at"]

# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _value(value, zone):
    """A stored value as JSON takes it: moments in the athlete's zone, the rest as they are (Decimal, dates
    and UUIDs are left to DjangoJSONEncoder)."""
    if isinstance(value, datetime):
        return timezone.localtime(value, zone).isoformat()
    return value


def _fields(obj, names, zone):
    return {name: _value(getattr(obj, name), zone) for name in names}


def _who(user, athlete):
    """'you', or the name another member showed the athlete; None for nobody (or an account since deleted)."""
    if user is None:
        return None
    return "you" if user.pk == athlete.pk else user.display_name


def _episodes(athlete):
    return athlete.episodes.order_by("occurred_at", "pk").prefetch_related("suspected_causes")


def _plan(assignment, athlete, zone):
    """One plan with its items, sessions and changes. No queries (all prefetched)."""
    if assignment.coach_id is not None:
        set_by = assignment.coach.display_name
    else:
        set_by = DELETED_COACH if assignment.coach_deleted else "you"
    return {
        **_fields(
            assignment,
            ["name", "start_date", "sessions_per_week", "weeks", "note", "is_active", "ended_on", "end_reason"],
            zone,
        ),
        "end_date": assignment.end_date,
        "library_plan": assignment.template.slug if assignment.template else None,
        "set_by": set_by,
        "ended_by": _who(assignment.ended_by, athlete),
        "created_at": _value(assignment.created_at, zone),
        "items": [
            {
                "id": item.pk,
                "position": item.position,
                "kind": "habit" if item.is_habit else "exercise",
                "name": item.name,
                **_fields(item, ["sets", "reps", "hold_seconds", "dose", "notes", "added_at", "removed_at"], zone),
            }
            for item in assignment.items.all()
        ],
        "sessions": [
            {
                **_fields(
                    session,
                    ["performed_on", "helped", "discomfort", "discomfort_note", "logged_late", "created_at"],
                    zone,
                ),
                "completed_items": [item.pk for item in session.completed_items.all()],
            }
            for session in assignment.sessions.all()
        ],
        "changes": [
            {
                "changed_by": _who(change.changed_by, athlete) or DELETED_COACH,
                **_fields(
                    change,
                    ["changed_at", "summary", "message", "sessions_per_week_before", "sessions_per_week_after"],
                    zone,
                ),
            }
            for change in assignment.changes.all()
        ],
    }


def everything(athlete):
    """All the athlete's data as one dict for JSON. Fifteen queries, however much there is.

    Every table that holds a row of the athlete's has its section here, or a reason in
    tests/test_export_complete.py for being left out.
    """
    zone = zone_of(athlete)
    profile = AthleteProfile.objects.filter(user=athlete).first()
    items = AssignedItem.objects.select_related("exercise", "strategy").order_by("position")
    plans = (
        athlete.assignments.order_by("start_date", "pk")
        .select_related("coach", "ended_by", "template")
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch(
                "sessions",
                queryset=RoutineSession.objects.order_by("performed_on").prefetch_related(
                    Prefetch("completed_items", queryset=AssignedItem.objects.only("pk"))
                ),
            ),
            Prefetch("changes", queryset=PlanChange.objects.order_by("changed_at", "pk").select_related("changed_by")),
        )
    )
    links = CoachLink.objects.filter(athlete=athlete).order_by("created_at", "pk").select_related("coach")
    acknowledgements = athlete.flag_acknowledgements.order_by("acknowledged_at", "pk").select_related("acknowledged_by")
    comments = athlete.comment_threads.order_by("created_at", "pk").select_related("author")
    invites = CoachInvite.objects.filter(used_by=athlete).order_by("used_at", "pk").select_related("coach")
    return {
        "exported_at": _value(timezone.now(), zone),
        "account": _fields(athlete, ACCOUNT_FIELDS, zone),
        "profile": _fields(profile, PROFILE_FIELDS, zone) if profile else None,
        "episodes": [
            {
                "id": episode.pk,
                **_fields(episode, EPISODE_FIELDS, zone),
                "suspected_causes": [cause.slug for cause in episode.suspected_causes.all()],
            }
            for episode in _episodes(athlete)
        ],
        "checkins": [
            {"id": checkin.pk, **_fields(checkin, CHECKIN_FIELDS, zone)} for checkin in athlete.checkins.order_by("day")
        ],
        "coach_links": [
            {
                "coach": link.coach.display_name if link.coach else DELETED_COACH,
                "started_at": _value(link.created_at, zone),
                "ended_at": _value(link.ended_at, zone),
            }
            for link in links
        ],
        "plans": [_plan(assignment, athlete, zone) for assignment in plans],
        "flag_acknowledgements": [
            {
                "flag": ack.slug,
                "acknowledged_by": _who(ack.acknowledged_by, athlete),
                "acknowledged_at": _value(ack.acknowledged_at, zone),
            }
            for ack in acknowledgements
        ],
        "comments": [
            {
                "on": "plan" if c.assignment_id else "session" if c.session_id else "episode",
                "plan_id": c.assignment_id,
                "session_id": c.session_id,
                "episode_id": c.episode_id,
                "by": _who(c.author, athlete),
                "text": c.text,
                "written_at": _value(c.created_at, zone),
            }
            for c in comments
        ],
        "reminders_sent": [
            {"kind": kind, "day": day, "sent_at": _value(sent_at, zone)}
            for kind, day, sent_at in athlete.reminders.order_by("day", "kind").values_list("kind", "day", "sent_at")
        ],
        "invite_codes_used": [
            {
                "code": invite.code,
                "coach": invite.coach.display_name,
                "used_at": _value(invite.used_at, zone),
            }
            for invite in invites
        ],
        "report_links": [
            _fields(share, REPORT_LINK_FIELDS, zone) for share in athlete.report_shares.order_by("created_at", "pk")
        ],
    }


def _cell(value):
    """A value as a CSV cell a spreadsheet shows as it is: text never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def episodes_csv(athlete):
    """The athlete's episodes, oldest first, one row each, as CSV text. Two queries."""
    zone = zone_of(athlete)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", *EPISODE_FIELDS, "suspected_causes"])
    for episode in _episodes(athlete):
        causes = "; ".join(cause.slug for cause in episode.suspected_causes.all())
        writer.writerow([episode.pk, *(_cell(_value(getattr(episode, name), zone)) for name in EPISODE_FIELDS), causes])
    return out.getvalue()
