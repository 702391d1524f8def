"""The library's text in English and Spanish (library/translation.py): a column per language for every field
people read. An installed library's text so far is English: it is copied into the English columns here (as
modeltranslation's update_translation_fields would), so nothing reads empty after the upgrade; the Spanish
comes from `load_library`, which adds the shipped Spanish to the items it finds without it."""

import cramps.input
from django.db import migrations, models
from django.db.models import F, Q

# {model: the fields now kept per language}, as this migration adds them.
TRANSLATED = {
    "reference": ("evidence_note",),
    "cause": ("name", "summary", "mechanism"),
    "exercise": ("name", "why_it_helps", "how_to", "cautions", "dose_text", "image_alt"),
    "strategy": ("name", "summary", "guidance", "caution"),
    "exerciseclaim": ("note",),
    "strategyclaim": ("note",),
    "athletefocus": ("title", "summary", "focus_points"),
    "routinetemplate": ("name", "purpose"),
    "routinetemplateitem": ("dose", "notes"),
    "redflag": ("title", "guidance"),
    "crampmedicine": ("name", "note"),
}


def copy_text_into_english(apps, schema_editor):
    """Each field's text so far into its English column, where that column is still empty. One query a field."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("library", model_name)
        for field in fields:
            english = f"{field}_en"
            empty = Q(**{f"{english}__isnull": True}) | Q(**{english: ""})
            model.objects.filter(empty).exclude(**{field: ""}).update(**{english: F(field)})


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0011_red_flags_by_the_guidance'),
    ]

    operations = [
        migrations.AddField(
            model_name='athletefocus',
            name='focus_points_en',
            field=models.TextField(help_text='One point per line.', null=True),
        ),
        migrations.AddField(
            model_name='athletefocus',
            name='focus_points_es',
            field=models.TextField(help_text='One point per line.', null=True),
        ),
        migrations.AddField(
            model_name='athletefocus',
            name='summary_en',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='athletefocus',
            name='summary_es',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='athletefocus',
            name='title_en',
            field=models.CharField(max_length=100, null=True),
        ),
        migrations.AddField(
            model_name='athletefocus',
            name='title_es',
            field=models.CharField(max_length=100, null=True),
        ),
        migrations.AddField(
            model_name='cause',
            name='mechanism_en',
            field=models.TextField(null=True, verbose_name='how it leads to cramps'),
        ),
        migrations.AddField(
            model_name='cause',
            name='mechanism_es',
            field=models.TextField(null=True, verbose_name='how it leads to cramps'),
        ),
        migrations.AddField(
            model_name='cause',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='cause',
            name='name_es',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='cause',
            name='summary_en',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='cause',
            name='summary_es',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='crampmedicine',
            name='name_en',
            field=models.CharField(help_text='The medicine or class as the athlete reads it, e.g. “statins (for cholesterol)”.', max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='crampmedicine',
            name='name_es',
            field=models.CharField(help_text='The medicine or class as the athlete reads it, e.g. “statins (for cholesterol)”.', max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='crampmedicine',
            name='note_en',
            field=models.TextField(blank=True, help_text='What the studies found, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='crampmedicine',
            name='note_es',
            field=models.TextField(blank=True, help_text='What the studies found, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='cautions_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='cautions_es',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='dose_text_en',
            field=models.CharField(help_text='For example: 15–20 reps × 3 sets', max_length=60, null=True, verbose_name='dose as shown'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='dose_text_es',
            field=models.CharField(help_text='For example: 15–20 reps × 3 sets', max_length=60, null=True, verbose_name='dose as shown'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='how_to_en',
            field=models.TextField(null=True, verbose_name='how to do it'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='how_to_es',
            field=models.TextField(null=True, verbose_name='how to do it'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='image_alt_en',
            field=models.CharField(blank=True, help_text='Required with a picture: what it shows, for people who cannot see it, e.g. “Standing on one leg on a step, heel lowered below the edge”.', max_length=200, null=True, validators=[cramps.input.validate_single_line], verbose_name='picture description (alt text)'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='image_alt_es',
            field=models.CharField(blank=True, help_text='Required with a picture: what it shows, for people who cannot see it, e.g. “Standing on one leg on a step, heel lowered below the edge”.', max_length=200, null=True, validators=[cramps.input.validate_single_line], verbose_name='picture description (alt text)'),
        ),
        migrations.AddField(
            model_name='exercise',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='name_es',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='why_it_helps_en',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='exercise',
            name='why_it_helps_es',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='exerciseclaim',
            name='note_en',
            field=models.CharField(help_text='One line on what was found for this cause.', max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='exerciseclaim',
            name='note_es',
            field=models.CharField(help_text='One line on what was found for this cause.', max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='redflag',
            name='guidance_en',
            field=models.TextField(help_text='What the athlete should do, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='redflag',
            name='guidance_es',
            field=models.TextField(help_text='What the athlete should do, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='redflag',
            name='title_en',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='redflag',
            name='title_es',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='reference',
            name='evidence_note_en',
            field=models.TextField(help_text='What the study found, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='reference',
            name='evidence_note_es',
            field=models.TextField(help_text='What the study found, in plain words.', null=True),
        ),
        migrations.AddField(
            model_name='routinetemplate',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='routinetemplate',
            name='name_es',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='routinetemplate',
            name='purpose_en',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='routinetemplate',
            name='purpose_es',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='routinetemplateitem',
            name='dose_en',
            field=models.CharField(blank=True, help_text='For a habit: how much, how often, for example: one full rest day a week.', max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='routinetemplateitem',
            name='dose_es',
            field=models.CharField(blank=True, help_text='For a habit: how much, how often, for example: one full rest day a week.', max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='routinetemplateitem',
            name='notes_en',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='routinetemplateitem',
            name='notes_es',
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='caution_en',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='caution_es',
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='guidance_en',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='guidance_es',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='name_es',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='summary_en',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='strategy',
            name='summary_es',
            field=models.CharField(max_length=300, null=True),
        ),
        migrations.AddField(
            model_name='strategyclaim',
            name='note_en',
            field=models.CharField(help_text='One line on what was found for this cause.', max_length=200, null=True),
        ),
        migrations.AddField(
            model_name='strategyclaim',
            name='note_es',
            field=models.CharField(help_text='One line on what was found for this cause.', max_length=200, null=True),
        ),
        migrations.RunPython(copy_text_into_english, migrations.RunPython.noop),
    ]
