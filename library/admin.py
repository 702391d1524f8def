from django import forms
from django.contrib import admin
from django.db.models import Count
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.utils import get_translation_fields

from .images import PictureField
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

# Every text people read is edited in each language (library/translation.py): the admin shows one box per
# language ("name [en]", "name [es]"), English first and required, the others optional (English is shown
# while a text has none in the reader's language). Not the tabbed variant: its tabs need jQuery UI from
# another site, which the Content-Security-Policy (script-src 'self') refuses. Searches look in every language.


def in_every_language(*fields):
    """The search fields for `fields` in every language: "name" -> "name_en", "name_es"."""
    return get_translation_fields(*fields)


class NamedOrderBoxes:
    """The changelist's editable order boxes have no label of their own (the column heading is not one):
    each is named for its row, so a screen reader says "Order of Slow calf raises"."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class ChangelistForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["order"].widget.attrs["aria-label"] = f"Order of {self.instance}"

        return ChangelistForm


@admin.register(Reference)
class ReferenceAdmin(TranslationAdmin):
    list_display = ["citation", "year"]
    list_filter = ["year"]
    search_fields = ["citation", *in_every_language("evidence_note")]
    prepopulated_fields = {"slug": ["citation"]}


@admin.register(Cause)
class CauseAdmin(NamedOrderBoxes, TranslationAdmin):
    list_display = ["name", "category", "order", "exercise_count"]
    list_filter = ["category"]
    list_editable = ["order"]
    ordering = ["order", "name"]  # the count annotation drops the model's ordering; the autocomplete pages need one
    search_fields = in_every_language("name", "summary", "mechanism")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["references"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(exercise_count=Count("exercises"))

    @admin.display(description="exercises", ordering="exercise_count")
    def exercise_count(self, obj):
        return obj.exercise_count

    def has_delete_permission(self, request, obj=None):
        """Athletes tick causes on their episodes: deleting a cause someone ticked would delete
        what they wrote, so only a superuser may, and a library editor renames or reorders it instead."""
        if obj is not None and not request.user.is_superuser and obj.suspected_in.exists():
            return False
        return super().has_delete_permission(request, obj)


class ClaimInline(TranslationStackedInline):
    """One block per cause the item claims to help with, graded by what was found for that cause. Stacked, not
    tabular: each field keeps its own label, and four wide fields in a row overflowed a laptop's screen."""

    extra = 1
    fields = ["cause", "purpose", "grade", "reference", "note"]
    autocomplete_fields = ["cause", "reference"]
    verbose_name = "claim (a cause it helps with)"
    verbose_name_plural = "claims: the causes it helps with, and how well the studies back each"


class ExerciseClaimInline(ClaimInline):
    model = ExerciseClaim


class StrategyClaimInline(ClaimInline):
    model = StrategyClaim


class ClaimAdmin(TranslationAdmin):
    """Every claim in one list, to review what each is for (prevents, eases a cramp in progress, safety rule)
    and its grade across the library; each is edited here or on its exercise's or habit's page."""

    list_display = ["item_name", "cause", "purpose", "grade", "reference"]
    list_filter = ["purpose", "grade", "cause"]
    list_select_related = ["cause", "reference"]
    search_fields = in_every_language("note", "cause__name")
    autocomplete_fields = ["cause", "reference"]

    @admin.display(description="item")
    def item_name(self, claim):
        return claim.item


@admin.register(ExerciseClaim)
class ExerciseClaimAdmin(ClaimAdmin):
    list_select_related = ["exercise", *ClaimAdmin.list_select_related]
    search_fields = [*in_every_language("exercise__name"), *ClaimAdmin.search_fields]
    autocomplete_fields = ["exercise", *ClaimAdmin.autocomplete_fields]


@admin.register(StrategyClaim)
class StrategyClaimAdmin(ClaimAdmin):
    list_select_related = ["strategy", *ClaimAdmin.list_select_related]
    search_fields = [*in_every_language("strategy__name"), *ClaimAdmin.search_fields]
    autocomplete_fields = ["strategy", *ClaimAdmin.autocomplete_fields]


class ExerciseAdminForm(forms.ModelForm):
    """The picture is checked before it is decoded (size, kind, pixels); a link typed without https:// gets it."""

    class Meta:
        model = Exercise
        fields = ["image", "video_url"]  # the admin adds the others (the alt text in each language) from its fieldsets
        field_classes = {"image": PictureField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "video_url" in self.fields:
            self.fields["video_url"].assume_scheme = "https"


@admin.register(Exercise)
class ExerciseAdmin(NamedOrderBoxes, TranslationAdmin):
    form = ExerciseAdminForm
    list_display = ["name", "target_area", "dose_text", "order"]
    list_filter = ["target_area", "causes", "claims__purpose"]
    list_editable = ["order"]
    search_fields = in_every_language("name", "why_it_helps", "how_to")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["references"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "target_area", "order"]}),
        ("How and why", {"fields": ["why_it_helps", "how_to", "cautions"]}),
        ("Default dose", {"fields": ["dose_text", "sets", "reps", "hold_seconds"]}),
        ("Picture and video", {"fields": ["image", "image_alt", "video_url"]}),
        ("Further reading", {"fields": ["references"]}),
    ]
    inlines = [ExerciseClaimInline]


@admin.register(Strategy)
class StrategyAdmin(NamedOrderBoxes, TranslationAdmin):
    list_display = ["name", "kind", "athlete_group", "order"]
    list_filter = ["kind", "athlete_group", "causes", "claims__purpose"]
    list_editable = ["order"]
    search_fields = in_every_language("name", "summary", "guidance")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["references"]
    inlines = [StrategyClaimInline]


@admin.register(AthleteFocus)
class AthleteFocusAdmin(TranslationAdmin):
    list_display = ["title", "athlete_group"]
    search_fields = in_every_language("title", "summary")
    autocomplete_fields = ["strategies"]


class RoutineTemplateItemInline(TranslationStackedInline):
    """Stacked, not tabular: eight fields in a row overflowed a laptop's screen, and each field keeps its label."""

    model = RoutineTemplateItem
    extra = 1
    ordering = ["position"]
    fields = ["position", "exercise", "strategy", "sets", "reps", "hold_seconds", "dose", "notes"]
    autocomplete_fields = ["exercise", "strategy"]


@admin.register(RoutineTemplate)
class RoutineTemplateAdmin(NamedOrderBoxes, TranslationAdmin):
    list_display = ["name", "athlete_group", "sessions_per_week", "weeks", "order"]
    list_filter = ["athlete_group", "causes"]
    list_editable = ["order"]
    search_fields = in_every_language("name", "purpose")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["causes"]
    inlines = [RoutineTemplateItemInline]


@admin.register(RedFlag)
class RedFlagAdmin(NamedOrderBoxes, TranslationAdmin):
    list_display = ["title", "urgency", "order"]
    list_filter = ["urgency"]
    list_editable = ["order"]
    search_fields = in_every_language("title", "guidance")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["references"]


@admin.register(CrampMedicine)
class CrampMedicineAdmin(NamedOrderBoxes, TranslationAdmin):
    """The medicines the red flags look for in episodes' notes and profiles (athletes.insights.flags)."""

    list_display = ["name", "match_words", "order"]
    list_editable = ["order"]
    search_fields = [*in_every_language("name"), "match_words", *in_every_language("note")]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reference"]
