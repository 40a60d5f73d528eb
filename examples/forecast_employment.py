"""US leisure employment: one global RNN forecasting eight related monthly series.
===============================================================================

The data: monthly US employment (thousands, not seasonally adjusted) in leisure and
hospitality and its seven component industries, 1939/1972/1990 to 2019-09
(`skrnn.datasets.load_us_leisure_employment`): a panel of 8 series of different lengths
and starts, with a strong summer peak. The loader's split holds out the last 18 months of
every series (2018-04..2019-09, the M4 horizon for monthly data); ONE `RNNForecaster` is
fitted on the training part of all eight series and forecasts those 18 months.

Run: ``python examples/forecast_employment.py`` (about 15 s). Options: ``--tune`` re-runs
the search on the train split that chose ``PARAMS`` (``GridSearchCV`` with a
``TimeSeriesSplit``: the forecasts of the last 3 x 18 months of the train split, never
the test split); ``--seeds 5`` repeats the fit with five random states.

Reference (computed on the holdout by this script, the same as the loader's DESCR):
seasonal naive (the same month a year earlier) MAPE .0282, MASE 1.45; naive (the last
value) MAPE .0749, MASE 3.81. MASE is scaled, per series, by the in-sample error of the
seasonal naive forecast (sp=12), as in the M4 competition.
"""
import argparse
import sys

import numpy as np
import pandas as pd
from sklearn.model_selection import TimeSeriesSplit

from skrnn.datasets import load_us_leisure_employment
from skrnn.metrics import (mean_absolute_percentage_error,
                           mean_absolute_scaled_error,
                           symmetric_mean_absolute_percentage_error)

from _forecast_common import fit_forecast, search  # examples/ is on sys.path

HORIZON = 18  # the loader's holdout, months
SEASON = 12

# Chosen on the train split only, by ``--tune``: GridSearchCV with
# TimeSeriesSplit(n_splits=3, test_size=18 months x 8 series) on the train rows sorted by
# month, i.e. 18-month forecasts from the origins 2013-09, 2015-03 and 2016-09, scored by
# MASE (scaled by each series' one-step naive error, as `RNNForecaster.score`). GRID is
# searched in stages from BASE; each stage keeps the best candidate of the one before.
# Fixed epoch budget: tol=0 and a large n_iter_no_change train exactly max_iter epochs.
BASE = dict(
    strategy="recursive", differences=None, scaling="series", lookback=36,
    calendar_features=False, cell="gru", hidden_size=32, learning_rate_init=3e-3,
    batch_size=32, max_iter=50, tol=0.0, n_iter_no_change=1000, alpha=1e-4,
    clip_norm=1.0, random_state=0, n_jobs=2, dtype="float32",
)
GRID = [
    # 1. how the series are presented and forecast (12 candidates)
    [dict(strategy=["recursive"], differences=[None, (1,), (12,)],
          scaling=["series", "window"]),
     dict(strategy=["direct"], horizon=[HORIZON], differences=[None, (1,), (12,)],
          scaling=["series", "window"])],
    # 2. context: how many months a window shows, and calendar (month) features
    dict(lookback=[24, 36, 60], calendar_features=[False, True]),
    # 3. capacity and training length
    dict(hidden_size=[16, 32, 64], max_iter=[25, 50, 100]),
]
PARAMS = dict(BASE, strategy="recursive", differences=(1,), scaling="window",
              lookback=24, calendar_features=True)
REFERENCE = "seasonal naive MASE 1.45, MAPE .0282; naive MASE 3.81, MAPE .0749"


def load():
    """The train and test parts, pandas Series with a (series, month) MultiIndex."""
    train = load_us_leisure_employment(split="train").data
    test = load_us_leisure_employment(split="test").data
    return train, test


def repeat_last(train, test, period):
    """Seasonal naive forecast of ``test``'s rows: each series' last ``period`` values
    repeated (``period=1``: the naive forecast, the last value)."""
    parts = {}
    for name, future in test.groupby(level=0, sort=False):
        last = train[name].to_numpy()[-period:]
        parts[name] = np.resize(last, len(future))
    return pd.Series(np.concatenate(list(parts.values())), index=test.index)


