"""The body map: counting episodes per region and side, shading, and the map as the pages draw it."""

import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.insights.body_map import band, legend
from athletes.models import EPISODE_MUSCLES, CrampEpisode
from athletes.tests.coaching import link
from library.models import MuscleGroup

from .factories import make_episode

# The episode muscles drawn on the map; the other two stay in the select only.
ON_THE_MAP = {"abdominals", "quadriceps", "adductors", "shins", "feet", "glutes", "hamstrings", "calves", "ankles"}
OFF_THE_MAP = {"lower_body", "upper_body"}

pytestmark = pytest.mark.django_db


def episode(muscle="calves", side="", **fields):
    return CrampEpisode(muscle=muscle, side=side, severity=5, setting="training", occurred_at=timezone.now(), **fields)


class Regions(HTMLParser):
    """The attributes of every region of every body map on a page, and which maps are pickers."""

    def __init__(self, html):
        super().__init__()
        self.regions, self.pickers, self.titles = [], 0, []
        self._region_tag = self._in_title = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "body-region" in classes:
            self.regions.append(attrs)
            self._region_tag = tag
        if "body-map-picker" in classes:
            self.pickers += 1
        self._in_title = tag == "title" and self._region_tag is not None

    def handle_endtag(self, tag):
        if tag == self._region_tag:
            self._region_tag = None

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)
            self._in_title = False


def shaded_regions(client, url):
    """{(muscle, side): (shade class, tooltip)} of the one shaded map on the page."""
    page = Regions(client.get(url).content.decode())
    shaded = [r for r in page.regions if "role" not in r]
    assert len(shaded) == len(page.titles) == 2 * len(ON_THE_MAP)
    return {
        (r["data-muscle"], r["data-side"]): (next(c for c in r["class"].split() if c.startswith("band-")), title)
        for r, title in zip(shaded, page.titles, strict=True)
    }


# Counting -------------------------------------------------------------------


def test_an_episode_on_both_sides_counts_once_on_each_side():
    counts = insights.region_counts([episode(side="left"), episode(side="both"), episode(side="right")])
    assert counts["calves", "left"] == 2
    assert counts["calves", "right"] == 2
    assert sum(counts.values()) == 4


def test_an_episode_without_a_side_counts_apart_from_both_sides():
    counts = insights.region_counts([episode(side=""), episode("hamstrings", side="left")])
    assert counts == {("calves", ""): 1, ("hamstrings", "left"): 1}


def test_the_shades_split_the_counts_into_four_bands_lightest_first():
    assert [band(n, top=8) for n in range(9)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert legend(8) == ((1, "1–2"), (2, "3–4"), (3, "5–6"), (4, "7–8"))
    # Few episodes: each count its own shade, the most always the darkest.
    assert [band(n, top=3) for n in range(4)] == [0, 2, 3, 4]
    assert legend(3) == ((2, "1"), (3, "2"), (4, "3"))
    assert legend(1) == ((4, "1"),)


def test_the_shaded_map_counts_each_region_and_lists_what_the_map_cannot_show():
    episodes = [
        episode(side="left"),
        episode(side="left"),
        episode(side="both"),
        episode("hamstrings", side="right"),
        episode("lower_body"),
        episode("feet"),
    ]
    body_map = insights.shaded_body_map(episodes)
    regions = {(r.muscle, r.side): r for view in body_map.views for r in view.regions}
    assert (regions["calves", "left"].count, regions["calves", "left"].band) == (3, 4)
    assert (regions["calves", "right"].count, regions["calves", "right"].band) == (1, 2)
    assert (regions["hamstrings", "right"].count, regions["hamstrings", "right"].band) == (1, 2)
    assert (regions["feet", "left"].count, regions["feet", "right"].count) == (0, 0)
    assert body_map.rows == (
        ("Calves", "Left", 3),
        ("Calves", "Right", 1),
        ("Hamstrings", "Right", 1),
        ("Feet", "Not given", 1),
        ("Full lower body", "Not given", 1),
    )


def test_with_no_episodes_nothing_is_shaded_and_there_is_no_legend():
    body_map = insights.shaded_body_map([])
    assert {r.band for view in body_map.views for r in view.regions} == {0}
    assert body_map.rows == body_map.legend == ()


# The map on the pages -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "maps"),
    [
        ("athletes:episode-list", 1),  # the quick log
        ("athletes:episode-create", 2),  # the quick log in its drawer, and the episode form
        ("athletes:insights", 1),  # the quick log in its drawer, beside the shaded map
    ],
)
def test_every_region_of_the_picker_is_a_labelled_button_for_an_episode_muscle(athlete_client, name, maps):
    page = Regions(athlete_client.get(reverse(name)).content.decode())
    assert page.pickers == maps
    muscles = {value for value, _ in MuscleGroup.choices}
    pickers = [r for r in page.regions if r.get("role") == "button"]
    assert len(pickers) == maps * 2 * len(ON_THE_MAP)
    for region in pickers:
        assert region["data-muscle"] in muscles
        assert region["data-side"] in {"left", "right"}
        assert region["aria-label"].startswith(region["data-side"].capitalize() + " ")
        assert region["tabindex"] == "0"
        assert region["aria-pressed"] == "false"
    labels = [region["aria-label"] for region in pickers]
    assert len(set(labels)) == len(labels) // maps
    assert "Left calf" in labels
    assert "Right adductors (groin)" in labels


