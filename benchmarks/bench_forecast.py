"""The forecasting panel: `RNNForecaster` at its defaults beside the naive, seasonal naive,
ETS and ARIMA forecasts of the same holdout, on every shipped forecasting set and a
synthetic panel of many short series.

For each set the last ``n_test`` steps of every series (the loader's ``split="test"``)
are forecast from what precedes them, by:

- **naive**: the last value repeated;
- **snaive**: the last season repeated, the period being the longest of the set's
  ``seasonal_periods`` that the training part holds twice (naive when there is none);
- **ETS**: statsmodels' ``ExponentialSmoothing`` (Holt-Winters), the model of least AICc
  on the training part among trend {none, additive, additive damped} x seasonal {none,
  additive, multiplicative (positive series only)}; one selection per series of a panel;
- **ARIMA**: statsmodels' ``ARIMA``, ``d`` in {0, 1} by a KPSS test (5%), then the
  least AIC over p, q <= 2 and a constant (drift) where the differencing allows it; a
  seasonal series is seasonally differenced and its seasonal part is (0,1,1) or (1,1,0),
  also chosen by AIC. Skipped for Taylor (3984 half-hours with a season of 336 steps:
  one seasonal ARIMA fit had not finished after 5 minutes here, and the search makes
  up to 36) and for any set in ``--no-arima``;
- **skrnn**: ``RNNForecaster(horizon=n_test, random_state=seed, **params)`` fitted on the
  training part with nothing else set (``--params`` overrides, to compare candidate
  defaults), ``predict()``; one global model over all series of a panel.

Errors are the MASE of `skrnn.metrics` (the forecast's MAE over the in-sample MAE of the
one-step naive forecast, ``sp=1``) and the MAPE, averaged over the series of a panel.
For skrnn, the mean, std, min and max of MASE over seeds, their spread (std / mean) and
the mean fit time; if the forecaster has ``predict_interval``, the empirical coverage of
its 80% interval on the held-out points and how its width grows with the step ahead
(mean width at the last step over the first, each series' width in its MASE scale, and
whether the mean width never shrinks from one step to the next).

Two modes:

- ``--mode test`` (default): the loaders' holdout. Report figures, never tune on them.
- ``--mode validation``: the test part is dropped and never loaded; the last ``n_test``
  steps of the training part are held out instead, so defaults can be chosen without
  looking at the test data. Same table.

statsmodels is a benchmark-only dependency (``pip install -e ".[bench]"``); skrnn never
imports it. Its warnings (convergence, frequency) are silenced; warnings raised while
fitting skrnn are counted and listed.

Run (from the repository root; one thread per library keeps timings comparable)::

    export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1
    python benchmarks/bench_forecast.py                       # every set, seeds 0-4, test
    python benchmarks/bench_forecast.py --mode validation --seeds 0 1
    python benchmarks/bench_forecast.py --series Airline Nile --params '{"cell": "gru"}'
    python benchmarks/bench_forecast.py --skip Taylor --json forecast_panel.json
"""
import argparse
import itertools
import json
import os
import platform
import sys
import time
import warnings

import numpy as np
import pandas as pd

import skrnn.datasets as ds
from skrnn import RNNForecaster
from skrnn.metrics import mean_absolute_percentage_error, mean_absolute_scaled_error

# name: loader in skrnn.datasets ("" for the synthetic panel, made here).
PANEL = {
    "Airline": "load_airline",
    "Sunspots": "load_sunspots",
    "Taylor": "load_taylor",
    "USLeisureEmployment": "load_us_leisure_employment",
    "ElecEquip": "load_elec_equip",
    "Nile": "load_nile",
    "USRealGDP": "load_us_real_gdp",
    "SyntheticPanel": "",
}
# Too long for a seasonal ARIMA search (see the module docstring).
NO_ARIMA = ("Taylor",)
# Fitted attributes of the forecaster worth recording when it has them ("auto" settings
# resolved at fit); read only, never set.
RESOLVED = ("lookback_", "differences_", "seasonal_period_", "n_iter_")
METHODS = ("naive", "snaive", "ets", "arima", "skrnn")


