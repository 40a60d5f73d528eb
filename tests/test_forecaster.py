"""RNNForecaster: pandas in and out, both strategies, covariates, many series, the
stateful mode, sklearn model selection, and errors by message. Small and seeded."""
import pickle

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate

from _fd import assert_objective_gradient
from skrnn import RNNForecaster
from skrnn.metrics import forecast_scorers, mean_absolute_scaled_error

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

FAST = dict(hidden_size=6, max_iter=8, random_state=0, lookback=8)


def monthly(n=60, start="2000-01", name="sales", seed=0):
    rng = np.random.RandomState(seed)
    t = np.arange(n)
    values = 10 + 0.1 * t + 2 * np.sin(2 * np.pi * t / 12) + 0.1 * rng.normal(size=n)
    return pd.Series(values, index=pd.period_range(start, periods=n, freq="M"), name=name)


def panel(lengths=(40, 30), starts=("2000-01", "2001-05")):
    parts = [monthly(n, s, seed=i).to_frame() for i, (n, s) in enumerate(zip(lengths, starts))]
    frame = pd.concat(parts, keys=["a", "b"], names=["shop", "month"])
    return frame


# --------------------------------------------------------------------- containers
def test_series_in_series_out_with_the_future_index():
    y = monthly()
    f = RNNForecaster(horizon=5, **FAST).fit(y[:-5])
    out = f.predict()
    assert isinstance(out, pd.Series) and out.name == "sales"
    assert out.index.equals(y.index[-5:])
    at = f.predict(y[-5:])
    assert_allclose(at.to_numpy(), out.to_numpy())
    assert at.index.equals(y.index[-5:])
    assert f.freq_ == y.index.freq


def test_datetime_index_frequency_is_inferred_and_continued():
    idx = pd.date_range("2024-01-01", periods=50, freq="D")
    y = pd.Series(np.sin(np.arange(50) / 3), index=pd.DatetimeIndex(list(idx)))  # no freq
    assert y.index.freq is None
    out = RNNForecaster(horizon=3, **FAST).fit(y).predict()
    assert list(out.index) == list(pd.date_range("2024-02-20", periods=3, freq="D"))


def test_integer_index_keeps_its_step_and_arrays_give_arrays():
    y = pd.Series(np.cos(np.arange(40) / 2), index=pd.RangeIndex(0, 200, 5))
    out = RNNForecaster(horizon=2, **FAST).fit(y).predict()
    assert list(out.index) == [200, 205]
    arr = RNNForecaster(horizon=2, **FAST).fit(y.to_numpy()).predict()
    assert isinstance(arr, np.ndarray) and arr.shape == (2,)
    assert_allclose(arr, out.to_numpy())
    two = RNNForecaster(horizon=2, **FAST).fit(np.column_stack([y, -y])).predict()
    assert two.shape == (2, 2)


def test_dataframe_of_several_targets():
    y = monthly()
    frame = pd.DataFrame({"a": y, "b": 2 * y})
    out = RNNForecaster(horizon=4, **FAST).fit(frame).predict()
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["a", "b"]
    assert out.shape == (4, 2)


def test_many_series_one_global_model_each_with_its_own_future():
    frame = panel()
    f = RNNForecaster(horizon=3, **FAST).fit(frame)
    out = f.predict()
    assert out.index.names == ["shop", "month"]
    assert list(out.index.get_level_values(0)) == ["a"] * 3 + ["b"] * 3
    assert out.loc["a"].index[0] == pd.Period("2003-05", "M")  # 40 months from 2000-01
    assert out.loc["b"].index[0] == pd.Period("2003-11", "M")  # 30 months from 2001-05
    # a new series, forecast from its history without refitting
    new = monthly(20, "2005-01", seed=7).to_frame()
    new.index = pd.MultiIndex.from_product([["c"], new.index], names=["shop", "month"])
    from_new = f.predict(history=new)
    assert list(from_new.index.get_level_values(0).unique()) == ["c"]


def test_a_panel_forecast_may_ask_about_some_series_only():
    f = RNNForecaster(horizon=3, **FAST).fit(panel())
    everything = f.predict()
    only_a = f.predict(everything.loc[["a"]])
    assert list(only_a.index.get_level_values(0).unique()) == ["a"]
    assert_allclose(only_a.to_numpy(), everything.loc[["a"]].to_numpy(), rtol=1e-6)


def test_rows_may_come_in_any_order():
    y = monthly()
    f1 = RNNForecaster(horizon=2, **FAST).fit(y)
    f2 = RNNForecaster(horizon=2, **FAST).fit(y.sample(frac=1, random_state=0))
    assert_array_equal(f1.predict().to_numpy(), f2.predict().to_numpy())


