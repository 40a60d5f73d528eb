"""How to share the cores between ``GridSearchCV(n_jobs=...)`` and the estimator's threads.

Times one grid search (4 candidates x 3 folds of ``RNNClassifier``, 5 epochs each, on
GunPoint's 50 training series, or a larger synthetic set with ``--synthetic``) for
every combination of the search's ``n_jobs`` and the estimator's ``n_jobs``, interleaved
over ``--repeats`` rounds, and prints the median wall time of each and its ratio to the
serial run (search 1, estimator 1). Every combination gives the same scores (the
estimators' results do not depend on their thread count): the script checks it.

Run::

    python benchmarks/bench_grid_threads.py --repeats 3
    env -u OPENBLAS_CORETYPE python benchmarks/bench_grid_threads.py --repeats 3

joblib's process workers cap the BLAS and OpenMP threads of each worker to
``cpu_count // n_jobs`` (its ``inner_max_num_threads``), and skrnn's ``n_jobs=None``
uses one thread, so the default combination never oversubscribes.
"""
import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skrnn import RNNClassifier
from skrnn.datasets import load_gunpoint


def data(synthetic):
    if not synthetic:
        return load_gunpoint(split="train", return_X_y=True)
    rng = np.random.default_rng(0)
    X = rng.standard_normal((512, 60, 4)).astype(np.float32)
    y = (X[:, :, 0].mean(axis=1) > 0).astype(int)
    return X, y


def search(X, y, outer, inner):
    est = RNNClassifier(max_iter=5, n_models=1, random_state=0, n_jobs=inner)
    grid = {"hidden_size": [16, 32], "cell": ["lstm", "gru"]}
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gs = GridSearchCV(est, grid, cv=3, n_jobs=outer).fit(X, y)
    return time.perf_counter() - start, gs.cv_results_["mean_test_score"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--synthetic", action="store_true",
                        help="512 sequences of 60 steps and 4 features instead of GunPoint")
    parser.add_argument("--json", help="write the timings to this file")
    args = parser.parse_args()
    X, y = data(args.synthetic)
    cores = os.cpu_count()
    combos = [(1, 1), (1, cores), (cores, 1), (cores, cores), (-1, None)]
    search(X, y, 1, 1)  # warm numba's cache and the imports
    search(X, y, cores, 1)  # and the workers' start
    times = {combo: [] for combo in combos}
    scores = {}
    for _ in range(args.repeats):
        for combo in combos:
            seconds, score = search(X, y, *combo)
            times[combo].append(seconds)
            scores[combo] = score
    for combo in combos:
        np.testing.assert_array_equal(scores[combo], scores[1, 1])
    base = statistics.median(times[1, 1])
    print(f"{'GunPoint' if not args.synthetic else 'synthetic 512x60x4'}, {cores} cores, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"median of {args.repeats}")
    print(f"{'search n_jobs':>14} {'estimator n_jobs':>17} {'seconds':>8} {'vs serial':>10}")
    rows = []
    for combo in combos:
        med = statistics.median(times[combo])
        rows.append({"search_n_jobs": combo[0], "estimator_n_jobs": combo[1],
                     "seconds": med, "times": times[combo]})
        print(f"{str(combo[0]):>14} {str(combo[1]):>17} {med:8.2f} {base / med:9.2f}x")
    print("identical cv scores across all combinations: yes")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
