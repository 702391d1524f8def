"""The plan editor's rows: one exercise or habit each, with its dose, and the search that adds one.

A row that holds an item shows as one line, its name and dose in words, and opens to change that dose,
its position, or to remove it. The last row is a search over the library's exercises and habits: the
Add button posts the editor as it stands and shows it again, unsaved and unchecked, with the item added
(or the items whose names match, to pick one). It all works without JavaScript.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin
from library.models import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, PLAN_ITEM_FIELDS, Exercise, Strategy

from ..models import AssignedItem

MAX_ITEMS = 20
# The editor's buttons that add an item and save nothing: Add (the item searched for), and a search result.
ADD = "add"
ADD_ITEM = "add_item"
SEARCH_RESULTS = 30  # at most this many names listed for a search


@dataclass(frozen=True)
class Chosen:
    """The item a row holds, the library's Exercise or Strategy, and whether it is a habit."""

    item: object = None
    is_habit: bool = False

    @property
    def key(self):
        """'exercise-12' or 'habit-5': what a search result's button posts."""
        return f"{'habit' if self.is_habit else 'exercise'}-{self.item.pk}"


class PlanLibrary:
    """The exercises and habits a plan can hold, read once for the whole editor. Two queries, on first use."""

    @cached_property
    def exercises(self):
        return list(Exercise.objects.all())

    @cached_property
    def habits(self):
        return list(Strategy.objects.exclude(kind=Strategy.Kind.RELIEF))

    @cached_property
    def _by_key(self):
        return {
            **{f"exercise-{item.pk}": Chosen(item, False) for item in self.exercises},
            **{f"habit-{item.pk}": Chosen(item, True) for item in self.habits},
        }

    def get(self, key):
        """The Chosen for 'exercise-12' or 'habit-5', or None. No queries once read."""
        return self._by_key.get(str(key))

    def named(self, text):
        """Every item called `text` (whatever the case), exercises first. No queries once read."""
        wanted = text.strip().casefold()
        return [chosen for chosen in self._by_key.values() if chosen.item.name.casefold() == wanted]

    def matching(self, text):
        """Items whose names hold every word of `text` (all of them for no words), exercises first."""
        words = text.casefold().split()
        return [chosen for chosen in self._by_key.values() if all(w in chosen.item.name.casefold() for w in words)]


