"""The reminder pass task moved from athletes.tasks to athletes.reminders (email sending no longer
imports the reminders that use it). A pass already queued under the old name is renamed, so the
worker can still find it and the chain of passes goes on."""

from django.db import migrations

OLD, NEW = "athletes.tasks.remind", "athletes.reminders.remind"


def rename(old, new):
    def run(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0024_forget_emails_written_before_ids"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
