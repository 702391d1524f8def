"""Ranking the library's plans for one athlete, with the reasons in words.

What a plan targets is what it is made for (its causes in the library) and its items back
with a prevention claim (library.ClaimPurpose): a stretch that eases a cramp in progress
says nothing about how often cramps come (Miller et al. 2022, J Athl Train 57(1):5–15),
so it does not make a plan a plan for that cause, and its grade is never the plan's "best
evidence". A stretch that eases night cramps does not make a conditioning plan a night-cramp
plan either (the plan must be made for the cause), and a claim the evidence contradicts counts
for nothing. A plan *covers* an episode when it targets at least one of the causes that episode
points to (the rules' inferences plus the athlete's own suspicions; see insights.triggers).

The athlete's *main causes* are the most common cause (every cause tied for it) and each
cause behind at least 30% of the window's episodes. The order, most important first:

1. How well the plan covers the main causes: the episodes behind each main cause it targets,
   largest first, compared in turn. A plan that targets the most common cause comes before
   one that targets a minor cause, whatever muscles either works.
2. The best prevention evidence behind the main causes it targets (or, targeting none, behind
   the causes it covers).
3. The number of the window's episodes it covers, all causes counted.
4. The share of episodes in the muscles the plan's exercises work by name (whole-leg
   stretches and nerve work count for none), then the athlete's group (made for it, for all,
   for the other group), then the name (the English one: the same order in every language). The library's
   own order never decides.

Then the athlete's check-ins, when they have them, and three rules adjust the top of the list:

- Day-level links first: when the check-ins clearly link a factor to cramp days
  (insights.day_triggers: the two days' rates' intervals do not overlap), the plans
  targeting a cause that factor points to (heat → dehydration and sodium loss, hard or
  long training → neuromuscular fatigue, short sleep → lack of recovery...) come
  before the others, in their order, each with a line saying which days showed it.
  Such a plan is suggested even when no episode points to its cause (quick logs without
  details), and may lead even when it covers under half the episodes.
- Recovery first: when too little recovery is behind at least 30% of the
  episodes, plans that add training load (an exercise there to build
  conditioning) come after every plan that does not. An athlete short of
  recovery is not given more load first, even by a plan that covers more.
- Never a narrow first pick: a plan covering less than half the episodes is
  not first while another covers more (among the plans that add no load,
  when recovery comes first).
- Main causes in view: the top three include a plan for the athlete's most
  common cause, and one for the second when it is behind at least 30% of
  episodes (the causes are ranked as in the trigger profile).

Plans that cover no episode and no day-level link are not suggested. When no plan targets
the main cause, `Suggestions.untargeted` says so.

With too few episodes pointing to a cause for a pattern (insights.evidence: fewer than
MIN_EPISODES), the same ranking is shown as *worth trying*, not as findings: the explanation
gives counts only (never percentages) and says how many more episodes would make a pattern.
A plan the check-ins point to rests on the day analysis's own minimum instead.

Each explanation speaks to whoever reads it: the athlete in the second person ("your
episodes"), anyone else (the coach) in the third with the athlete's name ("Sam's episodes").
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from library.models import (
    GRADE_ORDER,
    AthleteGroup,
    Cause,
    ClaimPurpose,
    EvidenceGrade,
    MuscleGroup,
    RoutineTemplate,
    RoutineTemplateItem,
    StrategyClaim,
    in_default_language,
    plan_item_prefetches,
    prevention_claims,
)

from ..insights import episode_cause_slugs
from ..insights.evidence import episode_evidence
from .reasons import BROAD_AREAS, CONDITIONING, MAJOR_SHARE, RECOVERY, Recommendation, Suggestions


def plans_with_claims():
    """Every plan template with its causes, items and their claims. Five queries when evaluated."""
    items = RoutineTemplateItem.objects.select_related("exercise", "strategy").prefetch_related(*plan_item_prefetches())
    return RoutineTemplate.objects.prefetch_related("causes", Prefetch("items", queryset=items))


def _targets(template):
    """{cause slug: (cause, best grade)}: the template's causes that its items claim to prevent.

    Only prevention claims count (not easing a cramp in progress, not safety rules), and contradicted
    claims are left out. No queries on plans_with_claims().
    """
    made_for = {cause.slug for cause in template.causes.all()}
    targets = {}
    for item in template.items.all():
        for claim in prevention_claims(item.claims):
            if claim.grade == EvidenceGrade.CONTRADICTED or claim.cause.slug not in made_for:
                continue
            known = targets.get(claim.cause.slug)
            if known is None or GRADE_ORDER[claim.grade] < GRADE_ORDER[known[1]]:
                targets[claim.cause.slug] = (claim.cause, claim.grade)
    return targets


def _adds_load(template):
    """A plan adds training load when one of its exercises is there to build conditioning."""
    return any(
        not item.is_habit and any(claim.cause.slug == CONDITIONING for claim in prevention_claims(item.claims))
        for item in template.items.all()
    )


def _muscles_worked(template):
    return {item.exercise.target_area for item in template.items.all() if not item.is_habit} - BROAD_AREAS


def _main_cause_slugs(cause_episodes, total, causes):
    """The main causes, most common first: every cause tied for the most episodes, and each behind 30% or more."""
    if not cause_episodes:
        return []
    most = max(cause_episodes.values())
    main = [slug for slug, n in cause_episodes.items() if n == most or n / total >= MAJOR_SHARE]
    english = in_default_language("name")  # the same order in every language
    return sorted(main, key=lambda slug: (-cause_episodes[slug], causes[slug].order, getattr(causes[slug], english)))


@dataclass
class _Reading:
    """What the ranking reads of one athlete: the window's episodes and the causes behind them. No queries."""

    episodes: list
    episode_causes: list  # [set of cause slugs] per episode
    causes: dict  # {slug: Cause}
    athlete_group: str
    day_links: dict  # {cause slug: [FactorResult]}

    def __post_init__(self):
        self.total = len(self.episodes)
        self.cause_episodes = Counter(slug for slugs in self.episode_causes for slug in slugs)
        self.main = _main_cause_slugs(self.cause_episodes, self.total, self.causes)