# --------------------------------------------------------------------------- data

def synthetic_panel(n_series=100, seed=0, n_test=6, end=2023):
    """Many short yearly series with shared dynamics: a damped local trend plus noise.

    Each series has 20 to 40 values ending in ``end``; its level starts between 50 and
    200 and its trend near +3 a year, damped by phi = 0.9 and perturbed every year,
    so that the series share one kind of dynamics but no two are alike. All values
    are positive (so MAPE is defined).
    """
    rng = np.random.default_rng(seed)
    pieces = []
    for k in range(n_series):
        length = int(rng.integers(20, 41))
        level, trend = rng.uniform(50, 200), rng.normal(3.0, 1.5)
        values = np.empty(length)
        for t in range(length):
            trend = 0.9 * trend + rng.normal(0.0, 0.3)
            level = level + trend + rng.normal(0.0, 2.0)
            values[t] = level + rng.normal(0.0, 3.0)
        values = np.maximum(values, 1.0)
        years = pd.period_range(end=str(end), periods=length, freq="Y")
        pieces.append(pd.Series(values, index=pd.MultiIndex.from_arrays(
            [np.repeat(f"S{k:03d}", length), years], names=["series", "year"])))
    y = pd.concat(pieces).rename("value")
    return y, n_test, []


def load(name, mode, synthetic_seed):
    """(training part, held-out part, n_test, seasonal periods) for one set.

    The parts are pandas Series as the loaders return them (a ``(series, time)``
    MultiIndex for a panel). In validation mode the loader's test part is never read.
    """
    if PANEL[name]:
        loader = getattr(ds, PANEL[name])
        train = loader(split="train")
        n_test, periods = train.n_test, list(train.seasonal_periods)
        if mode == "test":
            return train.data, loader(split="test").data, n_test, periods
        whole = train.data
    else:
        whole, n_test, periods = synthetic_panel(seed=synthetic_seed)
    if isinstance(whole.index, pd.MultiIndex):
        groups = whole.groupby(level=0, sort=False)
        fit = pd.concat([part.iloc[:-n_test] for _, part in groups])
        held = pd.concat([part.iloc[-n_test:] for _, part in groups])
    else:
        fit, held = whole.iloc[:-n_test], whole.iloc[-n_test:]
    return fit, held, n_test, periods


def per_series(y):
    """[(series id or None, Series indexed by time)] in stored order."""
    if isinstance(y.index, pd.MultiIndex):
        return [(sid, part.droplevel(0)) for sid, part in y.groupby(level=0, sort=False)]
    return [(None, y)]


def season_of(periods, n_train):
    """The longest seasonal period the training part holds at least twice (1: none)."""
    fitting = [p for p in periods if 2 * p <= n_train]
    return max(fitting) if fitting else 1


def scores(y_train, y_true, y_pred):
    """MASE (one-step naive scale, skrnn.metrics' convention) and MAPE of one series."""
    return (float(mean_absolute_scaled_error(y_true, y_pred, y_train=y_train, sp=1)),
            float(mean_absolute_percentage_error(y_true, y_pred)))


# ---------------------------------------------------------------------- baselines

def naive(y, h, m):
    """The last value (m = 1) or the last season (m > 1) repeated over h steps."""
    if m <= 1:
        return np.repeat(y[-1], h)
    return np.array([y[y.size - m + i % m] for i in range(h)])