# ---------------------------------------------------------------- the forecasts
@pytest.mark.parametrize("cell, differences", [("lstm", None), ("gru", (1,)),
                                               ("rnn", (1, 3))])
def test_recursive_forecast_feeds_its_own_outputs_back(cell, differences):
    """A 3-step recursive forecast equals three 1-step forecasts, each from the history
    extended by the previous forecast (the whole history fits in the lookback; without
    scaling, as a history's own mean and spread would set its scale)."""
    y = monthly(30)
    f = RNNForecaster(cell=cell, n_models=1, horizon=3, hidden_size=5, max_iter=5,
                      lookback=64, scaling=None, differences=differences, random_state=0,
                      dtype="float64").fit(y)
    path = f.predict().to_numpy()
    history = y.copy()
    for step in range(3):
        one = f.predict(history=history)
        assert_allclose(one.iloc[0], path[step], rtol=1e-10)
        history = pd.concat([history, one.iloc[:1]])


def test_direct_forecast_chains_blocks_of_horizon():
    y = monthly(40)
    f = RNNForecaster(strategy="direct", n_models=1, horizon=4, hidden_size=5, max_iter=5,
                      lookback=64, scaling=None, random_state=0, dtype="float64").fit(y)
    future = pd.Series(np.nan, index=pd.period_range(y.index[-1] + 1, periods=8, freq="M"))
    path = f.predict(future.rename("sales")).to_numpy()
    first = f.predict()
    assert_allclose(first.to_numpy(), path[:4], rtol=1e-10)
    second = f.predict(history=pd.concat([y, first]))
    assert_allclose(second.to_numpy(), path[4:], rtol=1e-10)


@pytest.mark.parametrize("strategy", ["recursive", "direct"])
@pytest.mark.parametrize("scaling", ["series", "window"])
def test_scaling_is_undone_on_output(strategy, scaling):
    """Fitting a * y + b gives a * forecast + b: the network sees the same scaled data."""
    y = monthly()
    params = dict(strategy=strategy, horizon=3, dtype="float64", scaling=scaling, **FAST)
    base = RNNForecaster(**params).fit(y).predict().to_numpy()
    moved = RNNForecaster(**params).fit(1000 * y + 5e4).predict().to_numpy()
    assert_allclose(moved, 1000 * base + 5e4, rtol=1e-7)


def test_differences_round_trip():
    from skrnn._estimators._forecast._windows import difference, integrate
    y = np.random.RandomState(0).normal(size=(50, 2)).cumsum(axis=0)
    for lags in [(1,), (12,), (1, 12), (2, 3, 1)]:
        k = sum(lags)
        assert_allclose(integrate(difference(y, lags)[40 - k:], y[:40], lags), y[40:],
                        atol=1e-12)


def test_seasonal_differences_continue_a_trend_beyond_the_training_range():
    """Year-over-year changes of a linear trend plus a cycle are constant, so the
    forecast continues the trend, far above anything seen in training."""
    t = np.arange(72)
    y = pd.Series(3.0 * t + 5 * np.sin(2 * np.pi * t / 12),
                  index=pd.period_range("2000-01", periods=72, freq="M"))
    f = RNNForecaster(differences=(12,), horizon=24, **FAST).fit(y[:48])
    assert np.abs(f.predict().to_numpy() - y[48:].to_numpy()).max() < 0.5
    with pytest.raises(ValueError, match="too short for differences"):
        RNNForecaster(differences=(12,), **FAST).fit(y[:10])


def test_learns_a_seasonal_series():
    t = np.arange(120)
    y = pd.Series(np.sin(2 * np.pi * t / 12), index=pd.period_range("2000-01", periods=120,
                                                                     freq="M"))
    f = RNNForecaster(cell="gru", hidden_size=16, lookback=24, batch_size=16, max_iter=60,
                      learning_rate_init=0.01, horizon=12, random_state=0).fit(y[:-12])
    err = np.abs(f.predict().to_numpy() - y[-12:].to_numpy()).mean()
    assert err < 0.15  # the naive "last value" forecast errs 0.64 on average


# ------------------------------------------------------------------- covariates
def promo_frame(n=80, seed=0):
    rng = np.random.RandomState(seed)
    promo = (rng.rand(n) < 0.3).astype(float)
    sales = 5 + 3 * promo + 0.05 * rng.normal(size=n)
    idx = pd.period_range("2010-01-01", periods=n, freq="D")
    return pd.DataFrame({"sales": sales, "promo": promo}, index=idx)


