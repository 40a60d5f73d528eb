"""Scorers of forecasts: a forecaster's forecast of X's rows against the truth in X.

`skrnn.metrics` re-exports `ForecastScorer`, `make_forecast_scorer` and
`forecast_scorers`; they live beside the forecaster because they read its fitted
history (MASE's scale), which `skrnn.metrics`' plain functions know nothing of.
"""
import numpy as np

from ..._metrics import (mean_absolute_error, mean_absolute_percentage_error,
                         mean_absolute_scaled_error, root_mean_squared_error,
                         symmetric_mean_absolute_percentage_error)
from ._panel import assert_no_missing

__all__ = ["ForecastScorer", "forecast_pairs", "forecast_scorers", "make_forecast_scorer"]


def forecast_pairs(forecaster, X, sp=1):
    """Per series of X: (true targets (m, n_t), forecasts (m, n_t), MASE's scale: the
    in-sample error of the seasonal naive forecast of period ``sp`` on the series'
    history, 1.0 when that is 0 or the history is too short)."""
    context, panel, paths, requests = forecaster._forecast_for(X, None)
    target = forecaster._setup.roles.target
    assert_no_missing(panel, target, "X", "target")
    pairs = []
    for j, (k, steps) in enumerate(requests):
        truth = panel.values[j][:, target]
        z = context.targets[k]
        scale = float(np.abs(z[sp:] - z[:-sp]).mean()) if len(z) > sp else 0.0
        pairs.append((truth, paths[k][steps - 1], scale if scale > 0 else 1.0))
    return pairs


class ForecastScorer:
    """A scorer ``scorer(forecaster, X, y=None)`` for ``scoring=`` in scikit-learn's
    model selection (`GridSearchCV`, `cross_validate`, ...) with an `RNNForecaster`.

    It forecasts the rows of ``X`` (the block after the training data, in a
    `TimeSeriesSplit`), compares them with the target values in ``X``, and returns the
    metric, negated when lower is better, so that greater is always better. scikit-learn's
    own string scorers cannot do this: they compare ``predict(X)`` with ``y``, and a
    forecaster's truth travels in ``X``.

    Parameters
    ----------
    score_func : callable ``score_func(y_true, y_pred)``
        A metric of this module or any with that signature. Rows of all series are
        pooled; for `mean_absolute_scaled_error`, each series is scaled by the in-sample
        error of the seasonal naive forecast (period ``sp``) on its own history.
    greater_is_better : bool, default=False
    name : str, optional
    sp : int, default=1
        Seasonal period of MASE's scale (12 for monthly data, as in M4); other metrics
        ignore it.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.model_selection import TimeSeriesSplit, cross_validate
    >>> from skrnn import RNNForecaster
    >>> from skrnn.metrics import forecast_scorers
    >>> y = np.sin(np.arange(120) / 4) + 2
    >>> cv = cross_validate(RNNForecaster(hidden_size=4, max_iter=5, random_state=0),
    ...                     y, cv=TimeSeriesSplit(n_splits=2, test_size=6),
    ...                     scoring=forecast_scorers)
    >>> sorted(k for k in cv if k.startswith("test_"))[:2]
    ['test_neg_mean_absolute_error', 'test_neg_mean_absolute_percentage_error']
    """

    def __init__(self, score_func, *, greater_is_better=False, name=None, sp=1):
        self.score_func = score_func
        self.greater_is_better = greater_is_better
        self.name = name or getattr(score_func, "__name__", "score")
        self.sp = sp

    def __call__(self, estimator, X, y=None):
        pairs = forecast_pairs(estimator, X, sp=self.sp)
        if self.score_func is mean_absolute_scaled_error:
            value = float(np.concatenate(
                [(np.abs(t - p) / s).ravel() for t, p, s in pairs]).mean())
        else:
            value = float(self.score_func(np.vstack([t for t, _, _ in pairs]),
                                          np.vstack([p for _, p, _ in pairs])))
        return value if self.greater_is_better else -value

    def __repr__(self):
        sign = "" if self.greater_is_better else "neg_"
        return f"ForecastScorer({sign}{self.name})"


def make_forecast_scorer(score_func, *, greater_is_better=False, sp=1):
    """A `ForecastScorer` from a metric ``score_func(y_true, y_pred)``; ``sp`` is the
    seasonal period of `mean_absolute_scaled_error`'s scale."""
    return ForecastScorer(score_func, greater_is_better=greater_is_better, sp=sp)


#: The scorers of this module's metrics, by the names scikit-learn would give them; pass
#: one as ``scoring=`` or the whole dict to `cross_validate` for all of them at once.
forecast_scorers = {
    f"neg_{f.__name__}": ForecastScorer(f) for f in (
        mean_absolute_error, mean_absolute_percentage_error,
        mean_absolute_scaled_error, root_mean_squared_error,
        symmetric_mean_absolute_percentage_error)}
