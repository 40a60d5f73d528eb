"""Shared plumbing of the real-data examples: command line, the model, tuning, printing.

Not an example itself. Each ``classify_*.py`` / ``regress_*.py`` script names its data
set and estimator, and calls `main` here, which

* without options: fits `sequence_model` with the script's ``PARAMS`` (the library's
  defaults: only ``random_state`` is set) on the official TRAIN split, scores it on the
  official TEST split and prints one result line;
* with ``--tune``: runs the script's ``GRID`` (by default `GRID` here: the preprocessing
  of `skrnn.preprocessing` in a few forms, on top of the library's defaults) through a
  cross-validated search on the TRAIN split only (the test split is never loaded) and
  prints every candidate's mean cross-validation score;
* with ``--seeds N``: repeats the default run with ``random_state`` 0..N-1 and prints the
  mean and spread of the test score, to show how much of a figure is luck of the seed;
* with ``--tune --defaults``: cross-validates the default run alone (each repeat with
  another ``random_state``) instead of searching GRID. ``--set KEY=VALUE`` overrides one
  parameter (repeatable), of the estimator or of the preprocessing, e.g.
  ``--set hidden_size=64`` or ``--set window=4``.

Every script's default run is the same pipeline, ``make_pipeline(SequenceScaler(),
Estimator(random_state=0))``: the accuracy panel's first try (``benchmarks/
bench_accuracy.py``). The per-set hyperparameters and preprocessing the scripts used to
carry were tuned under older defaults; cross-validation on the train splits of the
panel found no preprocessing that helps the current defaults on average (see
`PREPROCESSING`), so none is applied by default.
"""
import argparse
import ast
import time
import warnings
from itertools import product

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss, root_mean_squared_error
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline

from skrnn.preprocessing import SequenceDifferencer, SequenceScaler, WindowAggregator

# The preprocessing of every default run: none. ``window`` > 1 or other ``statistics``
# insert a WindowAggregator, ``deltas`` >= 1 a SequenceDifferencer(order=deltas) before
# it; either is followed by a second SequenceScaler, which standardises the new channels.
# Measured with the library's defaults by `python benchmarks/bench_accuracy.py --mode cv
# --seeds 0 1 --pre ...` (3-fold CV inside each train split, two seeds): mean CV accuracy
# over ItalyPowerDemand, GunPoint, BasicMotions and JapaneseVowels .945 with none, .940
# with window 4 + mean and log std, .928 with first differences, .898 with window-4 means;
# Coffee and PigCVP were best with none too, Covid3Month's RMSE (.0403) as well.
PREPROCESSING = dict(window=1, statistics=("mean",), deltas=0)

# What ``--tune`` searches by default: the default run first, then differences, windows
# of 4 steps, and the window's log standard deviation beside its mean.
GRID = [dict(window=[1], deltas=[0, 1]),
        dict(window=[4], statistics=[("mean",), ("mean", "log_std")], deltas=[0, 1])]


def sequence_model(params, Estimator, before=()):
    """``make_pipeline(*before, SequenceScaler(), [preprocessing], Estimator(**rest))``.

    ``params`` holds the estimator's parameters and, optionally, the preprocessing's
    keys of `PREPROCESSING` (``window``, ``statistics``, ``deltas``); ``before`` are
    steps that come first (e.g. a log transform of counts).
    """
    params = {**PREPROCESSING, **params}
    window, statistics = params.pop("window"), tuple(params.pop("statistics"))
    deltas = params.pop("deltas")
    steps = [*before, SequenceScaler()]  # each channel standardised on the train split
    if deltas:
        steps.append(SequenceDifferencer(order=deltas))
    if window > 1 or statistics != ("mean",):
        steps.append(WindowAggregator(window=window, statistics=statistics))
    if deltas or window > 1 or statistics != ("mean",):
        steps.append(SequenceScaler())  # the new channels standardised too
    return make_pipeline(*steps, Estimator(**params))


