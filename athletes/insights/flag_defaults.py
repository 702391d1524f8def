"""The red flags' wording when the library has no row for a flag, so a warning is never lost.

The library rows in fixtures/library.json say the same; every flag points to a
healthcare professional.
"""

from library.models import RedFlag

SOON, SAME_DAY, EMERGENCY = RedFlag.Urgency.SOON, RedFlag.Urgency.SAME_DAY, RedFlag.Urgency.EMERGENCY
SEEK_CARE_TODAY = "Get seen today: your doctor's same-day service, an urgent care centre or an emergency department."

# The wording when the library has no row for a flag, so a warning is never lost:
# {slug: (title, urgency, guidance)}. The library rows in fixtures/library.json say the same.
FLAG_DEFAULTS = {
    "muscle-weakness": (
        "Cramps with muscle weakness",
        SOON,
        "Weakness with cramps can point to a nerve or muscle problem. Book an appointment with your doctor.",
    ),
    "leg-swelling": (
        "Swelling, redness or skin changes of both legs",
        SOON,
        "Swelling, redness or skin changes of both legs with cramps should be checked. "
        "Book an appointment with your doctor.",
    ),
    "clot-signs": (
        "One swollen, warm or red leg: possible blood clot",
        SAME_DAY,
        "A calf or leg on one side that is swollen, warm, red or painful can be a blood clot. "
        f"{SEEK_CARE_TODAY} If you are short of breath or have chest pain, call the emergency number at once.",
    ),
    "numbness": (
        "Numbness in the legs with cramps",
        SOON,
        "Numbness with cramps may mean a nerve is involved. Book an appointment with your doctor.",
    ),
    "dark-urine": (
        "After hard or long exercise: dark urine, or severe pain with weakness",
        SAME_DAY,
        "This can be muscle breakdown (exertional rhabdomyolysis), which can harm the kidneys. Stop training. "
        f"{SEEK_CARE_TODAY} Ask for a creatine kinase (CK) blood test.",
    ),
    "dark-urine-without-hard-exercise": (
        "Dark urine with cramps",
        SAME_DAY,
        "Dark or tea-coloured urine with cramps can mean muscle breakdown or a kidney or liver problem. "
        f"{SEEK_CARE_TODAY}",
    ),
    "vomiting": (
        "Vomiting or unable to keep fluids down with cramps",
        EMERGENCY,
        "Get emergency care now; do not keep forcing down water.",
    ),
    "long-cramp": (
        "A cramp lasting more than 10 minutes",
        SAME_DAY,
        f"A cramp that stays locked for more than 10 minutes needs a doctor's check. {SEEK_CARE_TODAY}",
    ),
    "frequent-or-severe": (
        "Cramps that are frequent, severe, or do not improve with self-care",
        SOON,
        "Book an appointment so a doctor can look for an underlying cause.",
    ),
    "rising-frequency": (
        "Cramps becoming more frequent",
        SOON,
        "A sudden or steady rise in cramps is worth a review. Book an appointment with your doctor.",
    ),
    "sleep-disturbing": (
        "Night cramps that keep breaking your sleep",
        SOON,
        "Book an appointment with your doctor, who can check for medical causes and medicines involved.",
    ),
    "no-obvious-cause": (
        "Cramps without an obvious cause such as hard exercise",
        SOON,
        "Cramps at rest with no hard training to explain them deserve a check-up. "
        "Book an appointment with your doctor.",
    ),
    "medicines-and-conditions": (
        "Cramps while taking a medicine linked with cramps",
        SOON,
        "Some medicines can cause cramps. Book an appointment with your doctor or ask your pharmacist; "
        "do not stop or change the medicine on your own.",
    ),
}
