"""RNNForecaster's static covariates per series: a panel that a global model can only
forecast with them, every mode's gradient against finite differences, each training
window given its own series' covariates, and the errors by message."""
import numpy as np
import pandas as pd
import pytest

from _fd import assert_objective_gradient
from skrnn import RNNForecaster, load, save

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

MODES = ("par", "init", "pre", "merge")


def sign_panel(n_series=16, n=41, seed=0):
    """Series that flip sign every step or keep it, as their static 'sign' says: with
    one step of history, the next value's sign is only known from the covariate."""
    rng = np.random.RandomState(seed)
    frames = []
    for k in range(n_series):
        sign = 1.0 if k % 2 else -1.0
        y = np.empty(n)
        y[0] = rng.normal()
        for t in range(1, n):
            y[t] = sign * y[t - 1] * 0.95 + 0.1 * rng.normal()
            if abs(y[t]) < 0.3:
                y[t] += 1.0
        frames.append(pd.DataFrame({"y": y, "sign": sign, "size": 10.0 + k},
                                   index=pd.RangeIndex(n, name="t")))
    return pd.concat(frames, keys=range(n_series), names=["series", "t"])


def test_a_static_covariate_tells_the_series_apart():
    X = sign_panel()
    train, test = X.groupby(level="series").head(40), X.groupby(level="series").tail(1)
    options = dict(horizon=1, lookback=1, differences=None, n_models=1, max_iter=100,
                   strategy="direct", random_state=0)

    def error(forecaster, data):
        forecast = forecaster.fit(data).predict()
        assert list(forecast.columns) == ["y"]  # the covariates are not forecast
        return np.abs(forecast.to_numpy().ravel() - test["y"].to_numpy()).mean()

    blind = error(RNNForecaster(**options), train[["y"]])
    assert blind > 0.3
    for mode in ("par", "init", "pre"):
        seeing = error(RNNForecaster(static_features=["sign"], static_mode=mode,
                                     **options), train[["y", "sign"]])
        assert seeing < blind / 2, mode


@pytest.mark.parametrize("strategy", ["recursive", "direct"])
@pytest.mark.parametrize("mode", MODES)
def test_static_forecaster_objective_gradient_matches_finite_differences(mode, strategy):
    X = sign_panel(n_series=3, n=14)
    f = RNNForecaster(static_features=["sign", "size"], static_mode=mode, hidden_size=3,
                      horizon=2, lookback=4, differences=None, strategy=strategy,
                      n_models=1, max_iter=1, dtype="float64", random_state=0).fit(X)
    data = f._training_data(X, None, None, fresh=False)[0]
    assert data.static.shape == (data.n_samples, 2)
    assert_objective_gradient(f, data)


def test_each_window_reads_its_own_series_covariates():
    X = sign_panel(n_series=4, n=12)
    for strategy in ("recursive", "direct"):
        f = RNNForecaster(static_features=["size"], hidden_size=2, horizon=2, lookback=3,
                          differences=None, strategy=strategy, n_models=1, max_iter=1,
                          random_state=0).fit(X)
        data = f._training_data(X, None, None, fresh=False)[0]
        size = data.static[:, 0] * f._setup.static_stats[1][0] + f._setup.static_stats[0][0]
        counts = np.unique(np.rint(size), return_counts=True)
        assert counts[0].tolist() == [10.0, 11.0, 12.0, 13.0]  # every series, in order
        assert len(set(counts[1])) == 1  # as many windows each (equal lengths)
        assert np.all(np.diff(np.rint(size)) >= 0)  # windows in series order


@pytest.mark.parametrize("mode", MODES)
def test_the_forecast_reads_the_covariates_of_the_history_given(mode):
    X = sign_panel(n_series=4, n=20)
    f = RNNForecaster(static_features=["sign"], static_mode=mode, horizon=2, lookback=3,
                      differences=None, n_models=1, max_iter=5, random_state=0).fit(X)
    flipped = X.assign(sign=-X["sign"])
    assert not np.allclose(f.predict(history=flipped).to_numpy(), f.predict().to_numpy())
    assert np.isfinite(f.predict_interval().to_numpy()).all()


def test_static_forecaster_round_trips_through_a_file(tmp_path):
    X = sign_panel(n_series=3, n=16)
    f = RNNForecaster(static_features=["size"], static_mode="init", horizon=2,
                      lookback=3, differences=None, n_models=2, max_iter=2,
                      random_state=0).fit(X)
    save(f, tmp_path / "f.skrnn")
    loaded = load(tmp_path / "f.skrnn")
    np.testing.assert_array_equal(loaded.predict().to_numpy(), f.predict().to_numpy())
    assert loaded.n_static_in_ == 1


def test_static_forecaster_errors_name_the_series_and_the_fix():
    X = sign_panel(n_series=3, n=10)
    varying = X.copy()
    varying.loc[(1, 4), "size"] = 99.0
    with pytest.raises(ValueError, match=r"Static covariate 'size' varies within series "
                                         r"1: a static covariate has one value per "
                                         r"series"):
        RNNForecaster(static_features=["size"], max_iter=1).fit(varying)
    with pytest.raises(ValueError, match=r"static_features names column 'weight', which "
                                         r"X does not have"):
        RNNForecaster(static_features=["weight"], max_iter=1).fit(X)
    with pytest.raises(ValueError, match=r"static_mode='init' puts the static covariates "
                                         r"at the start of a sequence, but with "
                                         r"stateful=True"):
        RNNForecaster(static_features=["size"], static_mode="init", stateful=True,
                      max_iter=1).fit(X)
    missing = X.copy()
    missing.loc[(2, 3), "sign"] = np.nan
    with pytest.raises(ValueError, match=r"missing or infinite static covariate in "
                                         r"series 2; static_features must be known"):
        RNNForecaster(static_features=["sign"], max_iter=1).fit(missing)
