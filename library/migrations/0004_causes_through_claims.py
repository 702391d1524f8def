"""Items reach their causes through the graded claims; the old plain link tables go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0003_copy_cause_links_into_claims")]

    operations = [
        migrations.RemoveField(model_name="exercise", name="causes"),
        migrations.AddField(
            model_name="exercise",
            name="causes",
            field=models.ManyToManyField(
                blank=True, related_name="exercises", through="library.ExerciseClaim", to="library.cause"
            ),
        ),
        migrations.RemoveField(model_name="strategy", name="causes"),
        migrations.AddField(
            model_name="strategy",
            name="causes",
            field=models.ManyToManyField(
                blank=True, related_name="strategies", through="library.StrategyClaim", to="library.cause"
            ),
        ),
    ]
