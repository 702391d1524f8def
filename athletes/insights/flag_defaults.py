"""The red flags' wording when the library has no row for a flag, so a warning is never lost.

The library rows in fixtures/library.json say the same; every flag points to a
healthcare professional.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from library.models import RedFlag

SOON, SAME_DAY, EMERGENCY = RedFlag.Urgency.SOON, RedFlag.Urgency.SAME_DAY, RedFlag.Urgency.EMERGENCY
SEEK_CARE_TODAY = _("Get seen today: your doctor's same-day service, an urgent care centre or an emergency department.")

# The wording when the library has no row for a flag, so a warning is never lost:
# {slug: (title, urgency, guidance)}. The library rows in fixtures/library.json say the same.
FLAG_DEFAULTS = {
    "muscle-weakness": (
        _("Cramps with muscle weakness"),
        SOON,
        _("Weakness with cramps can point to a nerve or muscle problem. Book an appointment with your doctor."),
    ),
    "leg-swelling": (
        _("Swelling, redness or skin changes of both legs"),
        SOON,
        _(
            "Swelling, redness or skin changes of both legs with cramps should be checked. "
            "Book an appointment with your doctor."
        ),
    ),
    "clot-signs": (
        _("One swollen, warm or red leg: possible blood clot"),
        SAME_DAY,
        format_lazy(
            "{} {} {}",
            _("A calf or leg on one side that is swollen, warm, red or painful can be a blood clot."),
            SEEK_CARE_TODAY,
            _("If you are short of breath or have chest pain, call the emergency number at once."),
        ),
    ),
    "numbness": (
        _("Numbness in the legs with cramps"),
        SOON,
        _("Numbness with cramps may mean a nerve is involved. Book an appointment with your doctor."),
    ),
    "dark-urine": (
        _("After hard or long exercise: dark urine, or severe pain with weakness"),
        SAME_DAY,
        format_lazy(
            "{} {} {}",
            _("This can be muscle breakdown (exertional rhabdomyolysis), which can harm the kidneys. Stop training."),
            SEEK_CARE_TODAY,
            _("Ask for a creatine kinase (CK) blood test."),
        ),
    ),
    "dark-urine-without-hard-exercise": (
        _("Dark urine with cramps"),
        SAME_DAY,
        format_lazy(
            "{} {}",
            _("Dark or tea-coloured urine with cramps can mean muscle breakdown or a kidney or liver problem."),
            SEEK_CARE_TODAY,
        ),
    ),
    "vomiting": (
        _("Vomiting or unable to keep fluids down with cramps"),
        EMERGENCY,
        _("Get emergency care now; do not keep forcing down water."),
    ),
    "long-cramp": (
        _("A cramp lasting more than 10 minutes"),
        SAME_DAY,
        format_lazy(
            "{} {}", _("A cramp that stays locked for more than 10 minutes needs a doctor's check."), SEEK_CARE_TODAY
        ),
    ),
    "frequent-or-severe": (
        _("Cramps that are frequent, severe, or do not improve with self-care"),
        SOON,
        _("Book an appointment so a doctor can look for an underlying cause."),
    ),
    "rising-frequency": (
        _("Cramps becoming more frequent"),
        SOON,
        _("A sudden or steady rise in cramps is worth a review. Book an appointment with your doctor."),
    ),
    "sleep-disturbing": (
        _("Night cramps that keep breaking your sleep"),
        SOON,
        _("Book an appointment with your doctor, who can check for medical causes and medicines involved."),
    ),
    "no-obvious-cause": (
        _("Cramps without an obvious cause such as hard exercise"),
        SOON,
        _(
            "Cramps at rest with no hard training to explain them deserve a check-up. "
            "Book an appointment with your doctor."
        ),
    ),
    "medicines-and-conditions": (
        _("Cramps while taking a medicine linked with cramps"),
        SOON,
        _(
            "Some medicines can cause cramps. Book an appointment with your doctor or ask your pharmacist; "
            "do not stop or change the medicine on your own."
        ),
    ),
}
