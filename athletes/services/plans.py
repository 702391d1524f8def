"""Giving, changing and ending a plan, and recording its sessions."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from library.models import PLAN_ITEM_FIELDS

from ..emails import email_after_commit
from ..insights import local_midnight, local_today, zone_of
from ..language import in_language_of
from ..models import (
    AssignedItem,
    PlanChange,
    RoutineAssignment,
    RoutineSession,
    User,
)


def items_from_template(template):
    """The template's items as `assign_routine` takes them, exercises and habits alike. No queries if prefetched."""
    return [{name: getattr(item, name) for name in PLAN_ITEM_FIELDS} for item in template.items.all()]


@transaction.atomic
def assign_routine(
    *, coach, athlete, template, start_date, sessions_per_week, weeks, note, items, name=None, notify=True
):
    """Give the athlete a routine with its own copy of `items`, ending any active one.

    `coach` is None when athletes without a coach start a plan for themselves.

    `items` is a list of dicts, in order, each with either an exercise (and sets,
    reps, hold_seconds) or a strategy, that is a habit (and its dose), plus notes
    (see `items_from_template`). Runs in one transaction; the athlete row is locked so two coaches
    assigning at once cannot leave two active routines. Emails the athlete after
    commit (unless `notify` is off, or there is no coach).
    """
    User.objects.select_for_update().filter(pk=athlete.pk).first()
    # What is saved in words is written in the athlete's language: they read it.
    with in_language_of(athlete, fallback=translation.get_language() if coach is None else None):
        new_name = name or (template.name if template else _("Custom routine"))
        end_reason = (_("Replaced by %(plan)s.") % {"plan": new_name})[:300]
    replaced = RoutineAssignment.objects.filter(athlete=athlete, is_active=True).first()
    if replaced is not None:
        RoutineAssignment.objects.filter(pk=replaced.pk).update(
            is_active=False,
            ended_on=local_today(athlete),
            ended_by=coach or athlete,  # no coach: the athlete replaced their own plan
            end_reason=end_reason,
        )
    assignment = RoutineAssignment.objects.create(
        athlete=athlete,
        coach=coach,
        template=template,
        name=new_name,
        start_date=start_date,
        sessions_per_week=sessions_per_week,
        weeks=weeks,
        note=note,
    )
    # The items it begins with count from its first day, even when it is assigned a few days late.
    began = min(timezone.now(), local_midnight(assignment.start_date, zone_of(athlete)))
    AssignedItem.objects.bulk_create(
        AssignedItem(assignment=assignment, position=position, added_at=began, **item)
        for position, item in enumerate(items, start=1)
    )
    if notify and coach is not None and athlete.email:  # no coach: the athlete started it themselves
        own = {"replaced": replaced.pk} if replaced is not None and replaced.is_own else {}
        email_after_commit("plan-assigned", recipient=athlete, about=coach, plan=assignment.pk, **own)
    return assignment


@transaction.atomic
def end_assignment(assignment, *, by=None, reason=""):
    """End the routine on the athlete's local date, saying who ended it and why (the athlete reads it).

    One query (two if its athlete is not loaded).
    """
    RoutineAssignment.objects.filter(pk=assignment.pk, is_active=True).update(
        is_active=False, ended_on=local_today(assignment.athlete), ended_by=by, end_reason=reason
    )


def _item_key(item):
    """What an item is, whatever its dose: ('exercise', pk) or ('habit', pk)."""
    return ("habit", item["strategy"].pk) if item.get("strategy") else ("exercise", item["exercise"].pk)


def _dose(item):
    """The dose and notes of a row, blanks as None, to compare an old row with a new one."""
    return tuple(item.get(name) or None for name in ("sets", "reps", "hold_seconds", "dose", "notes"))


def _row_of(assigned_item):
    return {name: getattr(assigned_item, name) for name in PLAN_ITEM_FIELDS}


@transaction.atomic
def change_plan(assignment, *, coach, items, message="", **schedule):
    """Change an active plan's schedule and items; return the PlanChange, or None if nothing changed.

    `coach` is the coach who changes it, or None when athletes change a plan they started
    themselves (like `assign_routine`); the change is recorded as theirs and nobody is emailed.
    `schedule` holds the new name, sessions_per_week, weeks and note; `items` are rows as
    `assign_routine` takes them. An item kept with the same dose stays the same row; an item
    dropped, or given a new dose, is marked removed (never deleted), and a new dose is a new row
    added now: past sessions keep pointing at exactly what was ticked then, and a past day offers
    what was current that day. A new sessions a week is recorded with the old one, so the days
    before keep their rate. Records the change in words for the athlete and, for a coach's
    change, emails them after commit. A handful of queries, whatever the plan's history.
    """
    # Raises RoutineAssignment.DoesNotExist if the plan ended meanwhile.
    assignment = (
        RoutineAssignment.objects.select_for_update().select_related("athlete").get(pk=assignment.pk, is_active=True)
    )
    if coach is None and assignment.coach_id is not None:
        raise ValueError("A coach's plan is changed by a coach; athletes change only the plans they started.")
    # The change is recorded in words in the athlete's language (they read it), and so is their email.
    with in_language_of(assignment.athlete, fallback=translation.get_language() if coach is None else None):
        return _change_plan(assignment, coach=coach, items=items, message=message, **schedule)


