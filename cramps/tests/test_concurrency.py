import threading

import pytest
from django.db import connection, transaction

from athletes.models import User


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
