"""Ranking the library's routine templates for one athlete.

A template's score is how much of the athlete's recent cramping it addresses:

    coverage  share of the window's episodes that point to at least one of the
              template's causes (the rules' inferences plus the athlete's own
              suspicions; see insights.py)
    + 0.15    if the template is made for the athlete's group (gym or sports),
    - 0.25    if it is made for the other group (templates for all get neither)
    + 0.15 × the share of episodes in the muscles the template's exercises target
              by name (whole-leg stretches and nerve work count for none, so they
              do not make every template look the same)

Templates that cover no episode are not suggested. Ties keep the library's order.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from library.models import AthleteGroup, MuscleGroup, RoutineTemplate, RoutineTemplateItem

from .insights import WINDOW_DAYS, episode_cause_slugs

GROUP_BONUS = 0.15
OTHER_GROUP_PENALTY = 0.25
MUSCLE_WEIGHT = 0.15
BROAD_AREAS = {MuscleGroup.FULL_LOWER_BODY, MuscleGroup.NERVE_PATHWAYS}


@dataclass
class Recommendation:
    template: RoutineTemplate
    score: float
    covered: int
    total: int
    cause_names: list
    muscle_matches: int
    muscle_names: list
    group_note: str

    @property
    def explanation(self):
        causes = _join(self.cause_names)
        text = f"Targets {causes}, behind {self.covered} of this athlete's {self.total} episodes in {WINDOW_DAYS} days."
        if self.muscle_matches:
            text += f" Works the {_join(self.muscle_names, lower=True)}, where {self.muscle_matches} of them happened."
        if self.group_note:
            text += f" {self.group_note}"
        return text


def _join(names, *, lower=False):
    names = [name.lower() if i or lower else name for i, name in enumerate(names)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _muscles_targeted(template):
    return {item.exercise.target_area for item in template.items.all() if item.exercise} - BROAD_AREAS


def recommend(episodes, *, athlete_group, limit=3, templates=None):
    """The best-fitting templates for these episodes, best first. Three queries unless `templates` is given.

    `episodes` are the athlete's window episodes with `suspected_slugs` (insights.with_suspicions);
    `athlete_group` is "gym" or "sports".
    """
    if templates is None:
        items = RoutineTemplateItem.objects.select_related("exercise")
        templates = RoutineTemplate.objects.prefetch_related("causes", Prefetch("items", queryset=items))
    total = len(episodes)
    if not total:
        return []
    episode_causes = [episode_cause_slugs(e) for e in episodes]
    ranked = []
    for template in templates:
        targets = {cause.slug: cause.name for cause in template.causes.all()}
        covered = sum(bool(causes & targets.keys()) for causes in episode_causes)
        if not covered:
            continue
        areas = _muscles_targeted(template)
        matched = Counter(e.muscle for e in episodes if e.muscle in areas)
        muscle_matches = sum(matched.values())
        muscle_names = [MuscleGroup(m).label.split(" / ")[0] for m, _ in matched.most_common()]
        score = covered / total + MUSCLE_WEIGHT * muscle_matches / total
        group_note = ""
        if template.athlete_group == athlete_group:
            score += GROUP_BONUS
            group_note = f"Made for {AthleteGroup(athlete_group).label.lower()}."
        elif template.athlete_group != AthleteGroup.ALL:
            score -= OTHER_GROUP_PENALTY
            group_note = f"Made for {AthleteGroup(template.athlete_group).label.lower()}, not this athlete's group."
        hit = [name for slug, name in targets.items() if any(slug in causes for causes in episode_causes)]
        ranked.append(Recommendation(template, score, covered, total, hit, muscle_matches, muscle_names, group_note))
    ranked.sort(key=lambda r: -r.score)  # stable: ties keep the library's order
    return ranked[:limit]