def _change_plan(assignment, *, coach, items, message, **schedule):
    rate = {}
    if assignment.sessions_per_week != schedule["sessions_per_week"]:
        rate = {"sessions_per_week_before": assignment.sessions_per_week}
        rate["sessions_per_week_after"] = schedule["sessions_per_week"]
    lines = []
    labels = (("name", _("name")), ("sessions_per_week", _("sessions a week")), ("weeks", _("weeks")))
    for field, label in labels:
        old, new = getattr(assignment, field), schedule[field]
        if old != new:
            setattr(assignment, field, new)
            ends = (
                " " + _("(now ends %(day)s)") % {"day": date_format(assignment.end_date, "j M")}
                if field == "weeks"
                else ""
            )
            lines.append(f"{label} {old} → {new}{ends}")
    if assignment.note != schedule["note"]:
        assignment.note = schedule["note"]
        lines.append(_("new note") if assignment.note else _("note removed"))

    current = list(assignment.items.filter(removed_at__isnull=True).select_related("exercise", "strategy"))
    unmatched = list(current)
    now = timezone.now()
    kept, added = [], []
    for row in items:
        same_item = [old for old in unmatched if _item_key(_row_of(old)) == _item_key(row)]
        same_dose = [old for old in same_item if _dose(_row_of(old)) == _dose(row)]
        if same_dose:
            unmatched.remove(same_dose[0])
            kept.append(same_dose[0])
            continue
        new = AssignedItem(assignment=assignment, added_at=now, **row)
        kept.append(new)
        added.append(new)
        if same_item:
            old = same_item[0]
            unmatched.remove(old)
            old.removed_at = now
            if old.dose_in_words == new.dose_in_words:
                lines.append(_("%(item)s: new notes") % {"item": old.name})
            else:
                lines.append(f"{old.name}: {old.dose_in_words} → {new.dose_in_words}")
        else:
            lines.append(_("added %(item)s (%(dose)s)") % {"item": new.name, "dose": new.dose_in_words})
    for old in unmatched:
        old.removed_at = now
        lines.append(_("removed %(item)s") % {"item": old.name})
    order_before = [item.pk for item in current if item in kept]
    order_after = [item.pk for item in kept if item.pk]
    if not lines and order_before != order_after:
        lines.append(_("new order"))
    if not lines:
        return None

    assignment.save(update_fields=["name", "sessions_per_week", "weeks", "note"])
    retired = [item for item in current if item.removed_at]
    AssignedItem.objects.bulk_update(retired, ["removed_at"])
    # New positions after every existing one, so the unique (assignment, position) never clashes.
    top = max((item.position for item in assignment.items.all()), default=0)
    for position, item in enumerate(kept, start=top + 1):
        item.position = position
    AssignedItem.objects.bulk_update([item for item in kept if item.pk], ["position"])
    AssignedItem.objects.bulk_create(added)
    athlete = assignment.athlete
    change = PlanChange.objects.create(
        assignment=assignment,
        changed_by=coach or athlete,
        changed_at=now,
        summary="; ".join(lines),
        message=message,
        **rate,
    )
    if coach is not None and athlete.email:  # no coach: athletes changed it themselves
        email_after_commit("plan-changed", recipient=athlete, about=coach, change=change.pk)
    return change


@transaction.atomic
def record_session(assignment, *, performed_on, completed_items, helped, discomfort, discomfort_note):
    """Save (or update) the day's session for an assignment. Returns the session.

    A session first saved after its day (in the athlete's zone) is marked as logged late;
    updating it later keeps how it was first logged.
    """
    session, _created = RoutineSession.objects.update_or_create(
        assignment=assignment,
        performed_on=performed_on,
        defaults={"helped": helped, "discomfort": discomfort, "discomfort_note": discomfort_note},
        create_defaults={
            "helped": helped,
            "discomfort": discomfort,
            "discomfort_note": discomfort_note,
            "logged_late": performed_on < local_today(assignment.athlete),
        },
    )
    session.completed_items.set(completed_items)
    return session
