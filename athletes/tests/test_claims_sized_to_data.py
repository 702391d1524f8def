"""Claims no bigger than the data: early signs with few episodes, before/after by an exact test, wording by reader."""

import math
from datetime import timedelta
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes import insights
from athletes.insights.effects import ratio_in_words
from athletes.insights.exact import binomial_cdf, binomial_sf, clopper_pearson
from library.tests.factories import make_cause, make_exercise, make_strategy, make_template

from .coaching import assign, link
from .factories import make_episode

pytestmark = pytest.mark.django_db


# Independent checks: exact rational sums, no shared code with insights.plans -----------------------


def exact_pmf(k, n, p):
    return math.comb(n, k) * p**k * (1 - p) ** (n - k)


def brute_force_p_value(after, n, p0):
    """Two-sided: twice the smaller tail, summed term by term in exact fractions."""
    lower = sum(exact_pmf(k, n, p0) for k in range(after + 1))
    upper = sum(exact_pmf(k, n, p0) for k in range(after, n + 1))
    return min(Fraction(1), 2 * min(lower, upper))


def effect(before, after, days_before=28, days_since=28):
    return insights.Effect(before=before, after=after, days_before=days_before, days_since=days_since)


# Before and after: the exact conditional test ---------------------------------------------------


def test_16_cramps_in_the_4_weeks_before_and_4_since_are_clearly_fewer_with_their_interval():
    sixteen_to_four = effect(16, 4)
    assert sixteen_to_four.rate_ratio == 0.25
    # Given 20 cramps and equal days, 4 or fewer since has probability 6196 / 2^20; two-sided, twice that.
    assert sixteen_to_four.p_value == pytest.approx(float(brute_force_p_value(4, 20, Fraction(1, 2))), rel=1e-9)
    assert sixteen_to_four.p_value == pytest.approx(2 * 6196 / 2**20)
    assert sixteen_to_four.p_value == pytest.approx(0.0118, abs=1e-4)
    low, high = sixteen_to_four.interval
    assert low == pytest.approx(0.0608, abs=5e-4)  # Clopper–Pearson 0.0573 to 0.4366 for 4 of 20, as odds
    assert high == pytest.approx(0.7750, abs=5e-4)
    assert sixteen_to_four.kind == "fewer"
    assert sixteen_to_four.verdict == (
        "Fewer cramps since the plan started: 16 in the 4 weeks before, 4 in the 4 weeks since "
        "(about a quarter as many; unlikely to be chance)."
    )
    assert sixteen_to_four.interval_text == (
        "The rate since is likely between 6% and 77% of the rate before (95% interval)."
    )


def test_the_clopper_pearson_bounds_leave_exactly_two_and_a_half_percent_in_each_tail():
    low, high = clopper_pearson(4, 20)
    at_least_4_at_low = sum(exact_pmf(k, 20, Fraction(low)) for k in range(4, 21))
    at_most_4_at_high = sum(exact_pmf(k, 20, Fraction(high)) for k in range(5))
    assert float(at_least_4_at_low) == pytest.approx(0.025, abs=1e-9)
    assert float(at_most_4_at_high) == pytest.approx(0.025, abs=1e-9)
    assert clopper_pearson(0, 10)[0] == 0.0
    assert clopper_pearson(10, 10)[1] == 1.0


@pytest.mark.parametrize(("n", "p"), [(7, Fraction(1, 2)), (12, Fraction(4, 7)), (20, Fraction(1, 10))])
def test_the_binomial_tails_match_exact_sums_of_fractions(n, p):
    for k in range(n + 1):
        assert binomial_cdf(k, n, float(p)) == pytest.approx(float(sum(exact_pmf(i, n, p) for i in range(k + 1))))
        assert binomial_sf(k, n, float(p)) == pytest.approx(float(sum(exact_pmf(i, n, p) for i in range(k, n + 1))))


def test_hundreds_of_cramps_neither_overflow_nor_lose_a_small_tail():
    many = effect(600, 400)
    assert many.kind == "fewer"
    assert 0 < many.p_value < 1e-9
    low, high = many.interval
    assert low < 2 / 3 < high


def test_one_cramp_before_and_none_since_is_too_few_to_tell_never_100_percent_fewer():
    one_to_none = effect(1, 0)
    assert one_to_none.kind == "too-few"
    assert one_to_none.verdict == "Too few cramps to tell: 1 before, 0 since."
    assert one_to_none.interval_text == ""
    assert "%" not in one_to_none.verdict


def test_six_before_and_six_since_is_no_clear_change():
    six_and_six = effect(6, 6)
    assert six_and_six.p_value == 1.0
    assert six_and_six.kind == "unclear"
    assert six_and_six.verdict == (
        "No clear change: 6 in the 4 weeks before, 6 in the 4 weeks since (a difference this size could be chance)."
    )
    assert six_and_six.interval_text.startswith("The rate since is likely between 27% and 374%")


