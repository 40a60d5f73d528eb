"""Shared plumbing of the forecasting examples (not an example itself): a timed fit, one
stage of a time-ordered grid search, and the repeat-the-last-values baselines."""
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skrnn import RNNForecaster
from skrnn.metrics import forecast_scorers


#: The forecaster's defaults when these examples were tuned (before the forecasting
#: panel chose the current ones): every example's settings sit on top of them, so that
#: the figures in docs/results.md reproduce. ``bench_forecast.py`` runs the defaults.
TUNED_UNDER = dict(batch_size=200, learning_rate="constant", clip_norm=None,
                   init="uniform", forget_bias=None, n_models=1, lookback=24,
                   differences=None)


def forecaster(params):
    """``RNNForecaster(**params)`` on top of the defaults the examples were tuned under."""
    return RNNForecaster(**{**TUNED_UNDER, **params})


def fit_model(params, train):
    """An RNNForecaster(**params) fitted on ``train``, and the fit time in seconds."""
    model = forecaster(params)
    with warnings.catch_warnings():
        # a fixed epoch budget may end before the loss has flattened: intended
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(train)
        seconds = time.perf_counter() - start
    return model, seconds


def fit_forecast(params, train, future=None):
    """Fit on ``train``; forecast ``future``'s rows (or ``horizon`` steps when None).
    Returns (forecast, fit seconds)."""
    model, seconds = fit_model(params, train)
    return model.predict(future), seconds


def search(data, params, grid, cv, scorer, label, digits=3):
    """One GridSearchCV stage, scored by ``forecast_scorers[scorer]`` (a negated error
    named ``label`` in the printout); print every candidate; return the best parameters
    merged into ``params``."""
    search = GridSearchCV(forecaster(params), grid, cv=cv, refit=False,
                          scoring=forecast_scorers[scorer])
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(data)
    res = search.cv_results_
    for mean, std, changes in zip(res["mean_test_score"], res["std_test_score"],
                                  res["params"]):
        print(f"  cv {label} {-mean:.{digits}f} +- {std:.{digits}f}  {changes}", flush=True)
    print(f"  {len(res['params'])} candidates x {cv.n_splits} origins in "
          f"{time.perf_counter() - start:.0f} s; best cv {label} "
          f"{-search.best_score_:.{digits}f}: {search.best_params_}", flush=True)
    return {**params, **search.best_params_}


def repeat_last(train, future, period):
    """The last ``period`` values of the Series ``train`` repeated over ``future``'s
    index (``period=1``: the naive forecast)."""
    return pd.Series(np.resize(train.to_numpy()[-period:], len(future)), index=future.index)
