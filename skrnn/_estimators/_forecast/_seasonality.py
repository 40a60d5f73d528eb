"""What ``"auto"`` means for the forecaster: the seasonal period a frequency implies, and
how many ordinary and seasonal differences a series needs.

The differencing follows the rules of Hyndman and Khandakar's ``auto.arima`` (R's
forecast package, 2008), which pmdarima and statsforecast also follow: the seasonal
difference first, when the seasonal strength of a classical decomposition is at least
0.64 (Wang, Smith and Hyndman 2006; forecast's ``nsdiffs(test="seas")``), then ordinary
differences while the KPSS test (Kwiatkowski et al. 1992) rejects level stationarity at
the 5% level. ``ndiffs`` allows two; "auto" takes at most one (`MAX_DIFFERENCES`): a
second difference makes a network continue the latest change of slope, and on the
validation holdouts of the forecasting panel the one series where KPSS asked for two
(US real GDP) was forecast better with one (``docs/results.md``). Written here in numpy.
"""
import numpy as np

#: KPSS's 5% critical value for level stationarity (Kwiatkowski et al. 1992, Table 1).
KPSS_CRITICAL_5 = 0.463
#: Seasonal strength from which a seasonal difference is taken (forecast's nsdiffs).
SEASONAL_STRENGTH = 0.64
MAX_DIFFERENCES = 1


def period_of(step_days):
    """The seasonal period implied by a sampling step (in days): the cycle a calendar
    has at that frequency. Yearly 1 (none), quarterly 4, monthly 12, weekly 52, daily
    7 (business days 5 are not told apart from a gap: 7), sub-daily the steps per day
    (hourly 24, half-hourly 48) when a day is a whole number of steps, else 1.
    """
    if step_days >= 360:
        return 1
    if step_days >= 85:
        return 4
    if step_days >= 28:
        return 12
    if step_days >= 7:
        return 52
    if step_days >= 1:
        return 7
    per_day = 1.0 / step_days
    return int(round(per_day)) if abs(per_day - round(per_day)) < 1e-6 else 1


def kpss_statistic(x):
    """The KPSS statistic for level stationarity of ``x`` (n,), with the Bartlett-weighted
    long-run variance over ``trunc(4 (n / 100)^(1/4))`` lags (urca's "short" rule, which
    forecast's ``ndiffs`` uses)."""
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    e = x - x.mean()
    partial = np.cumsum(e)
    lags = int(4 * (n / 100.0) ** 0.25)
    long_run = e @ e / n
    for s in range(1, min(lags, n - 1) + 1):
        long_run += 2.0 * (1.0 - s / (lags + 1.0)) * (e[s:] @ e[:-s]) / n
    if long_run <= 0:
        return 0.0
    return float(partial @ partial / (n * n * long_run))


def n_differences(x, max_d=MAX_DIFFERENCES):
    """Ordinary differences ``x`` needs, at most ``max_d``: one more while KPSS rejects
    level stationarity at 5% (a constant or too short series: 0)."""
    d = 0
    x = np.asarray(x, dtype=np.float64)
    while d < max_d and len(x) >= 8 and np.ptp(x) > 0:
        if kpss_statistic(x) <= KPSS_CRITICAL_5:
            break
        x = np.diff(x)
        d += 1
    return d


def seasonal_strength(x, period):
    """Strength of the seasonality of ``x`` (n,) at ``period``, in [0, 1]:
    ``max(0, 1 - var(remainder) / var(seasonal + remainder))`` of a classical additive
    decomposition (trend: the centred moving average over one period; seasonal: the
    mean detrended value of each position in the cycle). 0 when ``x`` spans fewer than
    two periods plus one step."""
    x = np.asarray(x, dtype=np.float64)
    n, m = len(x), int(period)
    if m < 2 or n < 2 * m + 1:
        return 0.0
    if m % 2:  # odd period: a plain centred mean
        kernel = np.full(m, 1.0 / m)
    else:  # even: the 2 x m moving average
        kernel = np.r_[0.5, np.ones(m - 1), 0.5] / m
    trend = np.convolve(x, kernel, mode="valid")
    start = (len(kernel) - 1) // 2
    detrended = x[start:start + len(trend)] - trend
    position = (np.arange(len(detrended)) + start) % m
    means = np.bincount(position, weights=detrended, minlength=m) / np.maximum(
        np.bincount(position, minlength=m), 1)
    seasonal = (means - means.mean())[position]
    remainder = detrended - seasonal
    total = np.var(seasonal + remainder)
    if total <= 0:
        return 0.0
    return float(max(0.0, 1.0 - np.var(remainder) / total))


def differencing_lags(series, period):
    """The lags to difference at, decided on each series and taken by majority (the
    larger choice on a tie): ``(period,)`` first when the seasonality is strong, then
    ``1`` once per ordinary difference KPSS asks for, e.g. ``(12, 1)``.

    Parameters
    ----------
    series : list of ndarray (T_k,)
        One target of each series.
    period : int
        Seasonal period; 1 means no seasonal difference is considered.

    Returns
    -------
    lags : tuple of int
    """
    seasonal, ordinary = [], []
    for x in series:
        strong = period > 1 and seasonal_strength(x, period) >= SEASONAL_STRENGTH
        seasonal.append(strong)
        if strong:
            x = x[period:] - x[:-period]
        ordinary.append(n_differences(x))
    use_seasonal = 2 * sum(seasonal) >= len(seasonal) and any(seasonal)
    if use_seasonal:
        ordinary = [d for d, s in zip(ordinary, seasonal) if s] or ordinary
    d = int(np.ceil(np.median(ordinary)))
    return ((period,) if use_seasonal else ()) + (1,) * d