def _parse(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--tune", action="store_true",
                        help="grid-search GRID by cross-validation on the train split")
    parser.add_argument("--seeds", type=int, default=0, metavar="N",
                        help="repeat the fit with random_state 0..N-1")
    parser.add_argument("--repeats", type=int, default=None, metavar="R",
                        help="with --tune: repeat the k-fold split R times (default: the "
                             "script's)")
    parser.add_argument("--quiet", action="store_true", help="print the result line only")
    parser.add_argument("--defaults", action="store_true",
                        help="with --tune: cross-validate the default run alone instead "
                             "of GRID (the default run already uses the library's "
                             "defaults)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override one parameter, e.g. batch_size=32 (repeatable)")
    return parser.parse_args(argv)


def _overrides(pairs):
    out = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            out[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            out[key] = value  # a plain string such as gru
    return out


def fit_and_score(make_model, params, load, task):
    """Fit on the train split, score on the test split; return (score, fit seconds,
    fitted model)."""
    X_train, y_train = load(split="train", return_X_y=True)
    X_test, y_test = load(split="test", return_X_y=True)
    model = make_model(params)
    with warnings.catch_warnings():
        # a fit that reaches max_iter before the stopping rule is still a result, so
        # the ConvergenceWarning is noise here
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X_train, y_train)
        seconds = time.perf_counter() - start
    y_pred = model.predict(X_test)
    if task == "classification":
        score = accuracy_score(y_test, y_pred)
    else:
        score = root_mean_squared_error(y_test, y_pred)
    return score, seconds, model


def _candidates(grid):
    """Every combination of a dict of lists, or of each dict of a list of them (as
    scikit-learn's ``param_grid``), without repeats."""
    seen = []
    for sub in (grid if isinstance(grid, list) else [grid]):
        keys = list(sub)
        for values in product(*(sub[k] for k in keys)):
            changes = dict(zip(keys, values))
            if changes not in seen:
                seen.append(changes)
    return seen


def _grid_size(grid):
    return len(_candidates(grid))


def tune(make_model, params, grid, load, task, n_splits=5, n_repeats=1,
         seed_per_repeat=False, tie_break="order"):
    """Cross-validated grid search on the TRAIN split only.

    Each candidate is ``params`` updated with one combination of ``grid`` (a dict of
    lists, or a list of such dicts); it is fitted on k-1 folds and scored on the last,
    for every fold of ``n_repeats`` shuffled k-fold splits (stratified for
    classification). Prints the mean and standard deviation over folds of each, and the
    best mean. Ties go to the first candidate in ``grid`` order, or with
    ``tie_break="log_loss"`` (classification) to the lowest mean log-loss on the
    held-out folds.

    With ``seed_per_repeat=True`` the model's ``random_state`` is ``params``'s plus the
    repeat's number, so that the score also averages over initialisations and shuffles,
    not only over splits (otherwise every fit uses ``params``'s ``random_state``).
    """
    X, y = load(split="train", return_X_y=True)
    X = np.asarray(X, dtype=object) if isinstance(X, list) else X  # indexable by CV
    if task == "classification":
        metric, splitter = "accuracy", StratifiedKFold
    else:
        metric, splitter = "RMSE", KFold
    rows, losses = [], []
    start = time.perf_counter()
    if task == "regression":  # the bar to clear: predict the mean of the training folds
        base = [root_mean_squared_error(y[val], np.full(len(val), y[train].mean()))
                for repeat in range(n_repeats)
                for train, val in splitter(n_splits=n_splits, shuffle=True,
                                           random_state=repeat).split(np.zeros(len(y)))]
        print(f"  cv RMSE {np.mean(base):.4f} +- {np.std(base):.4f}  (train-fold mean)")
    for changes in _candidates(grid):
        candidate = {**params, **changes}
        scores, fold_losses = [], []
        for repeat in range(n_repeats):
            cv = splitter(n_splits=n_splits, shuffle=True, random_state=repeat)
            if seed_per_repeat:
                candidate["random_state"] = params["random_state"] + repeat
            for train, val in cv.split(np.zeros(len(y)), y):
                model = make_model(candidate)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    model.fit(_take(X, train), y[train])
                if task == "classification":
                    proba = model.predict_proba(_take(X, val))
                    scores.append(accuracy_score(
                        y[val], model.classes_[np.argmax(proba, axis=1)]))
                    fold_losses.append(log_loss(y[val], proba, labels=model.classes_))
                else:
                    scores.append(root_mean_squared_error(y[val],
                                                          model.predict(_take(X, val))))
        rows.append((float(np.mean(scores)), float(np.std(scores)), changes))
        losses.append(float(np.mean(fold_losses)) if fold_losses else np.nan)
        extra = f"  log-loss {losses[-1]:.4f}" if fold_losses else ""
        print(f"  cv {metric} {rows[-1][0]:.4f} +- {rows[-1][1]:.4f}{extra}  "
              f"{rows[-1][2]}", flush=True)
    if task == "classification":
        top = max(r[0] for r in rows)
        # equal up to rounding: the same number of errors can give means differing in
        # the last bits when the errors fall in different folds
        tied = [i for i, r in enumerate(rows) if r[0] >= top - 1e-9]
        best = rows[min(tied, key=lambda i: losses[i]) if tie_break == "log_loss"
                    else tied[0]]
    else:
        best = min(rows, key=lambda r: r[0])
    print(f"{len(rows)} candidates x {n_splits * n_repeats} folds in "
          f"{time.perf_counter() - start:.0f} s; best cv {metric} {best[0]:.4f}: {best[2]}")
    return rows


