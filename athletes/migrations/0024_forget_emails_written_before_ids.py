"""Email tasks queued before tasks carried the ids of the members they concern hold their words
(warning signs, plan notes) and no `user_id`, so deleting an account could not find them. They
go now, queued or finished: a queued one could no longer run (send_email needs `user_id`)."""

from django.db import migrations


def forget_emails_without_ids(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    emails = DBTaskResult.objects.filter(task_path="athletes.tasks.send_email")
    emails.exclude(args_kwargs__kwargs__has_key="user_id").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("athletes", "0023_library_editor_role"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forget_emails_without_ids, migrations.RunPython.noop)]
