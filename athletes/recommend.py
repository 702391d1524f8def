"""Ranking the library's plans for one athlete, with the reasons in words.

What a plan targets is what it is made for (its causes in the library) and
its items back with a claim: a stretch that eases night cramps does not make
a conditioning plan a night-cramp plan, and a claim the evidence contradicts
counts for nothing. A plan *covers* an episode when it targets at least one of the
causes that episode points to (the rules' inferences plus the athlete's own
suspicions; see insights.triggers).

The order, most important first:

1. Coverage: the number of the window's episodes the plan covers.
2. Among equal coverage: the share of episodes in the muscles the plan's
   exercises work by name (whole-leg stretches and nerve work count for none),
   then the athlete's group (made for it, for all, for the other group), then
   the best evidence grade behind the causes it covers, then the name. The
   library's own order never decides.

Then the athlete's check-ins, when they have them, and three rules adjust the top of the list:

- Day-level links first: when the check-ins clearly link a factor to cramp days
  (insights.day_triggers: the two days' rates' intervals do not overlap), the plans
  targeting a cause that factor points to (heat → dehydration and sodium loss, hard or
  long training → neuromuscular fatigue, short sleep → lack of recovery...) come
  before the others, in their order, each with a line saying which days showed it.
  The rules below still hold, but for one: such a plan may lead even when it covers
  under half the episodes, as the athlete's own days point to it.

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

Plans that cover no episode are not suggested. When no plan targets the main
cause, `Suggestions.untargeted` says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from cramps.words import join_words
from library.models import (
    GRADE_ORDER,
    AthleteGroup,
    Cause,
    EvidenceGrade,
    MuscleGroup,
    RoutineTemplate,
    RoutineTemplateItem,
    StrategyClaim,
    plan_item_prefetches,
)

from .insights import WINDOW_DAYS, episode_cause_slugs

BROAD_AREAS = {MuscleGroup.FULL_LOWER_BODY, MuscleGroup.NERVE_PATHWAYS}
RECOVERY = "lack-of-recovery"
CONDITIONING = "lack-of-conditioning"
MAJOR_SHARE = 0.3  # a cause behind this share of episodes is one to act on


@dataclass
class Recommendation:
    template: RoutineTemplate
    covered: int
    total: int
    cause_counts: list  # [(cause name, episodes)] of the athlete's causes it targets, most first
    muscle_matches: int
    muscle_names: list
    group_fit: int  # 0 made for this athlete's group, 1 for all, 2 for the other group
    group_label: str
    grade: str
    adds_load: bool
    targets: frozenset  # slugs of every cause the plan's items claim (contradicted claims left out)
    target_names: dict = field(default_factory=dict)  # {slug: cause name} of the targets
    notes: list = field(default_factory=list)

    @property
    def grade_label(self):
        return EvidenceGrade(self.grade).label

    @property
    def share(self):
        return self.covered / self.total

    @property
    def sort_key(self):
        return (
            -self.covered,
            -self.muscle_matches,
            self.group_fit,
            GRADE_ORDER[self.grade],
            self.template.name.lower(),
        )

    @property
    def explanation(self):
        causes = join_words([f"{name.lower()} ({n})" for name, n in self.cause_counts])
        parts = [
            gettext(
                "Targets the causes behind %(covered)s of %(total)s episodes in the last %(days)s days: %(causes)s."
            )
            % {"covered": self.covered, "total": self.total, "days": WINDOW_DAYS, "causes": causes}
        ]
        if self.muscle_matches:
            parts.append(
                gettext("Works the %(muscles)s, where %(matches)s of the %(total)s happened.")
                % {"muscles": join_words(self.muscle_names), "matches": self.muscle_matches, "total": self.total}
            )
        if self.group_fit == 0:
            parts.append(gettext("Made for %(group)s.") % {"group": self.group_label})
        elif self.group_fit == 2:
            parts.append(gettext("Made for %(group)s, not this athlete's group.") % {"group": self.group_label})
        parts.append(gettext("Best evidence behind it: %(grade)s.") % {"grade": self.grade_label.lower()})
        return " ".join([*parts, *(str(note) for note in self.notes)])


@dataclass
class Suggestions:
    picks: list
    untargeted: list  # the athlete's main causes (Cause rows) that no plan targets

    def __iter__(self):
        return iter(self.picks)

    def __len__(self):
        return len(self.picks)

    def __getitem__(self, index):
        return self.picks[index]


def plans_with_claims():
    """Every plan template with its causes, items and their claims. Five queries when evaluated."""
    items = RoutineTemplateItem.objects.select_related("exercise", "strategy").prefetch_related(*plan_item_prefetches())
    return RoutineTemplate.objects.prefetch_related("causes", Prefetch("items", queryset=items))


def _targets(template):
    """{cause slug: (cause, best grade)}: the template's causes that its items claim (contradicted claims left out)."""
    made_for = {cause.slug for cause in template.causes.all()}
    targets = {}
    for item in template.items.all():
        for claim in item.claims:
            if claim.grade == EvidenceGrade.CONTRADICTED or claim.cause.slug not in made_for:
                continue
            known = targets.get(claim.cause.slug)
            if known is None or GRADE_ORDER[claim.grade] < GRADE_ORDER[known[1]]:
                targets[claim.cause.slug] = (claim.cause, claim.grade)
    return targets