def test_the_maps_muscles_are_the_episode_muscles_that_have_a_region(athlete_client):
    page = Regions(athlete_client.get(reverse("athletes:episode-create")).content.decode())
    drawn = {(r["data-muscle"], r["data-side"]) for r in page.regions}
    assert drawn == {(muscle, side) for muscle in ON_THE_MAP for side in ("left", "right")}
    assert {value for value, _ in EPISODE_MUSCLES} == ON_THE_MAP | OFF_THE_MAP


def test_the_picker_sits_in_the_form_beside_its_muscle_and_side_selects(athlete_client):
    html = athlete_client.get(reverse("athletes:episode-list")).content.decode()
    form = html[html.index('<form method="post" action="' + reverse("athletes:quick-log")) :]
    form = form[: form.index("</form>")]
    assert "data-body-map hidden" in form  # shown by static/js/body_map.js; without it, the selects do the work
    assert 'name="muscle"' in form
    assert 'name="side"' in form
    assert "js/body_map.js" in html


def test_insights_shade_each_region_by_its_episodes_with_the_counts_in_a_table(athlete_client, athlete):
    make_episode(athlete, muscle="calves", side="left", setting="training")
    make_episode(athlete, muscle="calves", side="both", setting="night", days_ago=2)
    make_episode(athlete, muscle="glutes", side="right", setting="training", days_ago=40)  # before the window

    regions = shaded_regions(athlete_client, reverse("athletes:insights"))
    assert regions["calves", "left"] == ("band-4", "Left calf: 2 episodes")
    assert regions["calves", "right"] == ("band-2", "Right calf: 1 episode")
    assert regions["glutes", "right"] == ("band-0", "Right glute: 0 episodes")
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    table = body[body.index("Episodes by region") : body.index("</table>")]
    assert '<td>Calves</td><td>Left</td><td class="text-end">2</td>' in table
    assert '<td>Calves</td><td>Right</td><td class="text-end">1</td>' in table
    assert "Glutes" not in table


def test_a_strangers_episodes_never_shade_the_map(athlete_client, athlete, other_athlete, coach):
    make_episode(athlete, muscle="calves", side="left", setting="training")
    make_episode(other_athlete, muscle="feet", side="right", setting="training")
    make_episode(other_athlete, muscle="calves", side="left", setting="training")
    link(coach, athlete)
    link(coach, other_athlete)
    coach_client = Client()
    coach_client.force_login(coach)

    for viewer, url in [
        (athlete_client, reverse("athletes:insights")),
        (coach_client, reverse("athletes:coach-athlete", args=[athlete.pk])),
    ]:
        regions = shaded_regions(viewer, url)
        assert regions["calves", "left"][1] == "Left calf: 1 episode"
        assert regions["feet", "right"] == ("band-0", "Right foot: 0 episodes")


# The quick log records the side the map picked --------------------------------


@pytest.mark.parametrize("side", ["left", "right", "both", ""])
def test_the_quick_log_saves_the_side(athlete_client, athlete, side):
    response = athlete_client.post(
        reverse("athletes:quick-log"),
        {"muscle": "calves", "side": side, "severity": "6", "idempotency_key": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert athlete.episodes.get().side == side
    assert ("Logged: Calves (" + side + ")" in response.content.decode()) == bool(side)


def test_a_side_that_is_not_one_of_the_choices_saves_nothing(athlete_client, athlete):
    response = athlete_client.post(
        reverse("athletes:quick-log"),
        {"muscle": "calves", "side": "middle", "severity": "6", "idempotency_key": str(uuid.uuid4())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert not athlete.episodes.exists()
