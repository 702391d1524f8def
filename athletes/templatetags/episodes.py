"""Episodes in templates: `episode|context_line`, what the athlete said about a cramp, in one line."""

from django import template

from ..insights.episode_words import context_words

register = template.Library()


@register.filter
def context_line(episode):
    """The episode's context as one line, "During training · slept 6 h"; "" when none was given. No queries."""
    return " · ".join(context_words(episode))
