"""An install whose library was loaded before the red flags by the guidance gets them by migrating: the
medicines linked with cramps (0009) and the red flags' new titles and flag (0011); a row an editor changed
is left as it is."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from library.models import CrampMedicine, RedFlag

pytestmark = pytest.mark.django_db(transaction=True)


def back_to(name):
    """Migrate the library back to just before migration `name`; the models as they were then."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    (ours,) = [key for key in graph.nodes if key[0] == "library" and key[1].endswith(name)]
    before = [parent.key for parent in graph.node_map[ours].parents if parent.key[0] == "library"]
    executor.migrate(before)
    return executor.loader.project_state(before).apps


def forward_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_loaded_library_gets_the_shipped_medicines():
    apps = back_to("_medicines_linked_with_cramps")
    apps.get_model("library", "Cause").objects.create(
        slug="nocturnal-cramps", name="Night cramps", category="other", summary="s", mechanism="m"
    )
    forward_to_the_latest()
    slugs = set(CrampMedicine.objects.values_list("slug", flat=True))
    assert {"statins", "diuretics"} <= slugs
    assert len(slugs) == 8
    statins = CrampMedicine.objects.get(slug="statins")
    assert statins.find_in("Started simvastatin last week")
    assert statins.reference is not None


def test_an_empty_library_gets_no_medicines_from_the_migration_load_library_brings_them():
    back_to("_medicines_linked_with_cramps")
    forward_to_the_latest()
    assert not CrampMedicine.objects.exists()


def test_the_shipped_red_flag_titles_change_an_edited_one_stays_and_the_new_flag_is_added():
    apps = back_to("_red_flags_by_the_guidance")
    OldRedFlag, Reference = apps.get_model("library", "RedFlag"), apps.get_model("library", "Reference")
    OldRedFlag.objects.create(
        slug="dark-urine",
        title="After hard or long exercise: dark urine, or severe pain with weakness",
        urgency="same_day",
        guidance="g",
    )
    OldRedFlag.objects.create(
        slug="sleep-disturbing", title="Night cramps: our own words", urgency="soon", guidance="g"
    )
    Reference.objects.create(slug="nhs-leg-cramps", citation="NHS", year=2023, evidence_note="n")
    forward_to_the_latest()

    assert RedFlag.objects.get(slug="dark-urine").title == (
        "After hard or long exercise: weakness, pain far worse than expected, or dark urine"
    )
    assert RedFlag.objects.get(slug="sleep-disturbing").title == "Night cramps: our own words"
    confirm = RedFlag.objects.get(slug="night-cramps-to-confirm")
    assert confirm.urgency == "soon"
    assert "from the clock alone" in confirm.guidance
    assert list(confirm.references.values_list("slug", flat=True)) == ["nhs-leg-cramps"]
