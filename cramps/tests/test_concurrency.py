import threading
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from athletes.models import CrampEpisode, User
from conftest import make_user


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_succeed():
    """Threads that read then write inside transactions wait for each other instead of failing."""
    threads_count, writes_each = 6, 10
    errors = []
    barrier = threading.Barrier(threads_count)

    def writer(n):
        try:
            barrier.wait()
            for i in range(writes_each):
                with transaction.atomic():
                    User.objects.filter(username__startswith=f"w{n}-").count()
                    User.objects.create(username=f"w{n}-{i}")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert User.objects.filter(username__startswith="w").count() == threads_count * writes_each


THREADS, LOGS_EACH = 8, 50
# A deadlock must fail the test, not hang the run; the work takes a few seconds.
DEADLINE_SECONDS = 120


@pytest.mark.django_db(transaction=True)
def test_eight_phones_quick_logging_at_once_lose_nothing():
    """8 clients × 50 quick logs through the real view, at once: all 400 saved, no errors.

    Half the clients are one athlete (their own phone and laptop, say), half are athletes of
    their own. The test database is a file (cramps/settings.py) or PostgreSQL, so each thread's
    connection really competes for the write lock.
    """
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()
    shared = make_user("shared")
    owners = [shared] * (THREADS // 2) + [make_user(f"own{n}") for n in range(THREADS - THREADS // 2)]
    url = reverse("athletes:quick-log")
    barrier = threading.Barrier(THREADS)
    errors, answers = [], []

    def phone(athlete):
        try:
            client = Client()
            client.force_login(athlete)
            barrier.wait()
            for i in range(LOGS_EACH):
                data = {"muscle": "calves", "severity": 1 + i % 10, "idempotency_key": str(uuid.uuid4())}
                answers.append(client.post(url, data).status_code)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=phone, args=(owner,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "quick logs still running: a deadlock?"

    assert errors == []
    assert answers == [302] * THREADS * LOGS_EACH
    assert CrampEpisode.objects.count() == THREADS * LOGS_EACH
    assert CrampEpisode.objects.filter(athlete=shared).count() == THREADS // 2 * LOGS_EACH
    assert CrampEpisode.objects.values("idempotency_key").distinct().count() == THREADS * LOGS_EACH
