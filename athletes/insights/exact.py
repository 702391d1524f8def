"""Exact binomial tail sums and the Clopper–Pearson interval, for small counts (no scipy needed).

insights.plans compares the cramps before and since a plan with them. Each sum runs over at most
the number of cramps, through log-gamma so that large counts do not overflow.
"""

import math


def _log_pmf(k, n, p):
    """log P(X = k) for X ~ Binomial(n, p). No queries."""
    if p <= 0.0:
        return 0.0 if k == 0 else -math.inf
    if p >= 1.0:
        return 0.0 if k == n else -math.inf
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * math.log(p) + (n - k) * math.log1p(-p)


def binomial_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p), summed term by term (no normal approximation). No queries."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return min(1.0, math.fsum(math.exp(_log_pmf(i, n, p)) for i in range(k + 1)))


def binomial_sf(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p), summed term by term (a small tail stays exact). No queries."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return min(1.0, math.fsum(math.exp(_log_pmf(i, n, p)) for i in range(k, n + 1)))


def _solve(falls, low=0.0, high=1.0):
    """The p in [low, high] where the decreasing function `falls(p)` crosses zero, by bisection. No queries."""
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if falls(middle) > 0 else (low, middle)
    return (low + high) / 2


def clopper_pearson(k, n, level=0.05):
    """The exact (Clopper–Pearson) interval of a binomial proportion k / n, as (low, high). No queries.

    Low is the p at which seeing k or more has probability level / 2; high the p at which seeing
    k or fewer has. Clopper & Pearson 1934, Biometrika 26(4):404–13.
    """
    low = 0.0 if k == 0 else _solve(lambda p: level / 2 - binomial_sf(k, n, p))
    high = 1.0 if k == n else _solve(lambda p: binomial_cdf(k, n, p) - level / 2)
    return low, high
