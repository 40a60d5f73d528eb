"""Airline passengers: forecast the last three years, 1958-1960, from 1949-1957.
=============================================================================

The data: monthly totals of international airline passengers (thousands), January 1949
to December 1960, 144 months (`skrnn.datasets.load_airline`). The last 36 months are held
out, as in sktime's forecasting tutorial, whose published MAPEs on this split are printed
next to ours:

    seasonal naive .132; Holt-Winters additive .0511; ARIMA(1,1,0)(0,1,0)12 .0436;
    AutoARIMA .0415

Run: ``python examples/forecast_airline.py``. Options:

* ``--tune``: re-run the grid search that chose ``PARAMS``: `GridSearchCV` over cell x
  hidden_size x strategy x differences, with `TimeSeriesSplit` (3 folds of 12 months) on
  the 1949-1957 part only, scored by MAPE. The test years are never seen by it.
* ``--seeds N``: refit with random_state 0..N-1 and print the spread of the test MAPE.
* ``--plot FILE``: save a plot of history, forecast and truth (needs matplotlib:
  ``pip install "skrnn[plot]"``).

The grid search is plain scikit-learn on a pandas Series: the forecaster's ``X`` is the
series itself, so `TimeSeriesSplit` cuts it into past and future blocks and each fold
scores the forecast of its block (`skrnn.metrics.forecast_scorers`).
"""
import argparse
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from skrnn.datasets import load_airline
from skrnn.metrics import forecast_scorers, mean_absolute_percentage_error

from _forecast_common import fit_model, forecaster  # examples/ is on sys.path

# Chosen by ``--tune`` (the best mean MAPE of GRID over 3 time-ordered folds of the
# training years, 0.0415): an LSTM that forecasts one month at a time and feeds its
# forecasts back ("recursive"), trained on year-over-year changes (``differences=(12,)``,
# ARIMA's seasonal D=1), which it continues additively. The rest is fixed: windows of two
# years, small minibatches (96 windows; "auto" would give one step per epoch).
PARAMS = dict(cell="lstm", hidden_size=16, strategy="recursive", differences=(12,),
              lookback=24, horizon=36, batch_size=16, learning_rate_init=3e-3,
              max_iter=300, random_state=0)
GRID = dict(cell=["gru", "lstm"], hidden_size=[16, 32], strategy=["recursive", "direct"],
            differences=[None, (1,), (12,)])
PUBLISHED = [("seasonal naive", 0.132), ("Holt-Winters additive", 0.0511),
             ("ARIMA(1,1,0)(0,1,0)12", 0.0436), ("AutoARIMA", 0.0415)]


def fit_forecast(params, train):
    model, seconds = fit_model(params, train)  # a fixed epoch budget: warnings muted
    return model, model.predict(), seconds  # the 36 months after the history


def tune(train):
    grid = GridSearchCV(forecaster(PARAMS), GRID,
                        cv=TimeSeriesSplit(n_splits=3, test_size=12),
                        scoring=forecast_scorers["neg_mean_absolute_percentage_error"],
                        n_jobs=2)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        grid.fit(train)
    results = pd.DataFrame(grid.cv_results_).sort_values("rank_test_score")
    print(f"grid search: {len(results)} candidates x 3 folds in "
          f"{time.perf_counter() - start:.0f} s (training years only)")
    for _, row in results.head(8).iterrows():
        print(f"  cv MAPE {-row.mean_test_score:.4f} +- {row.std_test_score:.4f}  "
              f"{row.params}")
    print(f"best: {grid.best_params_}")
    return grid.best_params_


def plot(path, train, test, forecast, mape):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print('--plot needs matplotlib: pip install "skrnn[plot]" (no plot saved)')
        return
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(train.index.to_timestamp(), train, color="0.3", label="history (fit)")
    ax.plot(test.index.to_timestamp(), test, color="0.3", ls=":", label="truth (held out)")
    ax.plot(forecast.index.to_timestamp(), forecast, color="C1",
            label=f"RNNForecaster (MAPE {mape:.3f})")
    ax.set_ylabel("passengers (thousands)")
    ax.set_title("Airline passengers: 36-month forecast")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"plot saved to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--seeds", type=int, default=0, metavar="N")
    parser.add_argument("--plot", metavar="FILE")
    args = parser.parse_args(argv)
    train, test = load_airline(split="train").data, load_airline(split="test").data
    params = dict(PARAMS, **tune(train)) if args.tune else PARAMS

    model, forecast, seconds = fit_forecast(params, train)
    assert forecast.index.equals(test.index)  # the future months, continued
    mape = mean_absolute_percentage_error(test, forecast)
    print("\nAirline passengers, last 36 months held out: MAPE (lower is better)")
    print(f"  {'RNNForecaster (this script)':<28} {mape:.4f}   fit {seconds:.1f} s")
    for name, value in PUBLISHED:
        print(f"  {name:<28} {value:.4f}   (published)")
    if args.seeds:
        scores = [mean_absolute_percentage_error(test, fit_forecast(
            dict(params, random_state=seed), train)[1]) for seed in range(args.seeds)]
        print(f"  seeds 0-{args.seeds - 1}: mean {np.mean(scores):.4f}, min "
              f"{np.min(scores):.4f}, max {np.max(scores):.4f}  "
              f"({', '.join(f'{s:.4f}' for s in scores)})")
    if args.plot:
        plot(args.plot, train, test, forecast, mape)
    return mape


if __name__ == "__main__":
    main()