def _adds_load(template):
    """A plan adds training load when one of its exercises is there to build conditioning."""
    return any(
        not item.is_habit and any(claim.cause.slug == CONDITIONING for claim in item.claims)
        for item in template.items.all()
    )


def _muscles_worked(template):
    return {item.exercise.target_area for item in template.items.all() if not item.is_habit} - BROAD_AREAS


def _score(template, episodes, episode_causes, athlete_group):
    targets = _targets(template)
    covering = [i for i, causes in enumerate(episode_causes) if causes & targets.keys()]
    if not covering:
        return None
    per_cause = Counter(slug for causes in episode_causes for slug in causes if slug in targets)
    areas = _muscles_worked(template)
    matched = Counter(e.muscle for e in episodes if e.muscle in areas)
    if template.athlete_group == athlete_group:
        fit, group = 0, AthleteGroup(athlete_group).label.lower()
    elif template.athlete_group == AthleteGroup.ALL:
        fit, group = 1, ""
    else:
        fit, group = 2, AthleteGroup(template.athlete_group).label.lower()
    covered_grades = [targets[slug][1] for slug in per_cause]
    return Recommendation(
        template=template,
        covered=len(covering),
        total=len(episodes),
        cause_counts=[(targets[slug][0].name, n) for slug, n in per_cause.most_common()],
        muscle_matches=sum(matched.values()),
        muscle_names=[MuscleGroup(m).label.split(" / ")[0].lower() for m, _ in matched.most_common()],
        group_fit=fit,
        group_label=group,
        grade=min(covered_grades, key=GRADE_ORDER.__getitem__),
        adds_load=_adds_load(template),
        targets=frozenset(targets),
        target_names={slug: cause.name for slug, (cause, _) in targets.items()},
    )


def _main_causes(episode_causes, causes):
    """The athlete's top two causes as [(slug, episodes)], in the trigger profile's order."""
    counts = Counter(slug for slugs in episode_causes for slug in slugs if slug in causes)
    return sorted(counts.items(), key=lambda kv: (-kv[1], causes[kv[0]].order, causes[kv[0]].name))[:2]