def _score(template, reading):
    """The plan's Recommendation for `reading`, or None when it covers no episode and no check-in link. No queries."""
    targets = _targets(template)
    covering = [i for i, causes in enumerate(reading.episode_causes) if causes & targets.keys()]
    linked = [slug for slug in reading.day_links if slug in targets]
    if not covering and not linked:
        return None
    per_cause = Counter(slug for causes in reading.episode_causes for slug in causes if slug in targets)
    main, cause_episodes = reading.main, reading.cause_episodes
    main_targeted = [slug for slug in main if slug in targets]
    main_coverage = sorted((cause_episodes[slug] for slug in main_targeted), reverse=True)
    areas = _muscles_worked(template)
    matched = Counter(e.muscle for e in reading.episodes if e.muscle in areas)
    athlete_group = reading.athlete_group
    if template.athlete_group == athlete_group:
        fit, group = 0, AthleteGroup(athlete_group).label.lower()
    elif template.athlete_group == AthleteGroup.ALL:
        fit, group = 1, ""
    else:
        fit, group = 2, AthleteGroup(template.athlete_group).label.lower()
    graded = main_targeted or list(per_cause) or linked
    top = [slug for slug in main if cause_episodes[slug] == cause_episodes[main[0]]] if main else []
    return Recommendation(
        template=template,
        covered=len(covering),
        total=reading.total,
        cause_counts=[(targets[slug][0].name, n) for slug, n in per_cause.most_common()],
        main_coverage=tuple(main_coverage + [0] * (len(main) - len(main_coverage))),
        main_targeted=[targets[slug][0].name for slug in main_targeted],
        top_names=[reading.causes[slug].name for slug in top],
        top_targeted=any(slug in targets for slug in top),
        muscle_matches=sum(matched.values()),
        muscle_names=[MuscleGroup(m).label.split(" / ")[0].lower() for m, _ in matched.most_common()],
        group_fit=fit,
        group_label=group,
        grade=min((targets[slug][1] for slug in graded), key=GRADE_ORDER.__getitem__),
        adds_load=_adds_load(template),
        targets=frozenset(targets),
        target_names={slug: cause.name for slug, (cause, _) in targets.items()},
    )


def _recovery_first(ranked):
    """Plans adding no load in their order, then those adding load.

    A rest plan does not jump a plan for the most common cause: it already comes first when lack of
    recovery is that cause (the main causes' coverage decides), and otherwise holding load back is enough.
    """
    heavy = [r for r in ranked if r.adds_load]
    for rec in heavy:
        rec.held_back_for_recovery = True
    return [r for r in ranked if not r.adds_load] + heavy


def _day_links_first(ranked, day_links):
    """Plans targeting a cause the check-ins clearly link to cramp days first, each saying why; the rest after.

    `day_links` is {cause slug: [FactorResult]} (DayAnalysis.linked_causes()). Returns (ranked, the linked plans).
    """
    linked = []
    for rec in ranked:
        causes = [slug for slug in day_links if slug in rec.targets]
        if not causes:
            continue
        linked.append(rec)
        results = list(dict.fromkeys(result for slug in causes for result in day_links[slug]))
        rec.day_links = [
            (result, [rec.target_names[slug] for slug in causes if result in day_links[slug]]) for result in results
        ]
    return linked + [rec for rec in ranked if rec not in linked], linked


