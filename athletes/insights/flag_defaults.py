"""The red flags' wording when the library has no row for a flag, or no text in the reader's language,
so a warning is never lost and never read in a language the reader did not choose.

The library rows in fixtures/library.json say the same (with the same Spanish titles); every flag points
to a healthcare professional.
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
        _("After hard or long exercise: weakness, pain far worse than expected, or dark urine"),
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
        _("Night cramps that keep breaking sleep"),
        SOON,
        _("Book an appointment with your doctor, who can check for medical causes and medicines involved."),
    ),
    "night-cramps-to-confirm": (
        _("Cramps in the small hours: were they night cramps in bed?"),
        SOON,
        format_lazy(
            "{} {} {}",
            _(
                "These cramps were logged between midnight and 6 am with no setting, so Cramps reads them from the "
                "clock alone."
            ),
            _("If you were in bed, open each one and choose “At night in bed” in its details."),
            _("Night cramps that keep waking you are worth a doctor's look: book an appointment with your doctor."),
        ),
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


# Why each flag is raised: the source that says so and, where the source gives no number, the cautious
# reading Cramps takes (a professional's look costs little). Shown under the flag, to the athlete and
# the coach alike, so written about the cramps, not to the reader. The %(...)s are flag_rules.py's thresholds.
FLAG_SOURCES = {
    "muscle-weakness": _(
        "Mayo Clinic (“Muscle cramp”) and the NHS (“Leg cramps”): cramps with muscle weakness should be checked by a "
        "doctor."
    ),
    "leg-swelling": _(
        "Mayo Clinic (“Muscle cramp”) and the NHS (“Leg cramps”): cramps with swelling, redness or skin changes of "
        "the leg should be checked by a doctor."
    ),
    "clot-signs": _(
        "Mayo Clinic (“Muscle cramp”) and the NHS (“Leg cramps”): swelling, redness or skin changes of the leg with "
        "cramps need a doctor; on one side only it can be a blood clot, which is treated the same day."
    ),
    "numbness": _("The NHS (“Leg cramps”): numbness with cramps is a reason to see a doctor."),
    "dark-urine": _(
        "CDC/NIOSH on exertional rhabdomyolysis: after hard or long exercise (RPE %(hard_rpe)s or more, "
        "%(long_minutes)s minutes or more, or a competition), any one of weakness or being unable to finish, pain far "
        "worse than the effort explains, or dark urine needs care the same day, however mild the cramp."
    ),
    "dark-urine-without-hard-exercise": _(
        "CDC/NIOSH: tea- or cola-coloured urine can mean muscle breakdown, which needs care the same day."
    ),
    "vomiting": _(
        "Miller et al. 2022 (J Athl Train): cramps with vomiting or being unable to keep fluids down need emergency "
        "care."
    ),
    "long-cramp": _("The NHS (“Leg cramps”): a cramp lasting more than %(long_cramp)s minutes needs an urgent check."),
    "frequent-or-severe": _(
        "Mayo Clinic (“Muscle cramp”): see a doctor for cramps that are frequent or severe. It gives no number, so "
        "Cramps takes the cautious reading: %(frequent)s or more in %(days)s days (about one a week), two of "
        "%(severe)s/10 or more, one %(worst)s/10, or pain far worse than the effort explains."
    ),
    "rising-frequency": _(
        "Mayo Clinic (“Muscle cramp”): see a doctor for cramps that are frequent. Cramps also flags a rise: at least "
        "double the %(days)s days before (and %(rising)s or more), or %(sudden)s or more in a week after about one a "
        "week."
    ),
    "sleep-disturbing": _(
        "The NHS (“Leg cramps”) and Mayo Clinic: see a doctor for cramps that disturb sleep. Neither gives a number, "
        "so Cramps takes the cautious reading: %(nights)s night cramps in bed in %(days)s days."
    ),
    "night-cramps-to-confirm": _(
        "The NHS (“Leg cramps”) and Mayo Clinic: see a doctor for cramps that disturb sleep (Cramps reads %(nights)s "
        "night cramps in %(days)s days as that). These were read from the clock alone, not confirmed as in bed."
    ),
    "no-obvious-cause": _(
        "Mayo Clinic (“Muscle cramp”): see a doctor for cramps with no obvious cause such as hard exercise. It gives "
        "no number, so Cramps takes the cautious reading: %(at_rest)s cramps at rest, away from training, in %(days)s "
        "days."
    ),
    "medicines-and-conditions": _(
        "Mayo Clinic (“Night leg cramps”), Allen & Kirby 2012 and Garrison et al. 2012 link these medicines with "
        "cramps: a reason to talk to a doctor or pharmacist, not to stop them."
    ),
}