def ets(y, h, m):
    """Holt-Winters by AICc; returns (forecast, chosen model as text)."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonals = [None] + (["add", "mul"] if m > 1 and y.min() > 0 else
                          ["add"] if m > 1 else [])
    # Estimating m initial seasonal states is slow for long seasons (Taylor's 336).
    init = "estimated" if m <= 24 else "heuristic"
    best = None
    for (trend, damped), seasonal in itertools.product(
            [(None, False), ("add", False), ("add", True)], seasonals):
        try:
            model = ExponentialSmoothing(
                y, trend=trend, damped_trend=damped, seasonal=seasonal,
                seasonal_periods=m if seasonal else None, initialization_method=init)
            fitted = model.fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        aicc = float(fitted.aicc)
        forecast = np.asarray(fitted.forecast(h), dtype=np.float64)
        if np.isfinite(aicc) and np.all(np.isfinite(forecast)) and (
                best is None or aicc < best[0]):
            name = (f"{'N' if trend is None else 'Ad' if damped else 'A'},"
                    f"{'N' if seasonal is None else seasonal[0].upper()}")
            best = (aicc, forecast, f"ETS({name})")
    if best is None:  # too short for any model's AICc: the naive forecast
        return naive(y, h, 1), "none (naive)"
    return best[1], best[2]


def _differences_needed(x):
    """1 if the KPSS test rejects level stationarity at 5%, else 0."""
    from statsmodels.tsa.stattools import kpss

    if x.size < 8:
        return 1
    return int(kpss(x, regression="c", nlags="auto")[1] < 0.05)


def arima(y, h, m):
    """ARIMA by KPSS then AIC; returns (forecast, chosen model as text)."""
    from statsmodels.tsa.arima.model import ARIMA

    D = 1 if m > 1 and y.size > 3 * m else 0
    x = y[m:] - y[:-m] if D else y
    d = _differences_needed(x)
    trends = {0: ["c", "n"], 1: ["t", "n"]}.get(d + D, ["n"])
    seasonal_orders = [(0, 1, 1, m), (1, 1, 0, m)] if D else [(0, 0, 0, 0)]
    best = None
    for p, q, trend, seasonal in itertools.product(range(3), range(3), trends,
                                                   seasonal_orders):
        try:
            fitted = ARIMA(y, order=(p, d, q), seasonal_order=seasonal,
                           trend=trend).fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        aic = float(fitted.aic)
        forecast = np.asarray(fitted.forecast(h), dtype=np.float64)
        if np.isfinite(aic) and np.all(np.isfinite(forecast)) and (
                best is None or aic < best[0]):
            text = f"ARIMA({p},{d},{q})"
            if D:
                text += f"({seasonal[0]},1,{seasonal[2]})[{m}]"
            text += {"c": " with constant", "t": " with drift", "n": ""}[trend]
            best = (aic, forecast, text)
    if best is None:
        return naive(y, h, 1), "none (naive)"
    return best[1], best[2]


def statistical(method, parts, held, n_test, m):
    """One statsmodels method over every series of a set: per-series scores, models."""
    rows = []
    start = time.perf_counter()
    for (sid, train), (_, test) in zip(parts, held):
        y = train.to_numpy(np.float64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # statsmodels' convergence and index warnings
            forecast, model = (ets if method == "ets" else arima)(y, n_test, m)
        mase, mape = scores(y, test.to_numpy(), forecast)
        rows.append(dict(series=sid, mase=mase, mape=mape, model=model))
    return rows, time.perf_counter() - start


# -------------------------------------------------------------------------- skrnn

def interval_stats(model, parts, held, n_test):
    """Coverage of the 80% interval on the held-out points and its width by step."""
    start = time.perf_counter()
    interval = model.predict_interval(coverage=0.8)
    elapsed = time.perf_counter() - start
    inside, widths = [], []
    for (sid, train), (_, test) in zip(parts, held):
        part = interval if sid is None else interval.xs(sid, level=0)
        part = part.loc[test.index]
        lower, upper = part["lower"].to_numpy(), part["upper"].to_numpy()
        truth = test.to_numpy()
        inside.append((truth >= lower) & (truth <= upper))
        scale = np.mean(np.abs(np.diff(train.to_numpy())))
        widths.append((upper - lower) / scale)
    width = np.mean(widths, axis=0)  # mean scaled width at each step ahead
    return dict(coverage=float(np.mean(np.concatenate(inside))),
                width_by_step=width.tolist(),
                width_growth=float(width[-1] / width[0]) if width[0] > 0 else None,
                width_never_shrinks=bool(np.all(np.diff(width) >= -1e-9 * width.max())),
                interval_s=elapsed)


def run_skrnn(fit_data, parts, held, n_test, seeds, params):
    """One global RNNForecaster per seed; per-seed scores, times, warnings, intervals."""
    runs = []
    for seed in seeds:
        model = RNNForecaster(horizon=n_test, random_state=seed, **params)
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                model.fit(fit_data)
                error = None
            except Exception as exc:  # recorded, so one failing set does not stop all
                error = f"{type(exc).__name__}: {exc}"
        fit_s = time.perf_counter() - start
        run = dict(seed=seed, fit_s=fit_s, error=error,
                   warnings=sorted({f"{w.category.__name__}: {w.message}" for w in caught}),
                   n_warnings=len(caught))
        if error is None:
            run["resolved"] = {a: _plain(getattr(model, a)) for a in RESOLVED
                               if hasattr(model, a)}
            forecast = model.predict()
            per = []
            for (sid, train), (_, test) in zip(parts, held):
                f = forecast if sid is None else forecast.xs(sid, level=0)
                mase, mape = scores(train.to_numpy(), test.to_numpy(),
                                    f.loc[test.index].to_numpy())
                per.append(dict(series=sid, mase=mase, mape=mape))
            run["per_series"] = per
            run["mase"] = float(np.mean([p["mase"] for p in per]))
            run["mape"] = float(np.mean([p["mape"] for p in per]))
            if hasattr(model, "predict_interval"):
                try:
                    run["interval"] = interval_stats(model, parts, held, n_test)
                except Exception as exc:
                    run["interval"] = dict(error=f"{type(exc).__name__}: {exc}")
        runs.append(run)
        print(f"    skrnn seed {seed}: "
              + (f"MASE {run['mase']:.3f}" if error is None else error)
              + f", fit {fit_s:.1f} s", flush=True)
    return runs


def _plain(value):
    """A fitted attribute as JSON: numbers, strings and lists of them."""
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (tuple, list, np.ndarray)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (int, float, str, type(None))) else str(value)


def summarise_skrnn(runs):
    ok = [r for r in runs if r["error"] is None]
    out = dict(n_failed=len(runs) - len(ok), fit_s=float(np.mean([r["fit_s"] for r in runs])))
    if not ok:
        return out
    mase = np.array([r["mase"] for r in ok])
    out.update(mase=float(mase.mean()), mase_std=float(mase.std()),
               mase_min=float(mase.min()), mase_max=float(mase.max()),
               spread=float(mase.std() / mase.mean()),
               mape=float(np.mean([r["mape"] for r in ok])),
               per_series_mase=np.mean([[p["mase"] for p in r["per_series"]] for r in ok],
                                       axis=0).tolist())
    intervals = [r["interval"] for r in ok if "coverage" in r.get("interval", {})]
    if intervals:
        out.update(coverage=float(np.mean([i["coverage"] for i in intervals])),
                   width_growth=float(np.mean([i["width_growth"] for i in intervals
                                               if i["width_growth"] is not None])),
                   width_never_shrinks=all(i["width_never_shrinks"] for i in intervals))
    return out


# ---------------------------------------------------------------------------- run

def run(name, args, statsmodels_ok):
    fit_data, held_data, n_test, periods = load(name, args.mode, args.synthetic_seed)
    parts, held = per_series(fit_data), per_series(held_data)
    m = season_of(periods, min(t.size for _, t in parts))
    record = dict(set=name, n_series=len(parts), horizon=n_test,
                  train_lengths=[int(t.size) for _, t in parts], season=m, methods={})
    print(f"{name}: {len(parts)} series, horizon {n_test}, season {m}", flush=True)
    for method in ("naive", "snaive"):
        start = time.perf_counter()
        rows = []
        for (sid, train), (_, test) in zip(parts, held):
            y = train.to_numpy(np.float64)
            mase, mape = scores(y, test.to_numpy(), naive(y, n_test, m if method ==
                                                          "snaive" else 1))
            rows.append(dict(series=sid, mase=mase, mape=mape))
        record["methods"][method] = _method_record(rows, time.perf_counter() - start)
    for method in ("ets", "arima"):
        if not statsmodels_ok:
            record["methods"][method] = dict(skipped="statsmodels is not installed")
        elif method == "arima" and name in args.no_arima:
            record["methods"][method] = dict(skipped="too long for the ARIMA search")
        else:
            rows, elapsed = statistical(method, parts, held, n_test, m)
            record["methods"][method] = _method_record(rows, elapsed)
            print(f"    {method}: MASE {record['methods'][method]['mase']:.3f}, "
                  f"{elapsed:.1f} s", flush=True)
    runs = run_skrnn(fit_data, parts, held, n_test, args.seeds, args.params)
    record["methods"]["skrnn"] = dict(summarise_skrnn(runs), runs=runs)
    return record


def _method_record(rows, elapsed):
    return dict(mase=float(np.mean([r["mase"] for r in rows])),
                mape=float(np.mean([r["mape"] for r in rows])), fit_s=elapsed,
                per_series=rows)


def _cell(method_record, width=13):
    if "mase" not in method_record:
        return f"{'-':>{width}s}"
    return f"{method_record['mase']:6.3f} {method_record['mape']:6.3f}"


def _models(rows, shown=5):
    """The chosen models of a method: one, or counts over a panel's series (the
    ``shown`` most frequent; the JSON has every series' model)."""
    counts = pd.Series([r["model"] for r in rows]).value_counts()
    if len(rows) == 1:
        return counts.index[0]
    text = ", ".join(f"{k} x{v}" for k, v in counts.iloc[:shown].items())
    rest = counts.iloc[shown:]
    return text + (f", {len(rest)} more model(s) on {rest.sum()} series" if len(rest)
                   else "")


