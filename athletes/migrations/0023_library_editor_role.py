"""Library editors become a role of their own, beside athletes and coaches.

Staff edit the library in the admin; until now they were coaches too, so an invite an athlete
accepted opened the coach's pages, and that athlete's health data, to them. A staff coach who
has never coached anyone (no link to an athlete, active or ended) becomes an editor. A staff
coach who has stays a coach, and the admin flags the account (athletes.admin) so a superuser
makes a separate editor account. Going back, editors are coaches again.
"""

from django.db import migrations, models


def staff_coaches_to_editors(apps, schema_editor):
    User = apps.get_model("athletes", "User")
    CoachLink = apps.get_model("athletes", "CoachLink")
    coaching = CoachLink.objects.filter(coach__isnull=False).values("coach")
    User.objects.filter(is_staff=True, role="coach").exclude(pk__in=coaching).update(role="editor")


def editors_to_coaches(apps, schema_editor):
    apps.get_model("athletes", "User").objects.filter(role="editor").update(role="coach")


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0022_heat_and_sweating_can_go_unsaid"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="user",
            name="user_role_valid",
        ),
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[("athlete", "Athlete"), ("coach", "Coach"), ("editor", "Library editor")],
                default="athlete",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("role__in", ["athlete", "coach", "editor"])), name="user_role_valid"
            ),
        ),
        migrations.RunPython(staff_coaches_to_editors, editors_to_coaches),
    ]
