"""skrnn.plotting's displays, rendered with matplotlib's Agg backend: what they draw is
the estimator's own history and forecasts."""
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier, RNNForecaster
from skrnn.plotting import ForecastDisplay, TrainingCurveDisplay
from skrnn.preprocessing import SequenceScaler

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def data(n=24):
    rng = np.random.RandomState(0)
    X = [rng.randn(t, 2) for t in rng.randint(3, 8, size=n)]
    return X, np.arange(n) % 2


def test_training_curves_draw_every_network_and_the_validation_scores():
    X, y = data()
    clf = RNNClassifier(hidden_size=4, max_iter=6, n_models=3, early_stopping=True,
                        validation_fraction=0.25, n_iter_no_change=50, random_state=0)
    pipe = make_pipeline(SequenceScaler(), clf).fit(X, y)
    display = TrainingCurveDisplay.from_estimator(pipe)  # draws the final step
    assert len(display.lines_) == 3 and len(display.score_lines_) == 3
    for line, state in zip(display.lines_, clf._members):
        np.testing.assert_array_equal(line.get_ydata(), state.loss_curve)
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 7))
    for line, state in zip(display.score_lines_, clf._members):
        np.testing.assert_array_equal(line.get_ydata(), state.validation_scores)
    assert display.ax_.get_title() == "RNNClassifier"
    assert display.score_ax_.get_ylabel() == "validation score"
    labels = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert labels == ["training loss (3 networks)", "validation score"]


def test_training_curves_of_one_network_on_given_axes():
    X, y = data()
    clf = RNNClassifier(hidden_size=4, max_iter=4, n_models=1, random_state=0).fit(X, y)
    _, ax = plt.subplots()
    display = TrainingCurveDisplay.from_estimator(clf, ax=ax, linewidth=3)
    assert display.ax_ is ax and display.score_ax_ is None
    assert display.lines_[0].get_linewidth() == 3
    assert display.lines_[0].get_label() == "training loss"
    with pytest.raises(Exception, match="not fitted"):
        TrainingCurveDisplay.from_estimator(RNNClassifier())


def series(n=90):
    t = np.arange(n)
    return pd.Series(10 + np.sin(t / 3.0) + 0.05 * t,
                     index=pd.date_range("2021-01-01", periods=n, freq="D"), name="y")


def test_forecast_display_draws_history_forecast_interval_and_truth():
    y = series()
    f = RNNForecaster(horizon=6, hidden_size=4, max_iter=5, n_models=1,
                      random_state=0).fit(y[:80])
    display = ForecastDisplay.from_estimator(f, y[80:86], coverage=0.9)
    forecast = f.predict(y[80:86])
    np.testing.assert_array_equal(display.forecast_line_.get_ydata(), forecast.to_numpy())
    np.testing.assert_array_equal(display.true_line_.get_ydata(), y[80:86].to_numpy())
    history = display.history_line_.get_ydata()
    np.testing.assert_array_equal(history, y[:80].to_numpy()[-len(history):])
    interval = f.predict_interval(y[80:86], coverage=0.9)
    path = display.interval_.get_paths()[0].vertices[:, 1]
    assert np.isclose(path.min(), interval["lower"].min())
    assert np.isclose(path.max(), interval["upper"].max())
    labels = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert labels == ["history", "90% interval", "forecast", "observed"]


def test_forecast_display_of_one_series_of_a_panel_from_a_new_history():
    y = series()
    panel = pd.concat({"a": y, "b": 2 * y}, names=["id", "time"])
    f = RNNForecaster(horizon=3, hidden_size=4, max_iter=3, n_models=1,
                      random_state=0).fit(panel)
    display = ForecastDisplay.from_estimator(f, series_id="b", coverage=None,
                                             history=panel.loc[["b"]])
    np.testing.assert_array_equal(display.forecast_line_.get_ydata(),
                                  f.predict(history=panel.loc[["b"]]).xs("b").to_numpy())
    assert display.interval_ is None and display.true_line_ is None
    assert len(display.history_line_.get_ydata()) == len(y)


def test_forecast_display_refuses_several_targets():
    y = series()
    frame = pd.DataFrame({"a": y, "b": -y})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = RNNForecaster(horizon=2, hidden_size=3, max_iter=2, n_models=1,
                          random_state=0).fit(frame)
    with pytest.raises(ValueError, match="models 2 targets; a ForecastDisplay draws one"):
        ForecastDisplay.from_estimator(f)
