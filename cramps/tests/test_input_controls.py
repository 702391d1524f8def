"""Names and text never carry characters that break a line or turn text around: Unicode's line and
paragraph separators, NEL and the other C1 controls, and the bidirectional marks, overrides and isolates
(with U+202E a name can display as someone else's). Forms refuse them; email headers never carry them."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from athletes.forms import ReportShareForm, SignUpForm
from cramps.input import one_line, validate_single_line, validate_text

BREAKS = ["\x85", "\u2028", "\u2029"]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]
C1 = [chr(c) for c in range(0x80, 0xA0)]
FORBIDDEN = BREAKS + BIDI + C1


@given(before=st.text(max_size=20), bad=st.sampled_from(FORBIDDEN), after=st.text(max_size=20))
def test_a_line_of_text_with_a_line_separator_or_a_bidirectional_control_is_refused(before, bad, after):
    with pytest.raises(ValidationError):
        validate_single_line(before + bad + after)


@given(before=st.text(max_size=20), bad=st.sampled_from(FORBIDDEN), after=st.text(max_size=20))
def test_free_text_with_one_is_refused_too(before, bad, after):
    with pytest.raises(ValidationError):
        validate_text(before + bad + after)


@given(text=st.text(alphabet=st.characters(exclude_categories=["Cc", "Cf", "Zl", "Zp"]), max_size=40))
def test_ordinary_text_in_any_script_passes(text):
    validate_single_line(text)
    validate_text(text)


def test_notes_keep_their_line_breaks_and_tabs():
    validate_text("first line\nsecond line\r\n\tindented")


@given(text=st.text(max_size=60))
def test_an_email_header_is_one_line_without_controls_whatever_the_text(text):
    header = one_line(text)
    assert len(header.splitlines()) <= 1
    assert not any(char in header for char in FORBIDDEN)
    assert not any(ord(char) < 0x20 or char == "\x7f" for char in header)


@pytest.mark.django_db
def test_a_name_that_turns_around_is_refused_at_sign_up():
    form = SignUpForm(
        {
            "username": "newcomer",
            "first_name": "Alex\u202enimda",
            "email": "newcomer@example.com",
            "role": "athlete",
            "athlete_type": "endurance",
            "time_zone": "Europe/London",
            "password1": "a long enough pass phrase 42",
            "password2": "a long enough pass phrase 42",
        }
    )
    assert not form.is_valid()
    assert list(form.errors) == ["first_name"]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["\u2028", "\x85", "\u202e", "\u2066"])
def test_a_share_links_label_with_one_is_refused(bad):
    form = ReportShareForm({"days": 7, "label": f"Dr Lee{bad}physio"})
    assert not form.is_valid()
    assert "label" in form.errors
