"""The forecaster's "auto" settings (seasonal period, differencing tests, lookback), its
ensemble, forecasts asked for by a number of steps, and its backtest intervals."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from skrnn import RNNForecaster
from skrnn._estimators._forecast import _forecaster
from skrnn._estimators._forecast._intervals import (BacktestErrors, backtest_errors,
                                                    series_scale, truncated)
from skrnn._estimators._forecast._intervals import out_of_sample_ratio as _ratio
from skrnn._estimators._forecast._panel import check_panel
from skrnn._estimators._forecast._running import forecast_paths
from skrnn._estimators._forecast._seasonality import (differencing_lags, kpss_statistic,
                                                      n_differences, period_of,
                                                      seasonal_strength)
from skrnn._estimators._forecast._windows import step_days
from skrnn._training import TrainingConfig
from skrnn.datasets import load_airline

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SMALL = dict(hidden_size=4, max_iter=3, random_state=0, n_models=1)


def _monthly(values, start="2000-01"):
    return pd.Series(values, index=pd.period_range(start, periods=len(values), freq="M"),
                     name="y")


# ------------------------------------------------------------------ seasonal period
@pytest.mark.parametrize("index, period", [
    (pd.period_range("2000-01", periods=5, freq="M"), 12),
    (pd.date_range("2000-01-01", periods=5, freq="MS"), 12),
    (pd.period_range("2000Q1", periods=5, freq="Q"), 4),
    (pd.period_range("2000", periods=5, freq="Y"), 1),
    (pd.date_range("2000-01-01", periods=5, freq="W"), 52),
    (pd.date_range("2000-01-01", periods=5, freq="D"), 7),
    (pd.date_range("2000-01-01", periods=5, freq="h"), 24),
    (pd.date_range("2000-01-01", periods=5, freq="30min"), 48),
    (pd.date_range("2000-01-01", periods=5, freq="7min"), 1),
])
def test_period_of_frequency(index, period):
    freq = index.freq
    assert period_of(step_days(index, freq)) == period


def test_fitted_period_and_lookback_from_the_index():
    f = RNNForecaster(**SMALL).fit(_monthly(np.sin(np.arange(60) / 2)))
    assert f.seasonal_period_ == 12 and f.lookback_ == 24
    q = pd.Series(np.arange(40.0), index=pd.period_range("2000Q1", periods=40, freq="Q"))
    f = RNNForecaster(seasonal_period=20, **SMALL).fit(q)
    assert f.seasonal_period_ == 20 and f.lookback_ == 40
    f = RNNForecaster(lookback=6, **SMALL).fit(np.arange(40.0))  # integer index
    assert f.seasonal_period_ == 1 and f.lookback_ == 6


# ------------------------------------------------------------------ differencing tests
def _kpss_by_definition(x, lags):
    """KPSS (Kwiatkowski et al. 1992, eq. 14) written out term by term."""
    n = len(x)
    e = [v - sum(x) / n for v in x]
    S = [sum(e[:t + 1]) for t in range(n)]
    s2 = sum(v * v for v in e) / n
    for s in range(1, lags + 1):
        w = 1 - s / (lags + 1)
        s2 += 2 / n * w * sum(e[t] * e[t - s] for t in range(s, n))
    return sum(v * v for v in S) / (n * n) / s2


def test_kpss_statistic_matches_its_definition():
    x = np.random.default_rng(3).normal(size=50).cumsum()
    lags = int(4 * (50 / 100) ** 0.25)  # urca's short rule: 3
    assert lags == 3
    assert kpss_statistic(x) == pytest.approx(_kpss_by_definition(list(x), lags),
                                              rel=1e-12)


def test_number_of_differences():
    rng = np.random.default_rng(0)
    noise = rng.normal(size=300)
    assert n_differences(noise) == 0
    assert n_differences(noise.cumsum()) == 1
    assert n_differences(noise.cumsum().cumsum(), max_d=2) == 2  # ndiffs' rule
    assert n_differences(noise.cumsum().cumsum()) == 1  # "auto" stops at one
    assert n_differences(np.ones(50)) == 0 and n_differences(noise[:5]) == 0


def test_seasonal_strength():
    rng = np.random.default_rng(1)
    t = np.arange(120)
    seasonal = np.sin(2 * np.pi * t / 12) + 0.05 * rng.normal(size=120) + 0.01 * t
    assert seasonal_strength(seasonal, 12) > 0.95
    assert seasonal_strength(rng.normal(size=120), 12) < 0.3
    assert seasonal_strength(seasonal[:24], 12) == 0.0  # under two cycles + 1
    assert seasonal_strength(seasonal, 1) == 0.0


def test_differencing_lags_of_known_series():
    airline = load_airline(split="train").data.to_numpy()
    assert differencing_lags([airline], 12) == (12, 1)  # Box and Jenkins' airline model
    rng = np.random.default_rng(2)
    walks = [rng.normal(size=80).cumsum() for _ in range(3)]
    assert differencing_lags(walks + [rng.normal(size=80)], 1) == (1,)  # majority
    assert differencing_lags([rng.normal(size=80) for _ in range(3)], 12) == ()


def test_auto_differences_continue_a_trend():
    y = _monthly(5.0 + 0.5 * np.arange(72) + np.sin(np.arange(72)))
    f = RNNForecaster(hidden_size=8, max_iter=30, random_state=0, horizon=6,
                      n_models=1).fit(y)
    assert f.differences_ == (1,)
    assert f.predict().iloc[-1] > y.max() + 1  # beyond anything seen in training
    f = RNNForecaster(differences=None, **SMALL).fit(y)
    assert f.differences_ == ()


# -------------------------------------------------------------- steps and ensembles
def test_predict_a_number_of_steps():
    y = _monthly(np.sin(np.arange(60) / 3))
    f = RNNForecaster(horizon=4, **SMALL).fit(y)
    pd.testing.assert_series_equal(f.predict(4), f.predict())
    assert len(f.predict(np.int64(7))) == 7
    with pytest.raises(ValueError, match="at least 1, got 0"):
        f.predict(0)
    search = GridSearchCV(RNNForecaster(horizon=2, **SMALL), {"hidden_size": [2, 3]},
                          cv=TimeSeriesSplit(2, test_size=3)).fit(y)
    assert len(search.predict(5)) == 5


def test_fit_warns_that_y_is_ignored():
    y = np.sin(np.arange(40) / 3)
    with pytest.warns(UserWarning, match="ignores y"):
        RNNForecaster(**SMALL).fit(y, y)


def test_ensemble_is_the_median_of_its_members():
    y = _monthly(np.sin(np.arange(60) / 3) + 0.02 * np.arange(60))
    one = RNNForecaster(horizon=5, **SMALL).fit(y)
    three = RNNForecaster(horizon=5, **{**SMALL, 'n_models': 3}).fit(y)
    np.testing.assert_array_equal(three.params_, one.params_)  # member 0 = one model
    members = three._member_params()
    assert len(members) == 3 and not np.array_equal(members[1], members[2])
    context = three._context
    needed = np.array([5])
    ahead = [np.zeros((5, 0))]
    runs = [forecast_paths(three._setup, three._model, p, context, ahead, needed)[0]
            for p in members]
    np.testing.assert_allclose(three.predict().to_numpy(),
                               np.median(np.stack(runs), axis=0)[:, 0], rtol=1e-12)
    with pytest.raises(ValueError, match="n_models=2 cannot change"):
        three.set_params(warm_start=True, n_models=2).fit(y)


# ------------------------------------------------------------------------ intervals
def test_offsets_are_quantiles_of_the_errors_made_monotone():
    rng = np.random.default_rng(0)
    errors = rng.normal(size=(200, 3, 1)) * np.array([1.0, 2.0, 1.5])[None, :, None]
    table = BacktestErrors(errors).offsets([0.1, 0.5, 0.9], 5)
    raw = np.quantile(errors, [0.1, 0.5, 0.9], axis=0)[:, :, 0].T  # (3 steps, 3 q)
    np.testing.assert_allclose(table[:2, 0], raw[:2])
    np.testing.assert_allclose(table[2, 0, 2], raw[1, 2])  # upper never shrinks
    np.testing.assert_allclose(table[2, 0, 0], raw[1, 0])  # lower never grows
    np.testing.assert_allclose(table[2, 0, 1], raw[2, 1])  # the median as it is
    np.testing.assert_allclose(table[4, 0], table[2, 0] * np.sqrt(5 / 3))
    np.testing.assert_array_equal(series_scale(np.array([[1.0], [3.0], [2.0]])), [1.5])
    np.testing.assert_array_equal(series_scale(np.ones((4, 1))), [1.0])


def test_interval_from_the_backtest():
    y = _monthly(10 + np.sin(np.arange(96) * 2 * np.pi / 12)
                 + 0.1 * np.random.default_rng(0).normal(size=96))
    f = RNNForecaster(horizon=6, hidden_size=8, max_iter=20, random_state=0,
                      n_models=1).fit(y)
    point = f.predict()
    q = f.predict_quantiles(quantiles=(0.1, 0.5, 0.9))
    assert list(q.columns) == [0.1, 0.5, 0.9] and q.index.equals(point.index)
    scale = series_scale(y.to_numpy()[:, None])
    offsets = f._errors.offsets([0.1, 0.5, 0.9], 6)[:, 0]
    np.testing.assert_allclose(q.to_numpy(), point.to_numpy()[:, None] + offsets * scale)
    interval = f.predict_interval(coverage=0.8)
    assert list(interval.columns) == ["lower", "upper"]
    np.testing.assert_allclose(interval.to_numpy(), q[[0.1, 0.9]].to_numpy())
    width = (interval["upper"] - interval["lower"]).to_numpy()
    assert (width > 0).all() and (np.diff(width) >= -1e-12).all()
    assert len(f.predict_interval(20)) == 20  # beyond the backtest's steps
    with pytest.raises(ValueError, match="coverage must be a probability"):
        f.predict_interval(coverage=80)
    with pytest.raises(ValueError, match="quantiles must be probabilities"):
        f.predict_quantiles(quantiles=[0.5, 1.5])


def test_interval_containers():
    t = np.arange(50)
    frame = pd.DataFrame({"a": np.sin(t / 3), "b": np.cos(t / 4)},
                         index=pd.period_range("2000-01", periods=50, freq="M"))
    f = RNNForecaster(horizon=3, **SMALL).fit(frame)
    interval = f.predict_interval()
    assert list(interval.columns) == [("a", "lower"), ("a", "upper"),
                                      ("b", "lower"), ("b", "upper")]
    panel = pd.concat({"s1": frame["a"], "s2": frame["b"].iloc[5:]},
                      names=["id", "month"])
    f = RNNForecaster(horizon=3, **SMALL).fit(panel)
    interval = f.predict_interval()
    assert interval.index.names == ["id", "month"] and len(interval) == 6
    f = RNNForecaster(horizon=3, **SMALL).fit(np.sin(t / 3))
    assert f.predict_interval().shape == (3, 2)
    assert f.predict_quantiles(quantiles=[0.2, 0.4, 0.6]).shape == (3, 3)
    f = RNNForecaster(horizon=3, **SMALL).fit(frame.to_numpy())
    assert f.predict_interval().shape == (3, 2, 2)


def test_no_warnings_in_a_plain_fit():
    y = _monthly(np.sin(np.arange(48) / 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RNNForecaster(hidden_size=4, max_iter=3, tol=0, random_state=0).fit(y)


def test_out_of_sample_ratio_and_truncation():
    inside = BacktestErrors(np.array([[[1.0], [2.0]], [[-1.0], [np.nan]]]))
    outside = BacktestErrors(np.array([[[3.0], [-4.0], [9.0]]]))
    # steps 1, 2: mean |outside| (3 + 4) / 2 over mean |inside| (1 + 2) / 2
    assert _ratio(inside, outside) == pytest.approx(3.5 / 1.5)
    assert _ratio(outside, inside) == 1.0  # never narrower than in-sample
    assert _ratio(None, outside) == 1.0
    panel = check_panel(pd.concat({"a": pd.Series(np.arange(20.0)),
                                   "b": pd.Series(np.arange(9.0))}))
    cut = truncated(panel, 5, 6)
    assert list(cut.ids) == ["a"] and len(cut.values[0]) == 15
    assert truncated(panel, 5, 16) is None


def test_interval_is_scaled_by_the_held_out_errors():
    y = _monthly(10 + np.sin(np.arange(96) * 2 * np.pi / 12)
                 + 0.3 * np.random.default_rng(1).normal(size=96))
    f = RNNForecaster(horizon=6, hidden_size=8, max_iter=20, random_state=0,
                      n_models=1).fit(y)
    setup, panel = f._setup, check_panel(y)
    raw = backtest_errors(setup, f._model, f._member_params(), panel, 12)
    config = TrainingConfig.from_params(f.get_params())
    ratio = f._out_of_sample_ratio(panel, setup, f._model, config, 12)
    assert ratio >= 1.0
    np.testing.assert_allclose(f._errors.errors, raw.errors * ratio)


def test_side_network_compares_its_last_origins_seen_and_unseen(monkeypatch):
    """The ratio's two sides come from the same number of last origins: of the
    shortened series (seen in training) and of the full ones (unseen steps)."""
    y = _monthly(10 + np.sin(np.arange(60) * 2 * np.pi / 12))
    f = RNNForecaster(horizon=6, hidden_size=4, max_iter=2, random_state=0,
                      n_models=1).fit(y)
    calls = []

    def recording(setup, model, members, panel, n_steps, last=None):
        calls.append((len(panel.values[0]), n_steps, last))
        return backtest_errors(setup, model, members, panel, n_steps, last)

    monkeypatch.setattr(_forecaster, "backtest_errors", recording)
    config = TrainingConfig.from_params(f.get_params())
    f._out_of_sample_ratio(check_panel(y), f._setup, f._model, config, 12)
    assert calls == [(48, 12, 12), (60, 12, 12)]


def test_steps_no_origin_reached_give_no_warning():
    errors = BacktestErrors(np.array([[[1.0], [np.nan]], [[-1.0], [np.nan]]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = errors.offsets([0.1, 0.9], 2)
        ratio = _ratio(errors, errors)
    np.testing.assert_allclose(table[1, 0], table[0, 0])  # the last seen step carried
    assert ratio == 1.0
