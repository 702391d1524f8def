import django.db.models.deletion
from django.db import migrations, models

# The medicines and references as shipped with this migration (fixtures/library.json holds the same for a
# new install): copied here, so the migration does the same whatever later versions of the fixture hold.
REFERENCES = [
    {
        "slug": "garrison-2012-drugs-and-night-cramps",
        "citation": "Garrison SR, Dormuth CR, Morrow RL, Carney GA, et al. Nocturnal leg cramps and prescription "
        "use that precedes them: a sequence symmetry analysis. Arch Intern Med. 2012;172(2):120–126.",
        "year": 2012,
        "link": "https://doi.org/10.1001/archinternmed.2011.1029",
        "evidence_note": "A study of prescription records in British Columbia. It looked at which medicines people "
        "started shortly before their first quinine prescription, a marker of night cramps. The "
        "clearest links were intravenous iron sucrose, conjugated oestrogens, raloxifene, "
        "naproxen, inhaled long-acting β2-agonists, and potassium-sparing and thiazide-like "
        "diuretics; the link for statins was weaker. It shows an association to raise with a "
        "doctor, not proof that a medicine causes cramps.",
    },
    {
        "slug": "mayo-clinic-night-leg-cramps",
        "citation": "Mayo Clinic. Night leg cramps: causes (patient information page).",
        "year": 2024,
        "link": "https://www.mayoclinic.org/symptoms/night-leg-cramps/basics/definition/sym-20050813",
        "evidence_note": "Patient guidance explaining that night cramps often have no clear cause, but that some "
        "medicines (for example diuretics, statins and certain blood-pressure drugs) and "
        "conditions (such as diabetes, thyroid, kidney and liver disease, peripheral artery "
        "disease and spinal stenosis) are associated with them. Long periods of sitting and "
        "working on hard floors are also mentioned. It is a reason to talk to a doctor, not a way "
        "to diagnose yourself.",
    },
]

MEDICINES = [
    {
        "slug": "statins",
        "name": "Statins (for cholesterol)",
        "match_words": "statin, simvastatin, atorvastatin, rosuvastatin, pravastatin, fluvastatin, lovastatin, "
        "pitavastatin, Lipitor, Zocor, Crestor, Pravachol, Lescol",
        "note": "Mayo Clinic and Allen & Kirby 2012 list statins among the medicines linked with night cramps; "
        "Garrison 2012 found a weaker link than for the others here.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 1,
    },
    {
        "slug": "diuretics",
        "name": "Diuretics (water tablets)",
        "match_words": "diuretic, water tablet, water pill, furosemide, frusemide, Lasix, bumetanide, torasemide, "
        "bendroflumethiazide, bendrofluazide, hydrochlorothiazide, HCTZ, chlortalidone, "
        "chlorthalidone, indapamide, metolazone, spironolactone, Aldactone, eplerenone, amiloride, "
        "triamterene",
        "note": "Diuretics are linked with night cramps (Mayo Clinic; Allen & Kirby 2012); Garrison 2012 found the "
        "clearest links for potassium-sparing and thiazide-like ones.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 2,
    },
    {
        "slug": "beta2-agonist-inhalers",
        "name": "β2-agonist inhalers (for asthma or COPD)",
        "match_words": "salbutamol, albuterol, Ventolin, salmeterol, Serevent, formoterol, Oxis, Symbicort, "
        "Seretide, Advair, Fostair, vilanterol, Relvar, β2-agonist, beta2-agonist, beta-2 agonist, "
        "beta agonist, beta-agonist",
        "note": "Garrison 2012 linked inhaled long-acting β2-agonists (such as salmeterol and formoterol) with "
        "night cramps; reliever inhalers of the same family are matched too.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 3,
    },
    {
        "slug": "iron-sucrose",
        "name": "Intravenous iron sucrose",
        "match_words": "iron sucrose, Venofer",
        "note": "Garrison 2012 found intravenous iron sucrose the medicine most strongly linked with night cramps.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 4,
    },
    {
        "slug": "conjugated-oestrogens",
        "name": "Conjugated oestrogens (hormone therapy)",
        "match_words": "conjugated oestrogen, conjugated estrogen, Premarin, Prempro, Premique",
        "note": "Garrison 2012 linked conjugated oestrogens with night cramps.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 5,
    },
    {
        "slug": "raloxifene",
        "name": "Raloxifene (for bone thinning)",
        "match_words": "raloxifene, Evista",
        "note": "Garrison 2012 linked raloxifene with night cramps.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 6,
    },
    {
        "slug": "naproxen",
        "name": "Naproxen (a painkiller)",
        "match_words": "naproxen, Naprosyn, Aleve, Naprogesic",
        "note": "Garrison 2012 linked naproxen with night cramps.",
        "reference": "garrison-2012-drugs-and-night-cramps",
        "order": 7,
    },
    {
        "slug": "blood-pressure-medicines",
        "name": "A blood-pressure medicine",
        "match_words": "blood pressure tablet, blood pressure pill, blood pressure medicine, blood pressure "
        "medication, blood pressure drug, BP tablet, BP pill, BP medication",
        "note": "Mayo Clinic names some blood-pressure drugs among the medicines linked with night cramps, without "
        "saying which; the profile's blood-pressure box asks the same.",
        "reference": "mayo-clinic-night-leg-cramps",
        "order": 8,
    },
]


def seed_medicines(apps, schema_editor):
    """An install whose library is already loaded gets the shipped medicines (and the references they cite);
    a new install gets them from `load_library`, with the rest of the library."""
    Cause = apps.get_model("library", "Cause")
    Reference = apps.get_model("library", "Reference")
    CrampMedicine = apps.get_model("library", "CrampMedicine")
    if not Cause.objects.exists():
        return
    references = {row["slug"]: row for row in REFERENCES}
    for row in MEDICINES:
        fields = dict(row)
        cited = fields.pop("reference")
        if cited:
            defaults = {name: value for name, value in references[cited].items() if name != "slug"}
            fields["reference"], _ = Reference.objects.get_or_create(slug=cited, defaults=defaults)
        CrampMedicine.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0008_plan_item_dose_bounds"),
    ]

    operations = [
        migrations.CreateModel(
            name="CrampMedicine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "name",
                    models.CharField(
                        help_text="The medicine or class as the athlete reads it, e.g. “statins (for cholesterol)”.",
                        max_length=120,
                    ),
                ),
                (
                    "match_words",
                    models.TextField(
                        help_text="Generic names, brand names and words for the class, separated by commas or new lines. Each is matched as a whole word, in any case, with or without a plural s: “statin” finds “statins” and “a statin” but not “nystatin”."
                    ),
                ),
                ("note", models.TextField(blank=True, help_text="What the studies found, in plain words.")),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "reference",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="cramp_medicines",
                        to="library.reference",
                    ),
                ),
            ],
            options={
                "ordering": ["order", "name"],
            },
        ),
        migrations.RunPython(seed_medicines, migrations.RunPython.noop),
    ]
