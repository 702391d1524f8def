"""One Spanish term per idea: no translation uses a variant that locale/GLOSSARY.es.md turns down, neither the
interface's catalogues nor the library's Spanish content."""

import json
import re

import pytest
from django.conf import settings

from .test_translations import DOMAINS, SPANISH, read_po

GLOSSARY = settings.BASE_DIR / "locale" / "GLOSSARY.es.md"
FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"
# What a translation holds besides words: placeholders (%(coach)s, {day}) and markup.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")


def glossary():
    """The glossary's rows: [(English, Spanish, [variants turned down])]."""
    rows = []
    for line in GLOSSARY.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---"):
            continue
        rows.append((cells[0], cells[1], [variant.strip() for variant in cells[2].split(",") if variant.strip()]))
    return rows


def banned():
    """{variant: the term to use instead}."""
    return {variant.lower(): spanish for _, spanish, variants in glossary() for variant in variants}


def variants_in(text):
    words = NOT_WORDS.sub(" ", text).lower()
    return [variant for variant in banned() if re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", words)]


def catalogue_translations():
    for domain in DOMAINS:
        for entry in read_po(SPANISH / f"{domain}.po"):
            for text in entry["strs"]:
                yield f"{domain}.po: {entry['id']!r}", text


def library_translations():
    for row in json.loads(FIXTURE.read_text()):
        for name, text in row["fields"].items():
            if name.endswith("_es") and isinstance(text, str):
                yield f"{row['model']} {row['fields'].get('slug', '')} {name}", text


def test_the_glossary_gives_one_term_for_red_flag_and_turns_down_the_others():
    rows = {english: (spanish, variants) for english, spanish, variants in glossary()}
    assert len(rows) >= 30
    spanish, variants = rows["red flag, warning sign"]
    assert spanish.startswith("señal de alarma")
    assert {"señal de alerta", "señales de alerta"} <= set(variants)


def test_a_variant_is_found_as_a_whole_word_outside_placeholders_and_markup():
    assert variants_in("Registraste una Señal de alerta.") == ["señal de alerta"]
    assert variants_in("%(coach)s te ha asignado una rutina") == []
    assert variants_in('<a href="/coach/">Tu entrenador</a>') == []
    assert variants_in("triatletas y una prueba de sudoración") == []


@pytest.mark.parametrize("translations", [catalogue_translations, library_translations])
def test_no_translation_uses_a_variant_the_glossary_turns_down(translations):
    found = [(where, variant, banned()[variant]) for where, text in translations() for variant in variants_in(text)]
    assert not found, "use the glossary's term: " + "; ".join(f"{w}: {v!r} -> {t!r}" for w, v, t in found)