def test_unequal_days_weigh_the_counts_10_in_3_weeks_before_against_2_in_4_weeks_since():
    ten_to_two = effect(10, 2, days_before=21, days_since=28)
    assert ten_to_two.share_since == 28 / 49
    assert ten_to_two.rate_ratio == pytest.approx((2 / 28) / (10 / 21))
    assert ten_to_two.p_value == pytest.approx(float(brute_force_p_value(2, 12, Fraction(28, 49))), rel=1e-9)
    assert ten_to_two.kind == "fewer"
    assert ten_to_two.verdict.startswith("Fewer cramps since the plan started: 10 in the 3 weeks before, 2 in the 4")


def test_the_same_counts_over_unequal_days_can_be_no_clear_change():
    # 6 in 14 days before and 6 in 28 since is half the rate, but twelve cramps cannot tell it from chance.
    halved = effect(6, 6, days_before=14, days_since=28)
    assert halved.rate_ratio == 0.5
    assert halved.kind == "unclear"
    assert halved.verdict.startswith("No clear change: 6 in the 2 weeks before, 6 in the 4 weeks since")


def test_a_clear_rise_from_no_cramps_before_says_so_without_a_ratio():
    none_to_ten = effect(0, 10)
    assert none_to_ten.rate_ratio is None
    assert none_to_ten.kind == "more"
    assert none_to_ten.verdict == (
        "More cramps since the plan started: 0 in the 4 weeks before, 10 in the 4 weeks since "
        "(none before; unlikely to be chance)."
    )
    assert none_to_ten.interval_text == ""


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        (0, 0, "too-few"),
        (5, 0, "too-few"),  # all five before could still be chance (p = 0.0625)
        (6, 0, "fewer"),  # all six before could not (p = 0.031)
        (0, 5, "too-few"),
        (0, 6, "more"),
        (3, 14, "more"),
    ],
)
def test_with_equal_days_five_cramps_or_fewer_are_always_too_few_to_tell(before, after, kind):
    assert effect(before, after).kind == kind


def test_a_verdict_still_needs_two_weeks_on_each_side():
    short = effect(16, 4, days_before=13)
    assert short.kind == ""
    assert short.verdict == ""
    assert short.p_value is None
    assert short.interval is None


@pytest.mark.parametrize(
    ("ratio", "words"),
    [
        (0, "none since"),
        (0.25, "about a quarter as many"),
        (0.5, "about half as many"),
        (0.75, "about three quarters as many"),
        (1.0, "about as many"),
        (1.5, "about 1.5 times as many"),
        (2.0, "about twice as many"),
        (4.2, "about 4 times as many"),
    ],
)
def test_a_rate_ratio_is_said_as_a_person_says_it(ratio, words):
    assert ratio_in_words(ratio) == words


def test_a_small_change_that_is_unlikely_to_be_chance_reads_slightly_fewer_never_about_as_many():
    # Many cramps (a squad's, pooled): a tenth fewer is unlikely to be chance, but close to "as many".
    fewer = effect(1000, 900)
    assert fewer.kind == "fewer"
    assert "slightly fewer; unlikely to be chance" in fewer.verdict
    assert "about as many" not in fewer.verdict
    more = effect(900, 1000)
    assert more.kind == "more"
    assert "slightly more; unlikely to be chance" in more.verdict
    assert "about as many" not in more.verdict


# The pages that show before/after --------------------------------------------------------------


@pytest.fixture
def sixteen_then_four(coach, athlete):
    """A plan started 27 days ago (28 days since, today included), 16 cramps in the 4 weeks before, 4 since."""
    link(coach, athlete)
    athlete.date_joined = timezone.now() - timedelta(days=90)
    athlete.save(update_fields=["date_joined"])
    exercise = make_exercise()
    template = make_template("calf-care", name="Calf care", exercises=[exercise])
    assignment = assign(coach, athlete, [exercise], template=template, start_days_ago=27)
    for i in range(16):
        make_episode(athlete, days_ago=29 + i)
    for i in range(4):
        make_episode(athlete, days_ago=1 + i)
    return assignment


FEWER = (
    "Fewer cramps since the plan started: 16 in the 4 weeks before, 4 in the 4 weeks since "
    "(about a quarter as many; unlikely to be chance)."
)


def test_the_routine_page_says_fewer_cramps_with_the_interval(athlete_client, sixteen_then_four):
    body = athlete_client.get(reverse("athletes:routine")).content.decode()
    assert FEWER in body
    assert "The rate since is likely between 6% and 77% of the rate before (95% interval)." in body
    assert "75% fewer" not in body


def test_the_coachs_athlete_page_says_fewer_cramps(coach_client, athlete, sixteen_then_four):
    assert FEWER in coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()


