"""Sunspots: forecasting the yearly sunspot number six years ahead.
================================================================

The data: the yearly mean sunspot number 1700..2008 (`skrnn.datasets.load_sunspots`), 309
values dominated by the solar cycle of about 11 years, whose length (9 to 14 years) and
amplitude vary. The loader's split holds out the last 6 years (2003..2008, the M4
horizon for yearly data), the descent into the 2008 solar minimum. The series is 0 in
1711, 1712 and 1810, so percentage errors are undefined or meaningless here: the metric is
the mean absolute error (MAE) over the 6 years, in sunspot numbers.

Run: ``python examples/forecast_sunspots.py`` (a few seconds). Options: ``--tune`` re-runs
the search on the train split that chose ``PARAMS`` (``GridSearchCV`` with a
``TimeSeriesSplit``: 6-year forecasts from the last 5 origins of the train split, never
the test split); ``--seeds 5`` repeats the fit with five random states.

Reference test MAE (computed by this script, the same as the loader's DESCR): naive (the
2002 value repeated) 77.42; the value 11 years earlier (one mean solar cycle) 11.15.
Six test years are few: one forecast is one draw of a noisy quantity, so compare with
the spread over ``--seeds`` and with the validation scores printed by ``--tune``.
"""
import argparse
import sys

import numpy as np
from sklearn.model_selection import TimeSeriesSplit

from skrnn.datasets import load_sunspots
from skrnn.metrics import mean_absolute_error

from _forecast_common import fit_forecast, repeat_last, search  # examples/ on sys.path

HORIZON = 6  # the loader's holdout, years
CYCLE = 11   # the mean solar cycle, years

# Chosen on the train split only, by ``--tune``: GridSearchCV with
# TimeSeriesSplit(n_splits=5, test_size=6), i.e. 6-year forecasts from the origins 1972,
# 1978, 1984, 1990 and 1996, scored by MAE. GRID is searched in stages from BASE; each
# stage keeps the best candidate of the one before. tol=0 and a large n_iter_no_change
# train exactly max_iter epochs.
BASE = dict(
    strategy="recursive", differences=None, scaling="series", lookback=33,
    cell="gru", hidden_size=32, learning_rate_init=3e-3, batch_size=16, max_iter=100,
    tol=0.0, n_iter_no_change=1000, alpha=1e-4, clip_norm=1.0,
    random_state=0, n_jobs=1, dtype="float32",
)
GRID = [
    # 1. forecast strategy and context length
    [dict(strategy=["recursive"], lookback=[22, 33, 55]),
     dict(strategy=["direct"], horizon=[HORIZON], lookback=[22, 33, 55])],
    # 2. capacity and training length
    dict(hidden_size=[16, 32, 64], max_iter=[50, 100, 200]),
]
PARAMS = dict(BASE, lookback=55)
REFERENCE = "naive MAE 77.42; value 11 years earlier 11.15"


def load():
    """The train (1700..2002) and test (2003..2008) parts, pandas Series by year."""
    return load_sunspots(split="train").data, load_sunspots(split="test").data


def tune(train, stages=None, params=None):
    """Search GRID in stages on the train split: 5 origins, 6 years each."""
    cv = TimeSeriesSplit(n_splits=5, test_size=HORIZON)
    for name, period in (("naive", 1), (f"value {CYCLE} years earlier", CYCLE)):
        errors = [mean_absolute_error(train.iloc[val],
                                      repeat_last(train.iloc[fit], train.iloc[val], period))
                  for fit, val in cv.split(train)]
        print(f"  {name} at the same origins: cv MAE {np.mean(errors):.2f} "
              f"+- {np.std(errors):.2f}")
    params = dict(BASE if params is None else params)
    for number, grid in enumerate(GRID if stages is None else stages, 1):
        print(f"stage {number}:")
        params = search(train, params, grid, cv, "neg_mean_absolute_error", "MAE", 2)
    print(f"chosen: {params}")
    return params


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--tune", action="store_true",
                        help="search GRID on the train split (the test split is not read)")
    parser.add_argument("--seeds", type=int, default=0, metavar="N",
                        help="repeat the fit with random_state 0..N-1")
    parser.add_argument("--quiet", action="store_true", help="print the result line only")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.tune:
        tune(load()[0])
        return None

    train, test = load()
    forecast, seconds = fit_forecast(PARAMS, train, test)
    rows = [("RNNForecaster", forecast, f"{seconds:.1f}"),
            ("naive (2002 repeated)", repeat_last(train, test, 1), "-"),
            (f"value {CYCLE} years earlier", repeat_last(train, test, CYCLE), "-")]
    score = mean_absolute_error(test, forecast)
    result = dict(dataset="Sunspots", metric="MAE", score=float(score),
                  fit_seconds=seconds, published=REFERENCE, params=PARAMS)
    if not args.quiet:
        print("6-year forecasts, 2003..2008 (sunspot number):\n")
        print("| model | MAE | " + " | ".join(str(p) for p in test.index) + " | fit (s) |")
        print("|---|---|" + "---|" * len(test) + "---|")
        print("| observed | - | " + " | ".join(f"{v:.1f}" for v in test) + " | - |")
        for name, pred, fit_time in rows:
            print(f"| {name} | {mean_absolute_error(test, pred):.2f} | "
                  + " | ".join(f"{v:.1f}" for v in pred) + f" | {fit_time} |")
        print()
    print(f"Sunspots: test MAE {score:.2f}, fit {seconds:.1f} s (reference: {REFERENCE})",
          flush=True)
    if args.seeds:
        scores = []
        for seed in range(args.seeds):
            pred, t = fit_forecast({**PARAMS, "random_state": seed}, train, test)
            scores.append(float(mean_absolute_error(test, pred)))
            if not args.quiet:
                print(f"  random_state={seed}: test MAE {scores[-1]:.2f}, fit {t:.1f} s",
                      flush=True)
        result.update(seed_scores=scores, seed_mean=float(np.mean(scores)),
                      seed_min=float(np.min(scores)), seed_max=float(np.max(scores)))
        print(f"  over {args.seeds} seeds: MAE mean {np.mean(scores):.2f}, "
              f"min {np.min(scores):.2f}, max {np.max(scores):.2f}", flush=True)
    return result


if __name__ == "__main__":
    main()