def print_tables(records):
    top = (f"{'':34s}" + "  ".join(f"{m:^13s}" for m in METHODS)
           + f"  {'fit seconds':^22s}")
    head = (f"{'set':20s} {'n':>3s} {'h':>3s} {'m':>3s}  "
            + "  ".join(f"{'MASE':>6s} {'MAPE':>6s}" for _ in METHODS)
            + f"  {'ETS':>6s} {'ARIMA':>7s} {'skrnn':>7s}")
    print("\n" + top + "\n" + head + "\n" + "-" * len(head))
    for r in records:
        ms = r["methods"]
        times = [ms[k].get("fit_s") for k in ("ets", "arima", "skrnn")]
        print(f"{r['set']:20s} {r['n_series']:3d} {r['horizon']:3d} {r['season']:3d}  "
              + "  ".join(_cell(ms[k]) for k in METHODS) + "  "
              + " ".join(f"{t:{w}.1f}" if t is not None and "mase" in ms[k] else
                         f"{'-':>{w}s}" for t, w, k in zip(times, (6, 7, 7),
                                                            ("ets", "arima", "skrnn"))))
    head = (f"{'set':20s} {'MASE mean':>9s} {'std':>6s} {'min':>6s} {'max':>6s} "
            f"{'spread':>6s} {'fit s':>6s} {'cov80':>6s} {'width h/1':>9s} "
            f"{'widens':>6s} {'warn':>4s} {'failed':>6s}")
    print("\nskrnn over seeds\n" + head + "\n" + "-" * len(head))
    for r in records:
        s = r["methods"]["skrnn"]
        n_warn = sum(run["n_warnings"] for run in s["runs"])
        if "mase" not in s:
            print(f"{r['set']:20s} {'failed':>9s}{'':36s}{s['fit_s']:6.1f}"
                  f"{'':27s} {n_warn:4d} {s['n_failed']:6d}")
            continue
        cov = f"{s['coverage']:6.3f}" if "coverage" in s else f"{'-':>6s}"
        growth = f"{s['width_growth']:9.2f}" if "width_growth" in s else f"{'-':>9s}"
        widens = (("yes" if s["width_never_shrinks"] else "no")
                  if "width_never_shrinks" in s else "-")
        print(f"{r['set']:20s} {s['mase']:9.3f} {s['mase_std']:6.3f} {s['mase_min']:6.3f} "
              f"{s['mase_max']:6.3f} {s['spread']:6.3f} {s['fit_s']:6.1f} {cov} {growth} "
              f"{widens:>6s} {n_warn:4d} {s['n_failed']:6d}")
    print("\nmodels chosen")
    for r in records:
        for k in ("ets", "arima"):
            ms = r["methods"][k]
            print(f"  {r['set']:20s} {k:6s} "
                  + (_models(ms["per_series"]) if "per_series" in ms else
                     f"skipped: {ms['skipped']}"))
    warned = {w for r in records for run in r["methods"]["skrnn"]["runs"]
              for w in run["warnings"] + ([run["error"]] if run["error"] else [])}
    if warned:
        print("\nskrnn warnings and errors:\n" + "\n".join(f"  {w}" for w in sorted(warned)))