def _take(X, idx):
    if isinstance(X, np.ndarray) and X.dtype == object:
        return list(X[idx])
    return X[idx]


def main(argv, *, name, task, load, make_model, params, published, grid=GRID,
         n_splits=5, n_repeats=1, seed_per_repeat=False, tie_break="order"):
    """Entry point of every example script; returns a dict with the measured result.

    ``n_splits``, ``n_repeats``, ``seed_per_repeat`` and ``tie_break`` are `tune`'s."""
    args = _parse(argv)
    metric = "accuracy" if task == "classification" else "RMSE"
    if args.defaults:
        grid, seed_per_repeat = [{}], True
    params = {**params, **_overrides(args.set)}
    if args.set:
        print(f"{name}: parameters {params}")
    if args.tune:
        n_repeats = args.repeats or n_repeats
        print(f"{name}: {_grid_size(grid)} candidates, {n_splits}-fold CV x {n_repeats} "
              f"on the train split (the test split is not loaded)")
        tune(make_model, params, grid, load, task, n_splits, n_repeats, seed_per_repeat,
             tie_break)
        return None
    score, seconds, model = fit_and_score(make_model, params, load, task)
    result = dict(dataset=name, metric=metric, score=score, fit_seconds=seconds,
                  published=published, params=params)
    print(f"{name}: test {metric} {score:.4f}, fit {seconds:.1f} s "
          f"(published: {published})", flush=True)
    if args.seeds:
        scores, times = [], []
        for seed in range(args.seeds):
            s, t, _ = fit_and_score(make_model, {**params, "random_state": seed}, load, task)
            scores.append(s)
            times.append(t)
            if not args.quiet:
                print(f"  random_state={seed}: test {metric} {s:.4f}, fit {t:.1f} s",
                      flush=True)
        result.update(seed_scores=scores, seed_mean=float(np.mean(scores)),
                      seed_min=float(np.min(scores)), seed_max=float(np.max(scores)))
        print(f"  over {args.seeds} seeds: mean {np.mean(scores):.4f}, "
              f"min {np.min(scores):.4f}, max {np.max(scores):.4f}", flush=True)
    return result
