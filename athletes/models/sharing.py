"""Report share links and comments."""

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cramps.input import moment_in_range, validate_sane_date, validate_single_line, validate_text

from .accounts import User
from .episodes import CrampEpisode
from .plans import RoutineAssignment, RoutineSession

MIN_SHARE_DAYS = 1
MAX_SHARE_DAYS = 30
MAX_SHARE_LABEL_LENGTH = 80


def hash_token(token):
    """The stored form of a share token: its SHA-256, in hex. Only the link holds the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class ReportShareQuerySet(models.QuerySet):
    def open(self, now=None):
        """Links that still work: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ReportShare(models.Model):
    """A read-only link to an athlete's report, for a physio or doctor, that expires or can be revoked.

    The token is shown once, when the link is made; the database keeps only its hash.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="report_shares")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        _("who it is for"), max_length=MAX_SHARE_LABEL_LENGTH, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    expires_at = models.DateTimeField(validators=[validate_sane_date])
    revoked_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])
    last_opened_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])
    open_count = models.PositiveIntegerField(default=0)

    objects = ReportShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_expires_after"),
            models.CheckConstraint(condition=moment_in_range("created_at"), name="share_created_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("expires_at"), name="share_expires_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("revoked_at", null=True), name="share_revoked_2000_2100"),
            models.CheckConstraint(
                condition=moment_in_range("last_opened_at", null=True), name="share_opened_2000_2100"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("label"), MAX_SHARE_LABEL_LENGTH), name="share_label_length"
            ),
        ]

    def __str__(self):
        return f"Report link of {self.athlete}"

    @classmethod
    def create_for(cls, athlete, *, days, label=""):
        """A new link that works for `days` days from now: (the ReportShare, its token). One query."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        share = cls.objects.create(
            athlete=athlete,
            token_hash=hash_token(token),
            label=label,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        return share, token

    @classmethod
    def open_by_token(cls, token, *, now=None):
        """The working link with this token, of an active account, with its athlete and profile, or None. One query."""
        return (
            cls.objects.open(now)
            .select_related("athlete__athlete_profile")
            .filter(token_hash=hash_token(token), athlete__is_active=True)
            .first()
        )

    def record_opening(self, now=None):
        """Count one opening and note when. One query."""
        now = now or timezone.now()
        ReportShare.objects.filter(pk=self.pk).update(open_count=models.F("open_count") + 1, last_opened_at=now)
        self.open_count += 1
        self.last_opened_at = now

    def revoke(self, now=None):
        self.revoked_at = now or timezone.now()
        self.save(update_fields=["revoked_at"])


MAX_COMMENT_LENGTH = 1000

# What a comment can be on (its field on Comment) and the page that shows that kind of thread.
THREAD_URLS = {
    "assignment": "athletes:plan-comments",
    "session": "athletes:session-comments",
    "episode": "athletes:episode-comments",
}


class Comment(models.Model):
    """A comment by an athlete or their coach on one of the athlete's plans, sessions or episodes.

    The thread is the athlete's (`athlete`), whoever writes. A comment is new to the other side
    (the athlete's coaches for the athlete's comments, the athlete for a coach's) until they open
    a page that shows it: `read_at` says when.
    """

    athlete = models.ForeignKey(User, on_delete=models.CASCADE, related_name="comment_threads")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="comments")
    assignment = models.ForeignKey(
        RoutineAssignment, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    session = models.ForeignKey(
        RoutineSession, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    episode = models.ForeignKey(CrampEpisode, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    text = models.TextField(_("comment"), max_length=MAX_COMMENT_LENGTH, validators=[validate_text])
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_sane_date])
    read_at = models.DateTimeField(null=True, blank=True, validators=[validate_sane_date])

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["athlete", "read_at"], name="comment_athlete_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignment__isnull=False, session__isnull=True, episode__isnull=True)
                | Q(assignment__isnull=True, session__isnull=False, episode__isnull=True)
                | Q(assignment__isnull=True, session__isnull=True, episode__isnull=False),
                name="comment_on_one_thing",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="comment_text_not_blank"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), MAX_COMMENT_LENGTH), name="comment_text_length"
            ),
            models.CheckConstraint(condition=moment_in_range("created_at"), name="comment_created_2000_2100"),
            models.CheckConstraint(condition=moment_in_range("read_at", null=True), name="comment_read_2000_2100"),
        ]

    def __str__(self):
        return f"Comment by {self.author} on {self.target}"

    @property
    def target(self):
        """The plan, session or episode the comment is on."""
        if self.assignment_id:
            return self.assignment
        return self.session if self.session_id else self.episode

    @property
    def target_key(self):
        """('assignment' | 'session' | 'episode', its pk). No queries."""
        for kind in ("assignment", "session", "episode"):
            if pk := getattr(self, f"{kind}_id"):
                return kind, pk
        raise ValueError("A comment is on a plan, a session or an episode.")

    @property
    def by_athlete(self):
        """Whether the athlete whose thread it is wrote it (otherwise one of their coaches did)."""
        return self.author_id == self.athlete_id