@pytest.mark.parametrize("strategy", ["recursive", "direct"])
def test_future_covariates_come_from_the_future_rows(strategy):
    data = promo_frame()
    train, test = data[:-6], data[-6:]
    f = RNNForecaster(strategy=strategy, horizon=6, future_covariates=["promo"],
                      hidden_size=12, lookback=8, batch_size=16, max_iter=60,
                      learning_rate_init=0.01, random_state=0).fit(train)
    out = f.predict(test.assign(sales=np.nan))  # the targets of X are not read
    assert list(out.columns) == ["sales"]
    forecast, truth = out["sales"].to_numpy(), test["sales"].to_numpy()
    assert np.corrcoef(forecast, truth)[0, 1] > 0.8  # the promotions are followed
    assert np.abs(forecast - truth).mean() < 0.5 * np.abs(truth - truth.mean()).mean() \
        + 0.3
    with pytest.raises(ValueError, match="future covariates: pass the future rows"):
        f.predict()
    with pytest.raises(ValueError, match="lacks the future covariates"):
        f.predict(test.iloc[[0, 2]])


def test_past_covariates_are_inputs_and_are_forecast_in_a_free_run():
    data = promo_frame().rename(columns={"promo": "visits"})
    f = RNNForecaster(past_covariates=["visits"], horizon=3, **FAST).fit(data)
    out = f.predict()
    assert list(out.columns) == ["sales"] and len(out) == 3
    d = RNNForecaster(strategy="direct", past_covariates=["visits"], horizon=2,
                      **FAST).fit(data)
    assert len(d.predict()) == 2
    future = data[-4:].set_axis(pd.period_range(data.index[-1] + 1, periods=4, freq="D"))
    with pytest.raises(ValueError, match="with past covariates forecasts at most"):
        d.predict(future)


def test_calendar_features_add_the_cycles_of_the_frequency():
    y = monthly()
    f = RNNForecaster(calendar_features=True, horizon=2, **FAST).fit(y)
    assert f._model.network.input_size == 1 + 2  # previous value, sin and cos of the month
    with pytest.raises(ValueError, match="calendar_features=True needs a DatetimeIndex"):
        RNNForecaster(calendar_features=True, **FAST).fit(y.to_numpy())


# -------------------------------------------------------------------- stateful
def test_stateful_chunks_start_from_the_state_of_the_previous_chunk():
    y = monthly(50)
    f = RNNForecaster(stateful=True, lookback=8, hidden_size=5, max_iter=2,
                      random_state=0, dtype="float64").fit(y)
    assert len(f.predict(history=y)) == 1
    # recompute the carried states by hand: one forward pass over the whole series
    data = f._training_data(y, None, None, fresh=False)[0]
    assert data.previous.tolist()[:4] == [-1, 0, 1, 2]
    h0, c0 = f._model.carried_states(f.params_, data)
    rnn_p = f._model.split(f.params_)[0]
    whole = data.X.reshape(1, -1, data.X.shape[2])[:, :int(data.lengths[:3].sum())]
    _, (h_n, c_n), _ = f._model.network.forward(rnn_p, whole, training=False)
    assert_allclose(h0[:, 3], h_n[:, 0], rtol=1e-10)
    assert_allclose(c0[:, 3], c_n[:, 0], rtol=1e-10)


@pytest.mark.parametrize("settings", [dict(strategy="recursive"),
                                      dict(strategy="direct", horizon=3),
                                      dict(strategy="direct", horizon=2, scaling="window",
                                           calendar_features=True)],
                         ids=["recursive", "direct", "direct-window-calendar"])
def test_training_objective_gradient_matches_finite_differences(settings):
    y = monthly(40)
    f = RNNForecaster(cell="gru", hidden_size=3, lookback=6, alpha=0.2, max_iter=1,
                      dtype="float64", random_state=0, **settings).fit(y)
    assert_objective_gradient(f, f._training_data(y, None, None, fresh=False)[0])


def test_stateful_needs_recursive_without_early_stopping():
    with pytest.raises(ValueError, match="stateful=True .* needs"):
        RNNForecaster(stateful=True, strategy="direct").fit(monthly())


# ----------------------------------------------------------------- sklearn fit
def test_grid_search_with_time_series_split_on_a_series():
    y = monthly(72)
    grid = GridSearchCV(RNNForecaster(horizon=6, **FAST),
                        {"cell": ["gru", "lstm"], "strategy": ["recursive", "direct"]},
                        cv=TimeSeriesSplit(n_splits=2, test_size=6))
    grid.fit(y)
    assert set(grid.best_params_) == {"cell", "strategy"}
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()


