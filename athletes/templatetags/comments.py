"""Comment threads in templates: `threads|thread_of:target`, and the page and label of a thread."""

from django import template

from .. import comments

register = template.Library()


@register.filter
def thread_of(threads, target):
    """The thread of `target` (athletes.comments.Thread), or None on a page that shows no comments. No queries."""
    return threads.of(target) if threads else None


@register.filter
def thread_url(target):
    """The page of the comment thread on a plan, session or episode."""
    return comments.thread_url(target)


@register.filter
def thread_label(target):
    """What a thread is on, in words: "the session of Mon 3 Mar". No queries."""
    return comments.label(target)
