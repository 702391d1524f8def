"""The report's PDF as a clinician reads it: the body map clear of its region table, the table row by row,
and the pages numbered in the athlete's language.

The text is read back from the PDF by where it is drawn (report_helpers.pdf_lines), so a drawing laid over
the table, or the map's captions and legend set on the same lines as its rows, shows up as mixed lines.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import make_episode
from .report_helpers import pdf_lines

pytestmark = pytest.mark.django_db

# (muscle, side, episodes): ten rows in the region table, on the map and off it, with and without a side.
EPISODES = [
    ("calves", "left", 4),
    ("hamstrings", "right", 3),
    ("quadriceps", "both", 2),
    ("shins", "", 1),
    ("adductors", "right", 1),
    ("glutes", "left", 1),
    ("feet", "right", 1),
    ("abdominals", "right", 1),
    ("upper_body", "left", 1),
]

# What the table says, most episodes first, then in the order of the muscle list; one on both sides counts twice.
ROWS = {
    "en": {
        "caption": "Episodes by region. One on both sides counts on each side.",
        "header": "Region Side Episodes",
        "rows": [
            "Calves Left 4",
            "Hamstrings Right 3",
            "Quadriceps Left 2",
            "Quadriceps Right 2",
            "Shins / front of the leg Not given 1",
            "Adductors / groin Right 1",
            "Glutes Left 1",
            "Feet Right 1",
            "Abdominals Right 1",
            "Arms, hands or back Left 1",
        ],
    },
    "es": {
        "caption": "Episodios por zona. Uno en ambos lados cuenta en cada lado.",
        "header": "Zona Lado Episodios",
        "rows": [
            "Gemelos Izquierdo 4",
            "Isquiotibiales Derecho 3",
            "Cuádriceps Izquierdo 2",
            "Cuádriceps Derecho 2",
            "Espinillas / parte delantera de la pierna Sin indicar 1",
            "Aductores / ingle Derecho 1",
            "Glúteos Izquierdo 1",
            "Pies Derecho 1",
            "Abdominales Derecho 1",
            "Brazos, manos o espalda Izquierdo 1",
        ],
    },
}


def report_pdf_lines(client, athlete, language):
    athlete.language = language
    athlete.save(update_fields=["language"])
    client.force_login(athlete)
    # The request leaves the athlete's language active in this thread: put back the one before it.
    with translation.override(translation.get_language()):
        response = client.get(reverse("athletes:report-pdf"))
    assert response.status_code == 200
    return pdf_lines(response.content)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pdfs_region_table_reads_row_by_row_clear_of_the_body_map(client, athlete, language):
    days_ago = 1
    for muscle, side, count in EPISODES:
        for _ in range(count):
            make_episode(athlete, days_ago=days_ago, muscle=muscle, side=side)
            days_ago += 2
    expected = ROWS[language]
    lines = report_pdf_lines(client, athlete, language)
    assert expected["caption"] in lines, "the table's caption shares its line with something else"
    start = lines.index(expected["header"]) + 1
    assert lines[start : start + len(expected["rows"])] == expected["rows"]


@pytest.mark.parametrize(
    ("language", "where", "nothing"),
    [("en", "Where", "No episodes yet."), ("es", "Dónde", "Todavía no hay episodios.")],
)
def test_the_pdf_of_an_athlete_with_no_episodes_says_so_under_the_body_map(client, athlete, language, where, nothing):
    lines = report_pdf_lines(client, athlete, language)
    assert nothing in lines
    assert lines.index(where) < lines.index(nothing)


@pytest.mark.parametrize(
    ("language", "numbering"), [("en", r"Page (\d+) of (\d+)$"), ("es", r"Página (\d+) de (\d+)$")]
)
def test_the_pdfs_pages_are_numbered_in_the_athletes_language(client, athlete, language, numbering):
    lines = report_pdf_lines(client, athlete, language)
    numbers = [match.groups() for line in lines if (match := re.search(numbering, line))]
    assert len(numbers) >= 2
    assert numbers == [(str(page), str(len(numbers))) for page in range(1, len(numbers) + 1)]