def test_cross_validate_is_a_backtest_and_runs_in_parallel():
    y = monthly(72)
    cv = TimeSeriesSplit(n_splits=3, test_size=6)
    est = RNNForecaster(horizon=6, **FAST)
    result = cross_validate(est, y, cv=cv, scoring=forecast_scorers, n_jobs=2)
    for i, (train, test) in enumerate(cv.split(y)):
        f = clone(est).fit(y.iloc[train])
        forecast = f.predict(y.iloc[test])
        expected = mean_absolute_scaled_error(y.iloc[test], forecast, y_train=y.iloc[train])
        assert_allclose(-result["test_neg_mean_absolute_scaled_error"][i], expected,
                        rtol=1e-6)
        assert_allclose(f.score(y.iloc[test]), -expected, rtol=1e-6)


def test_covariates_travel_with_the_data_through_the_split():
    data = promo_frame(60)
    grid = GridSearchCV(RNNForecaster(future_covariates=["promo"], horizon=5, **FAST),
                        {"hidden_size": [4, 6]}, cv=TimeSeriesSplit(n_splits=2, test_size=5),
                        scoring=forecast_scorers["neg_mean_absolute_error"])
    grid.fit(data)
    assert np.isfinite(grid.cv_results_["mean_test_score"]).all()
    future = promo_frame(65)[-5:].set_axis(
        pd.period_range(data.index[-1] + 1, periods=5, freq="D"))
    assert grid.best_estimator_.predict(future).shape == (5, 1)


def test_pickle_clone_and_seed_give_identical_forecasts():
    y = monthly()
    f = RNNForecaster(horizon=4, **FAST).fit(y)
    again = pickle.loads(pickle.dumps(f))
    assert_array_equal(again.predict().to_numpy(), f.predict().to_numpy())
    twin = clone(f).fit(y)
    assert_array_equal(twin.predict().to_numpy(), f.predict().to_numpy())


# ---------------------------------------------------------------------- errors
def test_missing_targets_are_named_with_a_fix():
    y = monthly()
    y.iloc[[5, 9]] = np.nan
    with pytest.raises(ValueError, match=r"2 missing or infinite target value\(s\), at "
                                         r"2000-06 \('sales'\), 2000-10.*interpolate"):
        RNNForecaster(missing="error", **FAST).fit(y)


def test_irregular_index_is_an_error():
    idx = pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-05",
                            "2024-01-06"])
    with pytest.raises(ValueError, match="irregular.*resample"):
        RNNForecaster(**FAST).fit(pd.Series(np.arange(5.0), index=idx))
    with pytest.raises(ValueError, match="duplicate times"):
        RNNForecaster(**FAST).fit(pd.Series(np.arange(4.0), index=[0, 1, 1, 2]))
    with pytest.raises(TypeError, match="DatetimeIndex, a PeriodIndex or integers"):
        RNNForecaster(**FAST).fit(pd.Series(np.arange(4.0), index=list("abcd")))


def test_forecasting_the_past_is_an_error():
    y = monthly()
    f = RNNForecaster(**FAST).fit(y[:-5])
    with pytest.raises(ValueError, match="predicts future steps only.*history="):
        f.predict(y[-10:])


def test_predicting_at_another_frequency_is_an_error():
    y = monthly()
    f = RNNForecaster(**FAST).fit(y)
    quarters = pd.Series(np.nan, index=pd.period_range("2005-01", periods=2, freq="Q"))
    with pytest.raises(ValueError, match=r"indexed by period\[Q-DEC\].*fitted on "
                                         r"period\[M\]"):
        f.predict(quarters.rename("sales"))


def test_bad_configurations_and_columns():
    with pytest.raises(ValueError, match="bidirectional=True needs strategy='direct'"):
        RNNForecaster(bidirectional=True).fit(monthly())
    frame = promo_frame()
    with pytest.raises(ValueError, match="names column 'price', which X does not have"):
        RNNForecaster(future_covariates=["price"]).fit(frame)
    f = RNNForecaster(**FAST).fit(frame)
    with pytest.raises(ValueError, match="X has 1 features, but RNNForecaster is expecting 2"):
        f.predict(frame[["sales"]])


def test_seasonal_mase_scorer_matches_the_metric():
    from skrnn.metrics import make_forecast_scorer
    y = monthly(60)
    f = RNNForecaster(horizon=6, **FAST).fit(y[:-6])
    scorer = make_forecast_scorer(mean_absolute_scaled_error, sp=12)
    expected = mean_absolute_scaled_error(y[-6:], f.predict(y[-6:]), y_train=y[:-6], sp=12)
    assert_allclose(-scorer(f, y[-6:]), expected, rtol=1e-10)
