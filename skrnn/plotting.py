"""Pictures of fitted estimators, as scikit-learn's Display objects draw them.

`TrainingCurveDisplay` draws the training loss (and validation score) of every network
of a fitted estimator, epoch by epoch; `ForecastDisplay` draws a forecaster's recent
history, its forecast, a prediction interval and, when given, the values that came.
Each follows scikit-learn's pattern (`sklearn.metrics.RocCurveDisplay`): build it with
``from_estimator`` (or from arrays with the constructor and `plot`), then read
``ax_``, ``figure_`` and the drawn artists. matplotlib is needed (the ``plot`` extra,
``pip install skrnn[plot]``); skrnn imports it only here, when a display draws.
"""
import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

__all__ = ["ForecastDisplay", "TrainingCurveDisplay"]


def _axes(ax):
    """``ax``, or new axes of a new figure (matplotlib imported only now)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("skrnn's displays draw with matplotlib: pip install "
                          "'skrnn[plot]' (or matplotlib).") from exc
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _final_step(estimator):
    """A pipeline's last step (what was trained), else the estimator itself."""
    return estimator[-1] if isinstance(estimator, Pipeline) else estimator


class TrainingCurveDisplay:
    """Training loss per epoch of each network of a fitted estimator, with the
    validation score (``early_stopping``) on a second axis.

    Parameters
    ----------
    loss_curves : list of sequences of float
        One training-loss curve per network (``loss_curve_`` of each).
    validation_scores : list of sequences of float, or None, default=None
        One validation-score curve per network, or None without early stopping.
    estimator_name : str or None, default=None
        Shown in the title.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes of the loss curves.
    score_ax_ : matplotlib Axes or None
        The twin axes of the validation scores.
    figure_ : matplotlib Figure
    lines_ : list of matplotlib Line2D
        The loss curves, one per network.
    score_lines_ : list of matplotlib Line2D
        The validation curves (empty without them).

    Examples
    --------
    >>> import numpy as np
    >>> from skrnn import RNNClassifier
    >>> from skrnn.plotting import TrainingCurveDisplay
    >>> X = np.random.RandomState(0).randn(20, 5, 2); y = np.arange(20) % 2
    >>> clf = RNNClassifier(hidden_size=4, max_iter=5, n_models=2, tol=0).fit(X, y)
    >>> display = TrainingCurveDisplay.from_estimator(clf)
    >>> len(display.lines_), display.ax_.get_xlabel()
    (2, 'epoch')
    """

    def __init__(self, *, loss_curves, validation_scores=None, estimator_name=None):
        self.loss_curves = loss_curves
        self.validation_scores = validation_scores
        self.estimator_name = estimator_name

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, **kwargs):
        """Draw the curves of a fitted skrnn estimator (or of a pipeline ending in one).

        Parameters
        ----------
        estimator : fitted RNNClassifier, RNNRegressor, RNNForecaster, RNNEncoder, or
            a Pipeline ending in one
        ax : matplotlib Axes or None, default=None
            Where to draw; None makes a new figure.
        **kwargs
            Passed to matplotlib's ``plot`` for the loss curves.

        Returns
        -------
        display : TrainingCurveDisplay
        """
        model = _final_step(estimator)
        check_is_fitted(model, "loss_curve_")
        states = model._fitted_members()
        scores = [s.validation_scores for s in states]
        return cls(loss_curves=[list(s.loss_curve) for s in states],
                   validation_scores=None if scores[0] is None else
                   [list(v) for v in scores],
                   estimator_name=type(model).__name__).plot(ax=ax, **kwargs)

    def plot(self, ax=None, **kwargs):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
        **kwargs
            Passed to matplotlib's ``plot`` for the loss curves.

        Returns
        -------
        self : TrainingCurveDisplay
        """
        ax = _axes(ax)
        several = len(self.loss_curves) > 1
        self.lines_ = []
        for i, curve in enumerate(self.loss_curves):
            label = f"loss, network {i + 1}" if several else "training loss"
            style = {"color": "C0", "alpha": 0.5 if several else 1.0, **kwargs}
            self.lines_ += ax.plot(np.arange(1, len(curve) + 1), curve,
                                   label=label if i == 0 or not several else None,
                                   **style)
        if several:
            self.lines_[0].set_label(f"training loss ({len(self.loss_curves)} networks)")
        ax.set_xlabel("epoch")
        ax.set_ylabel("training loss")
        self.score_ax_, self.score_lines_ = None, []
        if self.validation_scores is not None:
            self.score_ax_ = ax.twinx()
            for i, curve in enumerate(self.validation_scores):
                self.score_lines_ += self.score_ax_.plot(
                    np.arange(1, len(curve) + 1), curve, color="C1",
                    alpha=0.5 if several else 1.0,
                    label="validation score" if i == 0 else None)
            self.score_ax_.set_ylabel("validation score")
        handles = self.lines_[:1] + self.score_lines_[:1]
        ax.legend(handles, [h.get_label() for h in handles], loc="best")
        if self.estimator_name:
            ax.set_title(self.estimator_name)
        self.ax_, self.figure_ = ax, ax.figure
        return self


class ForecastDisplay:
    """A forecast against its series: recent history, the forecast, a prediction
    interval and the values that came (if known).

    Parameters
    ----------
    history : pandas Series
        Observed values before the forecast, indexed by time.
    forecast : pandas Series
        The point forecast, indexed by time.
    interval : pandas DataFrame with columns ``lower`` and ``upper``, or None
        The prediction interval, indexed as ``forecast``.
    y_true : pandas Series or None, default=None
        The values observed over the forecast's steps.
    coverage : float or None, default=None
        The interval's coverage (for its label).
    estimator_name : str or None, default=None

    Attributes
    ----------
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure
    history_line_, forecast_line_, true_line_ : matplotlib Line2D (``true_line_``
        None without ``y_true``)
    interval_ : matplotlib PolyCollection or None
    """

    def __init__(self, *, history, forecast, interval=None, y_true=None, coverage=None,
                 estimator_name=None):
        self.history = history
        self.forecast = forecast
        self.interval = interval
        self.y_true = y_true
        self.coverage = coverage
        self.estimator_name = estimator_name

    @classmethod
    def from_estimator(cls, forecaster, y_true=None, *, X=None, history=None,
                       coverage=0.8, series_id=None, ax=None):
        """Forecast with a fitted `RNNForecaster` and draw it.

        Parameters
        ----------
        forecaster : fitted RNNForecaster
        y_true : pandas Series, DataFrame (one target column) or array-like, or None,
            default=None
            The values that followed the training series (or ``history``); with a
            time index it also says which steps to forecast. None forecasts
            ``horizon`` steps and draws no truth.
        X : as in `RNNForecaster.predict`, or None, default=None
            The future rows to forecast (their future covariates); by default
            ``y_true`` when it is pandas, else its length, else ``horizon`` steps.
        history : as in `RNNForecaster.predict`, or None, default=None
            Forecast from these observations instead of the training series; drawn
            as the history. By default the last ``lookback_ + 1`` training steps are.
        coverage : float in (0, 1) or None, default=0.8
            Coverage of the interval drawn (`predict_interval`); None draws none.
        series_id : object or None, default=None
            Which series of a multi-series forecaster to draw (default: the first).
        ax : matplotlib Axes or None, default=None

        Returns
        -------
        display : ForecastDisplay
        """
        model = _final_step(forecaster)
        check_is_fitted(model, "params_")
        if model._context.targets[0].shape[1] != 1:
            raise ValueError(f"The forecaster models {model._context.targets[0].shape[1]} "
                             f"targets; a ForecastDisplay draws one.")
        truth = None if y_true is None else _one_series(y_true, None, "y_true")
        if X is None and y_true is not None:
            X = y_true if isinstance(y_true, (pd.Series, pd.DataFrame)) else len(truth)
        forecast = model.predict(X, history=history)
        interval = None
        if coverage is not None:
            try:
                interval = model.predict_interval(X, coverage=coverage, history=history)
            except ValueError:  # too short at fit for a backtest: no interval to draw
                interval = None
        ids = model._context.ids
        key = series_id if series_id is not None or ids is None else ids[0]
        forecast = _one_series(forecast, key, "the forecast")
        if interval is not None:
            interval = _select(interval, key)
        if history is None:
            k = 0 if ids is None else list(ids).index(key)
            times = model._context.times[k]
            past = pd.Series(model._context.targets[k][-len(times):, 0], index=times)
        else:
            past = _one_series(history, key, "history")
        if truth is not None and not isinstance(y_true, (pd.Series, pd.DataFrame)):
            truth = pd.Series(truth.to_numpy(), index=forecast.index[:len(truth)])
        return cls(history=past, forecast=forecast, interval=interval, y_true=truth,
                   coverage=coverage, estimator_name=type(model).__name__).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the history, the interval, the forecast and the truth.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None

        Returns
        -------
        self : ForecastDisplay
        """
        ax = _axes(ax)
        (self.history_line_,) = ax.plot(self.history.index, self.history.to_numpy(),
                                         color="k", label="history")
        self.interval_ = None
        if self.interval is not None:
            label = "interval" if self.coverage is None else \
                f"{self.coverage:.0%} interval"
            self.interval_ = ax.fill_between(
                self.interval.index, self.interval["lower"].to_numpy(dtype=float),
                self.interval["upper"].to_numpy(dtype=float), color="C0", alpha=0.25,
                label=label)
        (self.forecast_line_,) = ax.plot(self.forecast.index, self.forecast.to_numpy(),
                                         color="C0", label="forecast")
        self.true_line_ = None
        if self.y_true is not None:
            (self.true_line_,) = ax.plot(self.y_true.index, self.y_true.to_numpy(),
                                         color="C1", linestyle="--", label="observed")
        ax.legend(loc="best")
        if self.estimator_name:
            ax.set_title(self.estimator_name)
        self.ax_, self.figure_ = ax, ax.figure
        return self


def _select(frame, key):
    """The rows of series ``key`` of a (series id, time) indexed result."""
    if key is not None and isinstance(frame.index, pd.MultiIndex):
        return frame.xs(key, level=0)
    return frame


def _one_series(values, key, what):
    """``values`` (one series' values) as a pandas Series."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        values = _select(values, key)
        if isinstance(values, pd.DataFrame):
            if values.shape[1] != 1:
                raise ValueError(f"{what} has {values.shape[1]} columns; a "
                                 f"ForecastDisplay draws one target: select its "
                                 f"column first.")
            values = values.iloc[:, 0]
        return values
    array = np.asarray(values, dtype=float)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"{what} must hold one target, got an array of shape "
                         f"{array.shape}.")
    return pd.Series(array)