def test_the_report_says_fewer_cramps_with_the_interval(athlete_client, sixteen_then_four):
    body = athlete_client.get(reverse("athletes:report")).content.decode()
    assert FEWER + " The rate since is likely between 6% and 77%" in body


def test_the_dashboard_says_how_a_templates_athletes_did_together(coach_client, sixteen_then_four):
    body = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert "Calf care" in body
    assert FEWER in body
    assert "-75%" not in body


# Few episodes: early signs, no percentages, no bars -------------------------------------------


@pytest.fixture
def dehydration():
    return make_cause("dehydration", name="Dehydration")


def test_two_episodes_show_as_early_signs_without_a_percentage_or_a_bar(athlete_client, athlete, dehydration):
    for days_ago in (1, 3):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Early signs from 2 episodes: 3 more episodes would make a pattern." in body
    assert "2 episodes</span>" in body
    assert "2 of 2" not in body
    assert "100%" not in body
    assert 'aria-label="Dehydration:' not in body  # no bar


def test_five_episodes_make_a_pattern_with_shares_and_bars(athlete_client, athlete, dehydration):
    for days_ago in range(5):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "5 of 5 episodes" in body
    assert 'aria-label="Dehydration: 100%"' in body
    assert "Early signs" not in body


def test_the_coach_sees_early_signs_in_the_third_person(coach_client, coach, athlete, dehydration):
    link(coach, athlete)
    for days_ago in (1, 3):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "Early signs from 2 episodes: 3 more episodes would make a pattern." in body
    assert "Alex suspected it 2×" in body
    assert "you suspected" not in body
    assert "2 of 2" not in body
    assert 'aria-label="Dehydration:' not in body


def test_the_coach_page_with_nothing_to_show_asks_for_context_about_the_athlete(coach_client, coach, athlete):
    link(coach, athlete)
    make_episode(athlete, days_ago=1)
    body = coach_client.get(reverse("athletes:coach-athlete", args=[athlete.pk])).content.decode()
    assert "When Alex adds context to episodes" in body
    assert "Add context to your episodes" not in body
    assert "your sleep" not in body


def test_the_athlete_still_reads_you_suspected_it(athlete_client, athlete, dehydration):
    make_episode(athlete, days_ago=1, suspected=[dehydration])
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "you suspected it 1×" in body


def test_a_cause_share_is_explained_for_whoever_reads_it(athlete, dehydration):
    make_episode(athlete, days_ago=1, suspected=[dehydration])
    make_episode(athlete, days_ago=2, suspected=[dehydration])
    (share,) = insights.trigger_profile(insights.episodes_in_window(athlete), causes=[dehydration])
    assert share.explanation == "you suspected it 2×"
    assert share.explained(about="Sam") == "Sam suspected it 2×"


def test_the_dashboard_shows_the_top_causes_of_few_episodes_as_early_signs(coach_client, coach, athlete, dehydration):
    link(coach, athlete)
    for days_ago in (1, 3):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert 'Dehydration <span class="text-body-secondary">(2 episodes)</span>' in body
    assert "Early signs: 3 more episodes would make a pattern." in body


def test_the_dashboard_shows_the_top_causes_of_enough_episodes_by_name(coach_client, coach, athlete, dehydration):
    link(coach, athlete)
    for days_ago in range(6):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = coach_client.get(reverse("athletes:dashboard")).content.decode()
    assert "Dehydration" in body
    assert "Early signs" not in body


def test_the_report_counts_the_causes_of_few_episodes_without_a_share(coach_client, coach, athlete, dehydration):
    link(coach, athlete)
    for days_ago in (1, 3):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = coach_client.get(reverse("athletes:coach-report", args=[athlete.pk])).content.decode()
    assert '<td class="num">2</td>' in body
    assert "2 of 2" not in body
    assert "Early signs from 2 episodes: 3 more episodes would make a pattern." in body


def test_the_report_shows_shares_with_enough_episodes(athlete_client, athlete, dehydration):
    for days_ago in range(5):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = athlete_client.get(reverse("athletes:report")).content.decode()
    assert '<td class="num">5 of 5</td>' in body
    assert "Early signs" not in body


def test_advice_for_two_episodes_is_worth_trying_and_for_five_is_not_flagged(athlete_client, athlete, dehydration):
    make_strategy("drink-plan", name="Drink to a plan", causes=[dehydration], athlete_group="all")
    for days_ago in (1, 3):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    body = athlete_client.get(reverse("athletes:insights")).content.decode()
    assert "Drink to a plan" in body
    assert "Worth trying: too few episodes yet to call it a finding." in body
    for days_ago in (5, 7, 9):
        make_episode(athlete, days_ago=days_ago, suspected=[dehydration])
    assert "Worth trying" not in athlete_client.get(reverse("athletes:insights")).content.decode()
