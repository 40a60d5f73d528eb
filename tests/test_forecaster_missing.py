"""RNNForecaster with missing target values (``missing="mask"``): which training targets
are left out (counted exactly, also through differencing), what the network reads in
their place, the gradient of the masked objective, and the errors by message."""
import numpy as np
import pandas as pd
import pytest

from _fd import assert_objective_gradient
from skrnn import RNNForecaster

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

FAST = dict(hidden_size=4, max_iter=3, n_models=1, random_state=0, lookback=6)


def monthly(n=48, gaps=(), seed=0):
    rng = np.random.RandomState(seed)
    t = np.arange(n)
    values = 10 + 0.1 * t + 2 * np.sin(2 * np.pi * t / 12) + 0.2 * rng.normal(size=n)
    values[list(gaps)] = np.nan
    return pd.Series(values, index=pd.period_range("2000-01", periods=n, freq="M"),
                     name="sales")


def _expected_masked(n, gaps, lookback):
    """Recursive windows of ``lookback`` steps: window w predicts series steps
    w+1 .. w+lookback; a step is masked when it is a gap."""
    n_windows = n - 1 - lookback + 1
    return sum(1 for w in range(n_windows) for t in range(w + 1, w + lookback + 1)
               if t in gaps)


@pytest.mark.parametrize("differences,unknown", [(None, lambda g: {g}),
                                                 ((1,), lambda g: {g, g + 1})])
def test_recursive_windows_leave_out_exactly_the_missing_targets(differences, unknown):
    gaps = {20, 33}
    f = RNNForecaster(differences=differences, **FAST)
    data, _ = f._training_data(monthly(gaps=gaps), None, None, fresh=True)
    k = 0 if differences is None else 1
    n = 48 - k
    masked = {t - k for g in gaps for t in unknown(g)}  # in the modelled series
    real = data.lengths.sum()
    assert len(masked) == 2 * len(unknown(0))  # each gap hides one step (two differences)
    assert real - data.observed.sum() == _expected_masked(n, masked, 6)


def test_direct_samples_with_a_missing_target_are_left_out():
    gaps = {30}
    full = RNNForecaster(strategy="direct", horizon=4, differences=None, **FAST)
    n_full = full._training_data(monthly(), None, None, fresh=True)[0].n_samples
    data = RNNForecaster(strategy="direct", horizon=4, differences=None, **FAST) \
        ._training_data(monthly(gaps=gaps), None, None, fresh=True)[0]
    assert data.observed is None
    assert n_full - data.n_samples == 4  # the origins whose 4 targets include step 30
    assert np.isfinite(data.X).all() and np.isfinite(data.targets).all()


def test_the_network_reads_the_interpolation_of_a_missing_input():
    y = monthly(gaps={45})
    f = RNNForecaster(differences=None, scaling=None, horizon=2, **FAST).fit(y)
    context = f._context.values[0][:, 0]  # the last lookback + 1 steps, as modelled
    assert context[-3] == pytest.approx((y.iloc[44] + y.iloc[46]) / 2)
    assert np.isfinite(f.predict()).all()
    # a history with gaps, also at its ends, gives a forecast too
    history = monthly(gaps={0, 1, 40, 47}, seed=1)
    assert np.isfinite(f.predict(history=history)).all()


def test_masked_objective_gradient_matches_finite_differences():
    f = RNNForecaster(differences=(1,), hidden_size=3, max_iter=1, n_models=1,
                      lookback=5, dtype="float64", random_state=0)
    y = monthly(n=30, gaps={7, 8, 19})
    f.fit(y)
    data = f._training_data(y, None, None, fresh=False)[0]
    assert data.observed is not None and not data.observed[data.observed.any(1)].all()
    assert_objective_gradient(f, data)


def test_missing_error_and_what_stays_an_error():
    with pytest.raises(ValueError, match=r"X has 2 missing or infinite target value\(s\), "
                                         r"at 2001-09 \('sales'\), 2002-10"):
        RNNForecaster(missing="error", **FAST).fit(monthly(gaps={20, 33}))
    y = monthly()
    y.iloc[5] = np.inf
    with pytest.raises(ValueError, match=r"X has 1 infinite target value\(s\), at 2000-06 "
                                         r"\('sales'\)\. .*make them gaps"):
        RNNForecaster(**FAST).fit(y)
    frame = pd.concat([monthly().to_frame(), monthly(gaps=range(48)).to_frame()],
                      keys=["a", "b"], names=["shop", "month"])
    with pytest.raises(ValueError, match=r"X has no observed value of some target in "
                                         r"series 'b'"):
        RNNForecaster(**FAST).fit(frame)
    with_cov = monthly().to_frame().assign(price=np.arange(48.0))
    with_cov.iloc[3, 1] = np.nan
    with pytest.raises(ValueError, match="missing or infinite covariate value"):
        RNNForecaster(future_covariates=["price"], **FAST).fit(with_cov)