class AssignedItemForm(SafeInputMixin, forms.Form):
    """One row of a plan: an exercise with sets, reps or a hold, or a habit with its dose.

    The row's item comes as `exercise` or `strategy` (the pk), or by name in `item`, the search box:
    an exercise added by name without a dose takes the library's.
    """

    exercise = forms.ModelChoiceField(
        label=_("Exercise"),
        queryset=Exercise.objects.all(),
        required=False,  # blank rows are skipped
        widget=forms.HiddenInput,
    )
    strategy = forms.ModelChoiceField(
        label=_("Habit"),
        queryset=Strategy.objects.exclude(kind=Strategy.Kind.RELIEF),
        required=False,
        widget=forms.HiddenInput,
    )
    item = forms.CharField(
        label=_("Add an exercise or habit"),
        required=False,
        max_length=100,
        help_text=_("Type part of its name, e.g. calf, sleep or sodium, and pick it from the list."),
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "list": "plan-item-names", "autocomplete": "off"}
        ),
    )
    sets = forms.IntegerField(label=_("Sets"), required=False, min_value=1, max_value=MAX_SETS)
    reps = forms.IntegerField(label=_("Reps"), required=False, min_value=1, max_value=MAX_REPS)
    hold_seconds = forms.IntegerField(
        label=_("Hold (seconds)"), required=False, min_value=1, max_value=MAX_HOLD_SECONDS
    )
    dose = forms.CharField(
        label=_("Dose"),
        required=False,
        max_length=120,
        help_text=_("In words, e.g. one full rest day a week."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=200)

    library = None  # the formset's PlanLibrary; a row on its own reads one

    def __init__(self, *args, library=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library or PlanLibrary()

    @cached_property
    def picked(self):
        """The item the row holds by its pk (`exercise` or `strategy`), as posted or as it starts: a Chosen, empty
        without one. No queries once the library is read."""
        for name, kind in (("exercise", "exercise"), ("strategy", "habit")):
            value = self[name].value()
            if value not in (None, "") and (found := self.library.get(f"{kind}-{value}")):
                return found
        return Chosen()

    @cached_property
    def chosen(self):
        """The item the row holds, by its pk or by the name typed in its search box: a Chosen, empty for a
        blank row. No queries once the library is read."""
        if self.picked.item is not None:
            return self.picked
        named = self.library.named(self["item"].value() or "")
        return named[0] if len(named) == 1 else Chosen()

    @property
    def dose_in_words(self):
        """The row's dose as the plan will show it: '3 × 15 reps, hold 30 s', or a habit's dose. No queries."""
        chosen = self.chosen
        if chosen.is_habit:
            return (self["dose"].value() or "").strip()

        def number(name):
            value = str(self[name].value() or "").strip()
            return int(value) if value.isdigit() and int(value) > 0 else None

        dose = {name: number(name) for name in ("sets", "reps", "hold_seconds")}
        if chosen.item is not None and not any(dose.values()):
            dose = {name: getattr(chosen.item, name) for name in dose}  # the library's, as saving gives it
        return AssignedItem(**dose).dose_in_words

    @property
    def marked_for_removal(self):
        return bool("DELETE" in self.fields and self["DELETE"].value())

    def clean(self):
        cleaned = super().clean()
        exercise, habit = cleaned.get("exercise"), cleaned.get("strategy")
        if self.errors:
            return cleaned
        if not exercise and not habit and (text := cleaned.get("item", "").strip()):
            exercise, habit = self._by_name(text, cleaned)
        if exercise and habit:
            raise forms.ValidationError(_("Choose an exercise or a habit for this row, not both."))
        if not exercise and not habit:
            if any(cleaned.get(name) for name in ("sets", "reps", "hold_seconds", "dose", "notes")):
                raise forms.ValidationError(_("Choose an exercise or a habit for this row."))
        elif exercise:
            if cleaned.get("dose"):
                self.add_error("dose", _("A dose in words is for habits; give an exercise sets, reps or a hold."))
            elif not (cleaned.get("reps") or cleaned.get("hold_seconds")):
                raise forms.ValidationError(_("Give reps, a hold time, or both."))
        else:
            if any(cleaned.get(name) for name in ("sets", "reps", "hold_seconds")):
                raise forms.ValidationError(_("A habit takes a dose in words, not sets, reps or a hold."))
            if not cleaned.get("dose"):
                self.add_error("dose", _("Give the habit a dose, e.g. 7 hours or more in bed."))
        return cleaned

    def _by_name(self, text, cleaned):
        """The (exercise, habit) the search box names, into `cleaned`; an exercise without a dose gets the library's."""
        named = self.library.named(text)
        if not named:
            self.add_error(
                "item",
                gettext("Nothing in the library is called “%(name)s”: pick a name from the list.") % {"name": text},
            )
            return None, None
        if len(named) > 1:
            self.add_error("item", gettext("An exercise and a habit are both called “%(name)s”.") % {"name": text})
            return None, None
        chosen = named[0]
        if chosen.is_habit:
            cleaned["strategy"] = chosen.item
            return None, chosen.item
        cleaned["exercise"] = chosen.item
        if not any(cleaned.get(name) for name in ("sets", "reps", "hold_seconds")):
            cleaned.update({name: getattr(chosen.item, name) for name in ("sets", "reps", "hold_seconds")})
        return chosen.item, None


@dataclass
class Search:
    """What the Add button found: the words searched for, and the items to pick from when no name matched."""

    query: str = ""
    matches: list = field(default_factory=list)
    nothing: bool = False  # words searched for, and no name holds them


class BaseAssignedItemFormSet(forms.BaseFormSet):
    search = None  # a Search after the Add button, else None

    @cached_property
    def library(self):
        return PlanLibrary()

    def get_form_kwargs(self, index):
        kwargs = {**super().get_form_kwargs(index), "library": self.library}
        if index is not None and index >= self.initial_form_count() and self.search and self.search.query:
            kwargs["initial"] = {"item": self.search.query}  # the words searched for, to refine
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].help_text = _("1 comes first.")
        form.fields["ORDER"].widget.attrs.update(min=1, max=MAX_ITEMS)
        form.fields["DELETE"].label = _("Remove from the plan")
        form.fields["item"].widget.attrs["aria-describedby"] = f"{form['item'].auto_id}_help"

    @property
    def rows(self):
        """The rows that hold an item, in the order they came."""
        return [form for form in self.forms if form.chosen.item is not None]

    @property
    def search_row(self):
        """The first row without an item: the search box that adds one (None with the plan full)."""
        return next((form for form in self.forms if form.chosen.item is None), None)

    @property
    def has_exercise(self):
        """Whether a row kept (not marked to remove) holds an exercise, as posted or as it starts. No queries once
        the library is read."""
        return any(not form.chosen.is_habit and not form.marked_for_removal for form in self.rows)

    @property
    def has_rows(self):
        return bool(self.rows)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("A plan needs at least one exercise or habit."))

    def items(self):
        """The kept rows as dicts, in the order the coach set."""
        kept = [
            form
            for form in self.forms
            if form.has_changed()
            and (form.cleaned_data.get("exercise") or form.cleaned_data.get("strategy"))
            and not self._should_delete_form(form)
        ]
        kept.sort(key=lambda form: (form.cleaned_data.get("ORDER") is None, form.cleaned_data.get("ORDER") or 0))
        return [{name: form.cleaned_data[name] for name in PLAN_ITEM_FIELDS} for form in kept]

    def after_add(self, data):
        """A new, unbound formset: these (posted) rows as they were typed, and the item the Add button asked for.

        The Add button (ADD) adds the item its search box names; failing that, the new formset's
        `search` lists the items whose names hold the words, each a button (ADD_ITEM) that adds it.
        Nothing is checked: a row shows what is wrong with it when the editor is saved.
        """
        rows = []
        for form in self.forms:
            if form.picked.item is not None:
                row = {name: form[name].value() for name in form.fields if name not in ("exercise", "strategy")}
                kind = "strategy" if form.picked.is_habit else "exercise"
                rows.append({**row, kind: form.picked.item.pk, "item": "", "open": False})
        search, adding = Search(), None
        if ADD_ITEM in data:
            adding = self.library.get(data[ADD_ITEM])
        else:
            box = next((form for form in self.forms if form.picked.item is None), None)
            query = (box["item"].value() or "").strip() if box is not None else ""
            named = self.library.named(query) if query else []
            if len(named) == 1:
                adding = named[0]
            else:
                search.query = query
                search.matches = self.library.matching(query)[:SEARCH_RESULTS]
                search.nothing = bool(query) and not search.matches
        if adding is not None and len(rows) < MAX_ITEMS:
            rows.append(_new_row(adding, position=len(rows) + 1))
        formset = type(self)(initial=rows, prefix=self.prefix)
        formset.library, formset.search = self.library, search
        return formset