def errors(train, test, forecast):
    """Per-series MASE (sp=12), sMAPE and MAPE, as a DataFrame indexed by series."""
    rows = {}
    for name in test.index.unique(level=0):
        truth, pred = test[name].to_numpy(), forecast[name].to_numpy()
        rows[name] = dict(
            MASE=mean_absolute_scaled_error(truth, pred, y_train=train[name], sp=SEASON),
            sMAPE=symmetric_mean_absolute_percentage_error(truth, pred),
            MAPE=mean_absolute_percentage_error(truth, pred))
    return pd.DataFrame.from_dict(rows, orient="index")


def tune(train, stages=None, params=None):
    """Search GRID in stages on the train split: 3 origins, 18 months of 8 series each."""
    rows = train.sort_index(level=1)  # by month, so each test block follows in time
    n_series = train.index.unique(level=0).size
    cv = TimeSeriesSplit(n_splits=3, test_size=HORIZON * n_series)
    # the bar to clear at the same origins: seasonal naive, scored alike
    base = []
    for fit_rows, val_rows in cv.split(rows):
        past, future = rows.iloc[fit_rows].sort_index(), rows.iloc[val_rows].sort_index()
        pred = repeat_last(past, future, SEASON)
        scale = past.groupby(level=0).apply(lambda s: np.abs(np.diff(s)).mean())
        names = future.index.get_level_values(0)
        base.append(float((np.abs(future - pred) / scale.loc[names].to_numpy()).mean()))
    print(f"  seasonal naive at the same origins: cv MASE {np.mean(base):.3f}")
    params = dict(BASE if params is None else params)
    for number, grid in enumerate(GRID if stages is None else stages, 1):
        print(f"stage {number}:")
        params = search(rows, params, grid, cv, "neg_mean_absolute_scaled_error", "MASE")
    print(f"chosen: {params}")
    return params


def table(rows, columns):
    """A markdown table from a list of row tuples."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


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
    models = {"RNNForecaster": errors(train, test, forecast),
              "seasonal naive": errors(train, test, repeat_last(train, test, SEASON)),
              "naive": errors(train, test, repeat_last(train, test, 1))}
    overall = {name: e.mean() for name, e in models.items()}
    result = dict(dataset="USLeisureEmployment", metric="MASE",
                  score=float(overall["RNNForecaster"]["MASE"]), fit_seconds=seconds,
                  published=REFERENCE, params=PARAMS,
                  extra={k: float(v) for k, v in overall["RNNForecaster"].items()})
    if not args.quiet:
        print("Per series, 18-month forecasts (2018-04..2019-09):\n")
        metrics, digits = ("MASE", "sMAPE", "MAPE"), dict(MASE=3, sMAPE=4, MAPE=4)
        rows = [[series] + [f"{models[m].loc[series, metric]:.{digits[metric]}f}"
                            for metric in metrics for m in models]
                for series in test.index.unique(level=0)]
        print(table(rows, ["series"] + [f"{metric} {m}" for metric in metrics
                                        for m in ("RNN", "sNaive", "naive")]))
        print("\nMean over the 8 series:\n")
        print(table([[m, f"{o['MASE']:.3f}", f"{o['sMAPE']:.4f}", f"{o['MAPE']:.4f}",
                      f"{seconds:.1f}" if m == "RNNForecaster" else "-"]
                     for m, o in overall.items()],
                    ["model", "MASE", "sMAPE", "MAPE", "fit (s)"]))
        print()
    print(f"USLeisureEmployment: test MASE {result['score']:.3f} (sMAPE "
          f"{result['extra']['sMAPE']:.4f}, MAPE {result['extra']['MAPE']:.4f}), fit "
          f"{seconds:.1f} s (reference: {REFERENCE})", flush=True)
    if args.seeds:
        scores, times = [], []
        for seed in range(args.seeds):
            pred, t = fit_forecast({**PARAMS, "random_state": seed}, train, test)
            e = errors(train, test, pred).mean()
            scores.append(float(e["MASE"]))
            times.append(t)
            if not args.quiet:
                print(f"  random_state={seed}: test MASE {e['MASE']:.3f}, sMAPE "
                      f"{e['sMAPE']:.4f}, MAPE {e['MAPE']:.4f}, fit {t:.1f} s", flush=True)
        result.update(seed_scores=scores, seed_mean=float(np.mean(scores)),
                      seed_min=float(np.min(scores)), seed_max=float(np.max(scores)))
        print(f"  over {args.seeds} seeds: MASE mean {np.mean(scores):.3f}, "
              f"min {np.min(scores):.3f}, max {np.max(scores):.3f}", flush=True)
    return result


if __name__ == "__main__":
    main()
