"""What each kind of email says, written by the task worker when it sends it (athletes.tasks.send_email).

A queued email names its recipient and what it is about by id, never by what it will say: a stored
task holds no health notes, and an account, episode or comment deleted before the worker runs
leaves nothing to send. Each writer takes the recipient and the ids, runs in the recipient's
language, and returns (subject, body, headers), or None when what the email is about is gone or
no longer the recipient's to see.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cramps.input import one_line

from .days import in_zone_of
from .insights import red_flag_reasons
from .insights.adherence import holds_habits_alone
from .insights.flag_rules import EPISODE_FLAGS
from .language import in_language_of
from .models import THREAD_URLS, CoachLink, Comment, CrampEpisode, PlanChange, Reminder, RoutineAssignment, User
from .reminder_email import reminder_email


def coaches(coach, athlete_id):
    """Whether `coach` coaches the athlete now: only then do they hear about them. Staff never do (User.is_coach).
    One query."""
    return coach.is_coach and CoachLink.objects.active().filter(coach=coach, athlete_id=athlete_id).exists()


def warning_sign(coach, *, episode):
    """To a coach: their athlete logged a cramp with a warning sign (each sign the episode has now)."""
    episode = CrampEpisode.objects.select_related("athlete").filter(pk=episode).first()
    if episode is None or not coaches(coach, episode.athlete_id):
        return None
    athlete = episode.athlete
    with in_zone_of(athlete):  # "logged on …" in the athlete's own zone
        reasons = red_flag_reasons([episode])
    flags = sorted(reasons.keys() & EPISODE_FLAGS)
    if not flags:
        return None
    lines = "\n".join(f"- {reasons[slug].text}" for slug in flags)
    name = athlete.display_name
    url = settings.SITE_URL + reverse("athletes:coach-athlete", args=[athlete.pk])
    subject = _("Cramps: %(athlete)s logged a warning sign") % {"athlete": name}
    body = (
        _("%(athlete)s logged a cramp with a warning sign:") % {"athlete": name}
        + f"\n{lines}\n\n"
        + _("Cramps has told them to see a healthcare professional. Their page: %(url)s") % {"url": url}
        + "\n"
    )
    return subject, body, None


def plan_assigned(athlete, *, plan, replaced=None):
    """To an athlete: their coach gave them `plan`, in place of `replaced`, the plan they had started themselves."""
    plan = RoutineAssignment.objects.select_related("coach").filter(pk=plan, athlete=athlete).first()
    if plan is None or plan.coach is None:
        return None
    coach = plan.coach.display_name
    own = (
        replaced
        and RoutineAssignment.objects.filter(pk=replaced, athlete=athlete).values_list("name", flat=True).first()
    )
    ends = _('It replaces "%(plan)s", the plan you started yourself.') % {"plan": own} + "\n\n" if own else ""
    sessions = (
        _("habits, counted by the day,")
        if holds_habits_alone(plan.items.filter(removed_at__isnull=True).only("strategy_id"))
        else ngettext("%(n)s session a week", "%(n)s sessions a week", plan.sessions_per_week)
        % {"n": plan.sessions_per_week}
    )
    span = ngettext("for %(n)s week", "for %(n)s weeks", plan.weeks) % {"n": plan.weeks}
    subject = _("Cramps: %(coach)s gave you a routine") % {"coach": coach}
    body = (
        _('%(coach)s assigned you "%(plan)s": %(sessions)s %(weeks)s from %(start)s.')
        % {
            "coach": coach,
            "plan": plan.name,
            "sessions": sessions,
            "weeks": span,
            "start": date_format(plan.start_date, "j F"),
        }
        + f"\n\n{ends}{plan.note}\n\n"
        + _("Open it: %(url)s") % {"url": settings.SITE_URL + reverse("athletes:routine")}
        + "\n"
    )
    return subject, body, None


def plan_changed(athlete, *, change):
    """To an athlete: their coach changed their plan (the PlanChange `change` says how)."""
    change = PlanChange.objects.select_related("assignment", "changed_by").filter(
        pk=change, assignment__athlete=athlete
    )
    change = change.first()
    if change is None or change.changed_by is None:
        return None
    coach = change.changed_by.display_name
    subject = _("Cramps: %(coach)s changed your plan") % {"coach": coach}
    body = (
        _('%(coach)s changed "%(plan)s": %(changes)s.')
        % {"coach": coach, "plan": change.assignment.name, "changes": change.summary}
        + f"\n\n{change.message}\n\n"
        + _("Open it: %(url)s") % {"url": settings.SITE_URL + reverse("athletes:routine")}
        + "\n"
    )
    return subject, body, None


def new_comment(reader, *, comment):
    """To the other side of a thread: a new comment. Who wrote it and a link; what they wrote, and what
    it is about, stay behind the log-in."""
    comment = Comment.objects.select_related("author").filter(pk=comment).first()
    if comment is None or comment.author is None:
        return None
    if reader.pk != comment.athlete_id and not coaches(reader, comment.athlete_id):
        return None
    kind, pk = comment.target_key
    author = comment.author.display_name
    subject = _("Cramps: a new comment from %(author)s") % {"author": author}
    body = (
        _("%(author)s wrote a new comment on Cramps.") % {"author": author}
        + "\n\n"
        + _("Read it and reply: %(url)s") % {"url": settings.SITE_URL + reverse(THREAD_URLS[kind], args=[pk])}
        + "\n"
    )
    return subject, body, None


def reminder_due(athlete, *, reminder):
    """To an athlete: the check-in or plan-session reminder claimed in the Reminder row `reminder`."""
    reminder = Reminder.objects.filter(pk=reminder, athlete=athlete).first()
    if reminder is None:
        return None
    return reminder_email(athlete, reminder.kind)


def address_taken(owner):
    """To an account's owner: someone tried to give their address to another account."""
    username = owner.get_username()
    subject = _("Cramps: someone tried to use your email address")
    body = (
        _(
            "Someone tried to use this email address for another Cramps account. It already belongs to "
            'your account "%(username)s", so it was not given to any other account.'
        )
        % {"username": username}
        + "\n\n"
        + _("If it was you, log in as %(username)s: %(url)s")
        % {"username": username, "url": settings.SITE_URL + reverse("login")}
        + "\n"
        + _("Forgotten your password? Choose a new one: %(url)s")
        % {"url": settings.SITE_URL + reverse("password_reset")}
        + "\n\n"
        + _("If it was not you, there is nothing to do: your account has not changed.")
        + "\n"
    )
    return subject, body, None


KINDS = {
    "warning-sign": warning_sign,
    "plan-assigned": plan_assigned,
    "plan-changed": plan_changed,
    "comment": new_comment,
    "reminder": reminder_due,
    "address-taken": address_taken,
}


def write(*, user_id, kind, ids, subject, body, to):
    """(subject, body, address, headers) of one queued email, or None: nothing to send. A few queries.

    Nothing goes to an account that is gone or inactive. An email of a `kind` goes to the account's
    address as it is now (none: nothing) and is written now; one without carries its own words.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    if not kind:
        return subject, body, to, None
    if not user.email:
        return None
    with in_language_of(user):
        written = KINDS[kind](user, **ids)
    if written is None:
        return None
    subject, body, headers = written
    return one_line(subject), body, user.email, headers
