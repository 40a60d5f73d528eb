"""Shared plumbing of the real-data examples: command line, timing, tuning, printing.

Not an example itself. Each ``classify_*.py`` / ``regress_*.py`` script builds its model,
and calls `main` here, which

* without options: fits the model with the script's ``PARAMS`` on the official TRAIN
  split, scores it on the official TEST split and prints one result line;
* with ``--tune``: runs the script's ``GRID`` through a cross-validated grid search on the
  TRAIN split only (the test split is never loaded) and prints every candidate's mean
  cross-validation score. This is how each script's ``PARAMS`` were chosen;
* with ``--seeds N``: repeats the default run with ``random_state`` 0..N-1 and prints the
  mean and spread of the test score, to show how much of a figure is luck of the seed.
"""
import argparse
import time
import warnings
from itertools import product

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, root_mean_squared_error
from sklearn.model_selection import KFold, StratifiedKFold


def paa(X, window):
    """Piecewise aggregate approximation: the mean of every ``window`` consecutive steps.

    (n, T, F) -> (n, T // window, F); ``window=1`` returns X unchanged. Use it in a
    pipeline as ``FunctionTransformer(paa, kw_args=dict(window=5))``.
    """
    if window == 1:
        return X
    n, T, F = X.shape
    return X[:, :T // window * window].reshape(n, T // window, window, F).mean(axis=2)


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
    return parser.parse_args(argv)


def fit_and_score(make_model, params, load, task):
    """Fit on the train split, score on the test split; return (score, fit seconds,
    fitted model)."""
    X_train, y_train = load(split="train", return_X_y=True)
    X_test, y_test = load(split="test", return_X_y=True)
    model = make_model(params)
    with warnings.catch_warnings():
        # a fixed epoch budget chosen by cross-validation may end before the loss has
        # flattened; that is intended, so the ConvergenceWarning is noise here
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


def tune(make_model, params, grid, load, task, n_splits=5, n_repeats=1):
    """Cross-validated grid search on the TRAIN split only.

    Each candidate is ``params`` updated with one combination of ``grid`` (a dict of
    lists, or a list of such dicts); it is fitted on k-1 folds and scored on the last,
    for every fold of ``n_repeats`` shuffled k-fold splits (stratified for
    classification). Prints the mean and standard deviation over folds of each, and the
    best mean (ties go to the first candidate in ``grid`` order).
    """
    X, y = load(split="train", return_X_y=True)
    X = np.asarray(X, dtype=object) if isinstance(X, list) else X  # indexable by CV
    if task == "classification":
        metric, splitter = "accuracy", StratifiedKFold
    else:
        metric, splitter = "RMSE", KFold
    rows = []
    start = time.perf_counter()
    if task == "regression":  # the bar to clear: predict the mean of the training folds
        base = [root_mean_squared_error(y[val], np.full(len(val), y[train].mean()))
                for repeat in range(n_repeats)
                for train, val in splitter(n_splits=n_splits, shuffle=True,
                                           random_state=repeat).split(np.zeros(len(y)))]
        print(f"  cv RMSE {np.mean(base):.4f} +- {np.std(base):.4f}  (train-fold mean)")
    for changes in _candidates(grid):
        candidate = {**params, **changes}
        scores = []
        for repeat in range(n_repeats):
            cv = splitter(n_splits=n_splits, shuffle=True, random_state=repeat)
            for train, val in cv.split(np.zeros(len(y)), y):
                model = make_model(candidate)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    model.fit(_take(X, train), y[train])
                y_pred = model.predict(_take(X, val))
                if task == "classification":
                    scores.append(accuracy_score(y[val], y_pred))
                else:
                    scores.append(root_mean_squared_error(y[val], y_pred))
        rows.append((float(np.mean(scores)), float(np.std(scores)), changes))
        print(f"  cv {metric} {rows[-1][0]:.4f} +- {rows[-1][1]:.4f}  "
              f"{rows[-1][2]}", flush=True)
    better = max if task == "classification" else min
    best = better(rows, key=lambda r: r[0])
    print(f"{len(rows)} candidates x {n_splits * n_repeats} folds in "
          f"{time.perf_counter() - start:.0f} s; best cv {metric} {best[0]:.4f}: {best[2]}")
    return rows


def _take(X, idx):
    if isinstance(X, np.ndarray) and X.dtype == object:
        return list(X[idx])
    return X[idx]


def main(argv, *, name, task, load, make_model, params, grid, published, n_splits=5,
         n_repeats=1):
    """Entry point of every example script; returns a dict with the measured result."""
    args = _parse(argv)
    metric = "accuracy" if task == "classification" else "RMSE"
    if args.tune:
        n_repeats = args.repeats or n_repeats
        print(f"{name}: {_grid_size(grid)} candidates, {n_splits}-fold CV x {n_repeats} "
              f"on the train split (the test split is not loaded)")
        tune(make_model, params, grid, load, task, n_splits, n_repeats)
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
