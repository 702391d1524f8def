"""How much the data say, in templates: `episodes|episode_evidence` and `share|explained_for:about`."""

from django import template

from ..insights.evidence import episode_evidence as evidence_of

register = template.Library()


@register.filter
def episode_evidence(episodes):
    """Whether these episodes (a count or a list) make a pattern: insights.evidence.EpisodeEvidence. No queries."""
    return evidence_of(episodes or 0)


@register.filter
def explained_for(share, about=None):
    """A cause share's reasons for whoever reads them: `about` (the athlete's name) on someone else's page,
    nothing on the athlete's own (see CauseShare.explained). No queries."""
    return share.explained(about or None)