def summary(records):
    """On how many sets, and individual series, skrnn's mean MASE beats a method's."""
    out = {}
    for rival in ("snaive", "ets", "arima"):
        sets = [r for r in records if "mase" in r["methods"]["skrnn"]
                and "mase" in r["methods"][rival]]
        wins = sum(r["methods"]["skrnn"]["mase"] < r["methods"][rival]["mase"] for r in sets)
        series_wins = series_total = 0
        for r in sets:
            mine = r["methods"]["skrnn"]["per_series_mase"]
            theirs = [p["mase"] for p in r["methods"][rival]["per_series"]]
            series_wins += sum(a < b for a, b in zip(mine, theirs))
            series_total += len(mine)
        out[rival] = dict(sets_won=int(wins), sets=len(sets), series_won=int(series_wins),
                          series=series_total)
    text = "; ".join(f"{rival} on {v['sets_won']} of {v['sets']} sets "
                     f"({v['series_won']} of {v['series']} series)"
                     for rival, v in out.items())
    print(f"\nskrnn (mean MASE over seeds) beats {text}")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--series", nargs="+", default=list(PANEL), choices=list(PANEL),
                        help="the sets to run (default: all)")
    parser.add_argument("--skip", nargs="+", default=[], choices=list(PANEL),
                        help="sets to leave out, e.g. Taylor (the longest)")
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--mode", choices=["test", "validation"], default="test")
    parser.add_argument("--params", type=json.loads, default={},
                        help="JSON of RNNForecaster parameters to override, e.g. "
                             "'{\"cell\": \"gru\"}'")
    parser.add_argument("--no-arima", nargs="*", default=list(NO_ARIMA), choices=list(PANEL),
                        help="sets without the ARIMA search (default: Taylor)")
    parser.add_argument("--synthetic-seed", type=int, default=0,
                        help="seed of the synthetic panel's series")
    parser.add_argument("--json", help="write every number to this file")
    args = parser.parse_args(argv)
    if "horizon" in args.params or "random_state" in args.params:
        parser.error("--params must not set horizon or random_state: the panel sets them")
    try:
        import statsmodels
        statsmodels_ok, sm_version = True, statsmodels.__version__
    except ImportError:
        statsmodels_ok, sm_version = False, None
    names = [n for n in args.series if n not in args.skip
             and (not PANEL[n] or hasattr(ds, PANEL[n]))]
    missing = [n for n in args.series if PANEL[n] and not hasattr(ds, PANEL[n])]
    print(f"skrnn forecasting panel: mode={args.mode}, seeds={args.seeds}, "
          f"params={args.params or 'defaults'}; python {platform.python_version()}, "
          f"statsmodels {sm_version or 'not installed (pip install -e .[bench])'}, "
          f"threads OMP={os.environ.get('OMP_NUM_THREADS', 'unset')} "
          f"NUMBA={os.environ.get('NUMBA_NUM_THREADS', 'unset')}", flush=True)
    if missing:
        print(f"(not shipped in this installation: {', '.join(missing)})")
    records = [run(name, args, statsmodels_ok) for name in names]
    print_tables(records)
    wins = summary(records)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(argv=sys.argv[1:], mode=args.mode, seeds=args.seeds,
                           params=args.params, statsmodels=sm_version,
                           records=records, summary=wins), f, indent=1)
        print(f"wrote {len(records)} records to {args.json}")


if __name__ == "__main__":
    main()
