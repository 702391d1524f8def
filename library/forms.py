from django import forms
from django.utils.translation import gettext_lazy as _

from cramps.input import SafeInputMixin

from .models import Cause, MuscleGroup


class ExerciseFilterForm(SafeInputMixin, forms.Form):
    area = forms.ChoiceField(
        label=_("Target area"), required=False, choices=[("", _("Any area")), *MuscleGroup.choices]
    )
    cause = forms.ModelChoiceField(
        label=_("Cause it addresses"),
        required=False,
        queryset=Cause.objects.all(),
        to_field_name="slug",
        empty_label=_("Any cause"),
    )

    def filter(self, queryset):
        """Narrow an exercise queryset to the valid filters; invalid values are ignored."""
        if not self.is_valid():
            return queryset
        if area := self.cleaned_data["area"]:
            queryset = queryset.filter(target_area=area)
        if cause := self.cleaned_data["cause"]:
            queryset = queryset.filter(causes=cause)
        return queryset