def _recovery_first(ranked):
    """Plans giving rest and recovery, then those adding no load, then those adding load."""
    rest = [r for r in ranked if not r.adds_load and RECOVERY in r.targets]
    light = [r for r in ranked if not r.adds_load and RECOVERY not in r.targets]
    heavy = [r for r in ranked if r.adds_load]
    for rec in heavy:
        rec.notes.append(gettext_lazy("It adds training load, so it comes after rest and recovery."))
    return rest + light + heavy


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
        for result in results:
            targeted = join_words([rec.target_names[slug].lower() for slug in causes if result in day_links[slug]])
            rec.notes.append(
                gettext("Check-ins link %(factor)s to cramp days (%(counts)s): it targets %(causes)s.")
                % {"factor": result.factor.name, "counts": result.short_counts_text, "causes": targeted}
            )
    return linked + [rec for rec in ranked if rec not in linked], linked


def _widest_first(ranked, *, recovery_first):
    """A first pick covering under half gives way to the plan covering most.

    When recovery comes first, a plan adding load cannot take its place.
    """
    if ranked[0].share >= 0.5:
        return ranked
    allowed = [r for r in ranked if not (recovery_first and r.adds_load)]
    widest = min(allowed, key=lambda r: (-r.covered, ranked.index(r)))
    if widest.covered > ranked[0].covered:
        ranked.remove(widest)
        ranked.insert(0, widest)
    return ranked


def _main_causes_in_top_three(ranked, main, *, recovery_first):
    """Bring the best plan for a main cause that the top three miss into the top three."""
    for position, (slug, _) in zip((1, 2), main, strict=False):
        if any(slug in r.targets for r in ranked[:3]):
            continue
        best = next((r for r in ranked[3:] if slug in r.targets), None)
        if best is not None:
            ranked.remove(best)
            # Under recovery first, a plan adding load never goes before the rest plans shown with it.
            ranked.insert(2 if recovery_first and best.adds_load else position, best)
    return ranked


def recommend(episodes, *, athlete_group, limit=3, templates=None, causes=None, day_links=None):
    """The best-fitting plans for these episodes, best first, as Suggestions.

    No queries given `templates` (from plans_with_claims) and `causes` (Cause rows for at
    least the causes these episodes point to, e.g. the trigger profile's); otherwise six.
    `episodes` are the athlete's window episodes with `suspected_slugs`
    (insights.with_suspicions); `athlete_group` is "gym" or "sports"; `day_links` is
    {cause slug: [FactorResult]} from the check-ins' day analysis (DayAnalysis.linked_causes()).
    """
    total = len(episodes)
    if not total:
        return Suggestions([], [])
    templates = list(plans_with_claims() if templates is None else templates)
    causes = {cause.slug: cause for cause in (Cause.objects.all() if causes is None else causes)}
    episode_causes = [episode_cause_slugs(e) for e in episodes]
    ranked = sorted(
        (rec for t in templates if (rec := _score(t, episodes, episode_causes, athlete_group))),
        key=lambda rec: rec.sort_key,
    )
    main = _main_causes(episode_causes, causes)
    if len(main) == 2 and main[1][1] / total < MAJOR_SHARE:
        main = main[:1]
    recovery_first = sum(RECOVERY in c for c in episode_causes) / total >= MAJOR_SHARE and any(
        not r.adds_load and RECOVERY in r.targets for r in ranked
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
    targeted = {slug for rec in ranked for slug in rec.targets}
    return Suggestions(ranked[:limit], [causes[slug] for slug, _ in main if slug not in targeted])


def habits_for(cause, *, athlete_group):
    """The library's habits that claim to help with `cause`, best evidence first, contradicted left out.

    For a cause no plan targets. One query.
    """
    claims = StrategyClaim.objects.filter(
        cause=cause, strategy__athlete_group__in=[AthleteGroup.ALL, athlete_group]
    ).exclude(grade=EvidenceGrade.CONTRADICTED)
    claims = sorted(
        claims.select_related("strategy", "cause", "reference"),
        key=lambda c: (GRADE_ORDER[c.grade], c.strategy.order, c.strategy.name),
    )
    for claim in claims:
        claim.strategy.advice_claims = [claim]
    return [claim.strategy for claim in claims]