def _new_row(chosen, *, position):
    """An item just added: an exercise at the library's dose, a habit awaiting its dose (shown open)."""
    if chosen.is_habit:
        return {"strategy": chosen.item.pk, "dose": "", "ORDER": position, "open": True}
    item = chosen.item
    dose = {"sets": item.sets, "reps": item.reps, "hold_seconds": item.hold_seconds}
    return {"exercise": item.pk, **dose, "ORDER": position, "open": True}


AssignedItemFormSet = forms.formset_factory(
    AssignedItemForm, formset=BaseAssignedItemFormSet, extra=1, can_order=True, can_delete=True, max_num=MAX_ITEMS
)


def editor_is_adding(data):
    """Whether a posted editor came from a button that adds an item (and saves nothing)."""
    return ADD in data or ADD_ITEM in data


def editor_after_add(form, formset, data):
    """The editor shown again after an Add button: the schedule and rows as posted, unbound, plus the item."""
    initial = {name: form[name].value() for name in form.fields}
    return type(form)(initial=initial, instance=form.instance), formset.after_add(data)


def plan_editor_valid(form, formset):
    """Whether a posted editor is to be saved: the schedule and every row valid, both checked so that both
    say what is wrong. A plan without an exercise asks for no sessions a week (see AssignmentForm)."""
    if not (form.is_bound and formset.is_bound):
        return False
    form.habits_only = not formset.has_exercise
    return all([formset.is_valid(), form.is_valid()])
