"""The body map: the lower body, front and back, with a region for each side of each muscle.

One template draws it (templates/athletes/_body_map.html) in two ways: as a picker in the
episode forms (static/js/body_map.js keeps it and the form's selects in step), and shaded
by how often each region cramped, on insights and on the coach's page for an athlete.

Each shape is drawn for the leg on the viewer's left; the other leg is its mirror image.
On the front view the viewer's left is the person's right, on the back view their left.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy, pgettext_lazy

from ..models import EPISODE_MUSCLES

WIDTH = 160  # the figure's width in SVG units; x = WIDTH / 2 is the middle of the body
VIEW_BOX = "10 0 140 270"
MIRROR = f"matrix(-1 0 0 1 {WIDTH} 0)"

# Half of the body's outline, waist to toes, on the viewer's left (the same from the front and back).
OUTLINE = (
    "M81,2 L36,2 Q28,2 27,10 L24,46 C16,64 13,100 22,126 C26,136 30,142 30,148 C20,166 22,188 36,210 "
    "L38,220 C30,230 24,250 24,262 Q24,268 32,268 L72,268 Q78,268 78,262 C78,248 72,230 64,220 "
    "L64,212 C74,190 78,168 72,150 C74,126 78,100 79,74 L81,72 Z"
)
LOWER_LEG = "M31,154 C23,170 26,190 39,208 L61,208 C73,190 77,170 70,154 Q51,147 31,154 Z"
FOOT = "M41,{top} L61,{top} C65,{mid} 75,242 75,256 Q75,265 66,265 L36,265 Q27,265 27,256 C27,242 37,{mid} 41,{top} Z"

# view: [(muscle, what one side of it is called, its shape)], top to bottom.
VIEWS = {
    "front": [
        ("abdominals", "abdominals", "M79,7 L38,7 Q32,7 32,13 L31,40 Q52,46 79,56 Z"),
        (
            "quadriceps",
            "quadriceps",
            "M31,57 L26,55 C18,72 16,102 23,124 C27,134 31,140 35,144 Q51,150 67,141 Q58,87 31,57 Z",
        ),
        ("adductors", "adductors (groin)", "M35,56 L79,60 L79,76 C77,98 75,118 71,138 Q62,84 35,56 Z"),
        ("shins", "shin", LOWER_LEG),
        ("feet", "foot", FOOT.format(top=221, mid=230)),
    ],
    "back": [
        ("glutes", "glute", "M79,20 Q52,16 36,19 Q27,22 26,36 C25,50 25,64 30,74 C40,88 64,90 79,82 Z"),
        (
            "hamstrings",
            "hamstring",
            "M25,84 C36,94 62,96 78,89 C77,110 74,126 70,140 Q52,146 34,140 C26,126 22,106 25,84 Z",
        ),
        ("calves", "calf", LOWER_LEG),
        ("ankles", "ankle", FOOT.format(top=214, mid=226)),
    ],
}
# The person's side drawn on the viewer's left of each view.
VIEWERS_LEFT = {"front": "right", "back": "left"}
VIEW_NAMES = {"front": gettext_lazy("Front"), "back": gettext_lazy("Back")}
# The letter over each side of a view: the person's right and left.
SIDE_LETTERS = {
    "right": pgettext_lazy("the right side, in one letter", "R"),
    "left": pgettext_lazy("the left side, in one letter", "L"),
}
# Each region's name, whole: in some languages the side's word follows the part and agrees with it.
REGION_LABELS = {
    ("abdominals", "left"): gettext_lazy("Left abdominals"),
    ("abdominals", "right"): gettext_lazy("Right abdominals"),
    ("quadriceps", "left"): gettext_lazy("Left quadriceps"),
    ("quadriceps", "right"): gettext_lazy("Right quadriceps"),
    ("adductors (groin)", "left"): gettext_lazy("Left adductors (groin)"),
    ("adductors (groin)", "right"): gettext_lazy("Right adductors (groin)"),
    ("shin", "left"): gettext_lazy("Left shin"),
    ("shin", "right"): gettext_lazy("Right shin"),
    ("foot", "left"): gettext_lazy("Left foot"),
    ("foot", "right"): gettext_lazy("Right foot"),
    ("glute", "left"): gettext_lazy("Left glute"),
    ("glute", "right"): gettext_lazy("Right glute"),
    ("hamstring", "left"): gettext_lazy("Left hamstring"),
    ("hamstring", "right"): gettext_lazy("Right hamstring"),
    ("calf", "left"): gettext_lazy("Left calf"),
    ("calf", "right"): gettext_lazy("Right calf"),
    ("ankle", "left"): gettext_lazy("Left ankle"),
    ("ankle", "right"): gettext_lazy("Right ankle"),
}

MAP_MUSCLES = [muscle for regions in VIEWS.values() for muscle, _, _ in regions]
MUSCLE_LABELS = dict(EPISODE_MUSCLES)
SIDE_LABELS = {"left": gettext_lazy("Left"), "right": gettext_lazy("Right"), "": gettext_lazy("Not given")}
BANDS = 4  # shades of red, lightest for the fewest episodes


@dataclass(frozen=True)
class Region:
    muscle: str
    side: str
    label: str  # "Left calf"
    shape: str
    mirrored: bool
    count: int = 0
    band: int = 0  # 0 for none, else 1 to BANDS


@dataclass(frozen=True)
class View:
    name: str
    regions: list
    letters: tuple  # the letters over the viewer's left and right: ("R", "L") from the front


@dataclass(frozen=True)
class BodyMap:
    views: list
    shaded: bool = False
    rows: tuple = ()  # (muscle label, side label, episodes), most first
    legend: tuple = ()  # (band, "2–3"): the counts each shade stands for


def _views(counts=None, top=0):
    """Both views with a region for each side of each muscle; with `counts`, each region's count and shade."""
    counts = counts or Counter()
    views = []
    for name, regions in VIEWS.items():
        on_left = VIEWERS_LEFT[name]
        on_right = "left" if on_left == "right" else "right"
        views.append(
            View(
                name=VIEW_NAMES[name],
                regions=[
                    Region(
                        muscle=muscle,
                        side=side,
                        label=REGION_LABELS[part, side],
                        shape=shape,
                        mirrored=side == on_right,
                        count=counts[muscle, side],
                        band=band(counts[muscle, side], top=top),
                    )
                    for muscle, part, shape in regions
                    for side in (on_left, on_right)
                ],
                letters=(SIDE_LETTERS[on_left], SIDE_LETTERS[on_right]),
            )
        )
    return views