def _widest_first(ranked, *, recovery_first):
    """A first pick covering under half gives way to the plan covering most, if that one covers the main
    causes as well: a plan for minor causes never jumps the plan for the top cause, however many
    episodes those minor causes add up to.

    When recovery comes first, a plan adding load cannot take its place.
    """
    if ranked[0].share >= 0.5:
        return ranked
    allowed = [r for r in ranked if not (recovery_first and r.adds_load)]
    widest = min(allowed, key=lambda r: (-r.covered, ranked.index(r)))
    if widest.covered > ranked[0].covered and widest.main_coverage >= ranked[0].main_coverage:
        ranked.remove(widest)
        ranked.insert(0, widest)
        widest.first_for_width = True
    return ranked


def _main_causes_in_top_three(ranked, main, *, recovery_first):
    """Bring the best plan for each of the first two main causes that the top three miss into the top three."""
    for position, slug in zip((1, 2), main, strict=False):
        if any(slug in r.targets for r in ranked[:3]):
            continue
        best = next((r for r in ranked[3:] if slug in r.targets), None)
        if best is not None:
            ranked.remove(best)
            # Under recovery first, a plan adding load never goes before the rest plans shown with it.
            ranked.insert(2 if recovery_first and best.adds_load else position, best)
    return ranked


def recommend(episodes, *, athlete_group, limit=3, templates=None, causes=None, day_links=None, about=""):
    """The best-fitting plans for these episodes, best first, as Suggestions.

    No queries given `templates` (from plans_with_claims) and `causes` (Cause rows for at
    least the causes these episodes point to, e.g. the trigger profile's); otherwise six.
    `episodes` are the athlete's window episodes with `suspected_slugs`
    (insights.with_suspicions); `athlete_group` is "gym" or "sports"; `day_links` is
    {cause slug: [FactorResult]} from the check-ins' day analysis (DayAnalysis.linked_causes()).
    `about` is the athlete's name when someone else (their coach) reads the explanations;
    left empty, they speak to the athlete.
    """
    day_links = day_links or {}
    total = len(episodes)
    if not total and not day_links:
        return Suggestions([], [])
    templates = list(plans_with_claims() if templates is None else templates)
    causes = {cause.slug: cause for cause in (Cause.objects.all() if causes is None else causes)}
    episode_causes = [episode_cause_slugs(e) & causes.keys() for e in episodes]
    reading = _Reading(episodes, episode_causes, causes, athlete_group, day_links)
    evidence = episode_evidence(sum(1 for slugs in episode_causes if slugs))
    ranked = sorted(filter(None, (_score(t, reading) for t in templates)), key=lambda rec: rec.sort_key)
    main = reading.main
    recovery_first = (
        total > 0
        and reading.cause_episodes[RECOVERY] / total >= MAJOR_SHARE
        and any(not r.adds_load and RECOVERY in r.targets for r in ranked)
    )
    linked = []
    if day_links:
        ranked, linked = _day_links_first(ranked, day_links)
    if recovery_first:
        ranked = _recovery_first(ranked)
    if ranked:
        if ranked[0] not in linked:
            ranked = _widest_first(ranked, recovery_first=recovery_first)
        ranked = _main_causes_in_top_three(ranked, main, recovery_first=recovery_first)
    for rec in ranked:
        rec.about = about
        rec.worth_trying = not evidence.enough and not rec.day_links
        rec.early_signs = evidence.early_signs_text
    targeted = {slug for rec in ranked for slug in rec.targets}
    picks = ranked[:limit]
    return Suggestions(
        picks,
        [causes[slug] for slug in main if slug not in targeted],
        worth_trying=any(rec.worth_trying for rec in picks),
        early_signs=evidence.early_signs_text,
    )


def habits_for(cause, *, athlete_group):
    """The library's safety rules for `cause` first, then the habits that claim to prevent cramps from it,
    best evidence first, contradicted left out.

    For a cause no plan targets. Claims about easing a cramp in progress are no evidence of prevention,
    so they are left out; a safety rule (never over-drink, no quinine) is shown, labelled, but is no
    prevention either. One query.
    """
    claims = StrategyClaim.objects.filter(
        cause=cause,
        purpose__in=[ClaimPurpose.PREVENTS, ClaimPurpose.SAFETY],
        strategy__athlete_group__in=[AthleteGroup.ALL, athlete_group],
    ).exclude(grade=EvidenceGrade.CONTRADICTED)
    claims = sorted(
        claims.select_related("strategy", "cause", "reference"),
        key=lambda c: (c.purpose != ClaimPurpose.SAFETY, GRADE_ORDER[c.grade], c.strategy.order, c.strategy.name),
    )
    for claim in claims:
        claim.strategy.advice_claims = [claim]
    return [claim.strategy for claim in claims]
