"""The library's text in each language of settings.LANGUAGES (django-modeltranslation).

Every field a reader reads is kept once per language (`name_en`, `name_es`...); reading `name`
gives the active language's text, or the English one while it has none
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES). Slugs, codes, links, years and the
references' bibliographic citations are the same in every language and are not here;
neither are a medicine's match words, which must find the medicine whatever the language of the
notes and of the reader (the red flags raised must not depend on who reads them).

Staff write both languages in the admin (library.admin); `fixtures/library.json` ships both,
and `load_library` adds the shipped Spanish to a library loaded before it had any.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    AthleteFocus,
    Cause,
    CrampMedicine,
    Exercise,
    ExerciseClaim,
    RedFlag,
    Reference,
    RoutineTemplate,
    RoutineTemplateItem,
    Strategy,
    StrategyClaim,
)

# {model: the fields read by people}, in the order the admin shows them.
TRANSLATED = {
    Reference: ("evidence_note",),
    Cause: ("name", "summary", "mechanism"),
    Exercise: ("name", "why_it_helps", "how_to", "cautions", "dose_text", "image_alt"),
    Strategy: ("name", "summary", "guidance", "caution"),
    ExerciseClaim: ("note",),
    StrategyClaim: ("note",),
    AthleteFocus: ("title", "summary", "focus_points"),
    RoutineTemplate: ("name", "purpose"),
    RoutineTemplateItem: ("dose", "notes"),
    RedFlag: ("title", "guidance"),
    CrampMedicine: ("name", "note"),
}

# Names are unique: a name not yet written in a language is stored as NULL, not "", so that two
# items waiting for their Spanish name do not collide.
UNIQUE_NAMES = {Cause, Exercise, Strategy, RoutineTemplate}


def _options(model, fields):
    attrs = {"fields": fields}
    if model in UNIQUE_NAMES:
        attrs["empty_values"] = {"name": None}
    return type(f"{model.__name__}TranslationOptions", (TranslationOptions,), attrs)


for _model, _fields in TRANSLATED.items():
    register(_model)(_options(_model, _fields))