def band(count, *, top):
    """The shade of a region with `count` episodes when the most in any region is `top`: 0, or 1 to BANDS."""
    return -(-count * BANDS // top) if count else 0


def legend(top):
    """What each shade stands for when the most episodes in a region is `top`: [(band, "2–3")], bands in use only."""
    entries = []
    for shade in range(1, BANDS + 1):
        low, high = (shade - 1) * top // BANDS + 1, shade * top // BANDS
        if low <= high:
            entries.append((shade, str(low) if low == high else f"{low}–{high}"))
    return tuple(entries)


def region_counts(episodes):
    """Episodes per (muscle, side). One on both sides counts on each; an unknown side is side "". No queries."""
    counts = Counter()
    for episode in episodes:
        for side in ("left", "right") if episode.side == "both" else (episode.side,):
            counts[episode.muscle, side] += 1
    return counts


def shaded_body_map(episodes):
    """The body map shaded by how often each region cramped in `episodes`, with the same counts as table rows.

    Rows include what the map cannot show: muscles without a region and episodes without a side. No queries.
    """
    counts = region_counts(episodes)
    on_map = [counts[muscle, side] for muscle in MAP_MUSCLES for side in ("left", "right")]
    top = max(on_map, default=0)
    order = {muscle: i for i, (muscle, _) in enumerate(EPISODE_MUSCLES)}
    rows = tuple(
        (MUSCLE_LABELS[muscle], SIDE_LABELS[side], n)
        for (muscle, side), n in sorted(counts.items(), key=lambda item: (-item[1], order[item[0][0]], item[0][1]))
    )
    return BodyMap(views=_views(counts, top), shaded=True, rows=rows, legend=legend(top) if top else ())


# The map as a picker: no counts, its state kept by static/js/body_map.js.
PICKER = BodyMap(views=_views())
