"""Comments between an athlete and their coaches on the athlete's plans, sessions and episodes.

A page that shows comments reads them in one query (`read_threads`), marks the ones new to
the viewer as read (`mark_read`: one more query, only when something is new) and shows each
thread under its plan, session or episode, with a small form that posts to the thread's own
page. The other side is told by email (`post_comment`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .emails import email_after_commit
from .forms import CommentForm
from .models import THREAD_URLS, Comment, CrampEpisode, RoutineAssignment, RoutineSession, User

# What to read with a comment: its author and what it is on.
ON = ("author", "assignment", "session", "episode")


def kind_of(target):
    """'assignment', 'session' or 'episode': the Comment field that points at `target`."""
    if isinstance(target, RoutineAssignment):
        return "assignment"
    if isinstance(target, RoutineSession):
        return "session"
    if isinstance(target, CrampEpisode):
        return "episode"
    raise TypeError(f"Nothing to comment on in {target!r}")


def athlete_of(target):
    """The athlete whose plan, session or episode `target` is (a query unless it was loaded with it)."""
    return target.assignment.athlete if isinstance(target, RoutineSession) else target.athlete


def label(target):
    """What a thread is about, in words, with dates in the current time zone. No queries."""
    kind = kind_of(target)
    if kind == "assignment":
        return _("the plan “%(plan)s”") % {"plan": target.name}
    if kind == "session":
        return _("the session of %(day)s") % {"day": date_format(target.performed_on, "D j M")}
    when = date_format(timezone.localtime(target.occurred_at), "D j M, H:i")
    return _("the cramp of %(when)s (%(muscle)s)") % {"when": when, "muscle": target.get_muscle_display().lower()}


def anchor(kind, pk):
    """The id of a thread on a page, e.g. comments-session-12."""
    return f"comments-{kind}-{pk}"


def comment_form(kind, pk, data=None):
    """The form under one thread, its field ids unique on a page that shows many threads."""
    return CommentForm(data, auto_id=f"{anchor(kind, pk)}-%s")


def is_new_to(comment, viewer):
    """Whether the other side of the thread from `viewer` wrote `comment` and it is still unread. No queries."""
    viewer_is_athlete = viewer.pk == comment.athlete_id
    return comment.read_at is None and comment.by_athlete != viewer_is_athlete


@dataclass
class Thread:
    """The comments on one plan, session or episode, and the form to add one."""

    target: object
    comments: list
    form: CommentForm
    next_url: str  # where a comment posted without JavaScript leads back to

    @property
    def kind(self):
        return kind_of(self.target)

    @property
    def anchor(self):
        return anchor(self.kind, self.target.pk)

    @property
    def url(self):
        return reverse(THREAD_URLS[self.kind], args=[self.target.pk])

    @property
    def label(self):
        return label(self.target)

    @property
    def new_count(self):
        return sum(comment.is_new for comment in self.comments)


class Threads:
    """The comments one page shows, by what each is on, as `viewer` sees them (each with `is_new`)."""

    def __init__(self, comments, *, viewer, next_url):
        self.comments = comments
        self.next_url = next_url
        self._by_target = defaultdict(list)
        for comment in comments:
            comment.is_new = is_new_to(comment, viewer)
            self._by_target[comment.target_key].append(comment)

    def of(self, target, form=None):
        """The thread of `target`, with `form` (a bound one, after an error) or a fresh form. No queries."""
        key = (kind_of(target), target.pk)
        return Thread(target, self._by_target.get(key, []), form or comment_form(*key), self.next_url)

    @property
    def new(self):
        """The comments new to the viewer, newest first."""
        return sorted((c for c in self.comments if c.is_new), key=lambda c: c.created_at, reverse=True)


def read_threads(athlete, *, viewer, next_url, where):
    """The athlete's comments that match `where` (a Q), oldest first, with their authors and what they are on.

    One query.
    """
    comments = Comment.objects.filter(where, athlete=athlete).select_related(*ON)
    return Threads(list(comments), viewer=viewer, next_url=next_url)


def mark_read(threads):
    """Mark what is new to the viewer among `threads` as read now. One query; none when nothing is new.

    The comments keep `is_new`, so the page that marks them still shows them as new this once.
    """
    new = [comment.pk for comment in threads.comments if comment.is_new]
    if new:
        Comment.objects.filter(pk__in=new, read_at__isnull=True).update(read_at=timezone.now())


def new_for_athlete(athlete):
    """Comments from the athlete's coaches that the athlete has not read, newest first, with what each is on.

    One query.
    """
    return list(
        Comment.objects.filter(athlete=athlete, read_at__isnull=True)
        .exclude(author=athlete)
        .select_related(*ON)
        .order_by("-created_at", "-pk")
    )


def thread_url(target):
    return reverse(THREAD_URLS[kind_of(target)], args=[target.pk])


def post_comment(target, *, author, text):
    """Save `author`'s comment on `target` and email the other side once it is saved.

    `target` comes with its athlete loaded. The email says who commented and links to the thread;
    what they wrote, and what it is about (a muscle, a plan), stays behind the log-in
    (email_kinds.new_comment). One query, and one more to find the coaches when the athlete writes.
    """
    athlete = athlete_of(target)
    comment = Comment.objects.create(athlete=athlete, author=author, text=text, **{kind_of(target): target})
    if author.pk == athlete.pk:
        readers = list(
            User.objects.filter(athlete_links__athlete=athlete, athlete_links__ended_at__isnull=True).exclude(email="")
        )
    else:
        readers = [athlete] if athlete.email else []
    for reader in readers:
        email_after_commit("comment", recipient=reader, about=author, comment=comment.pk)
    return comment
