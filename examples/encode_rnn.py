"""Sequence autoencoder codes as features: RNNEncoder + LogisticRegression, on three sets.
=======================================================================================

The model is ``make_pipeline(SequenceScaler(), RNNEncoder(random_state=0),
StandardScaler(), LogisticRegression())``, the encoder at its defaults on every set. The
encoder is trained without labels to reconstruct each training sequence from its code
(`skrnn.RNNEncoder`); only the logistic regression sees the labels. Official train/test
splits of ItalyPowerDemand, BasicMotions and JapaneseVowels (unequal lengths, given as
a list).

Run: ``python examples/encode_rnn.py`` (about a minute). Options:

* ``--tune``: instead of the defaults, the best of ``GRID`` by `GridSearchCV` with
  stratified 5-fold cross-validation of the whole pipeline on each TRAIN split (the test
  splits are never loaded): how a user would search the encoder. About 10 minutes on 2
  cores.
* ``--seeds N``: refits with random_state 0..N-1 and reports the spread.

Printed next to: the published 1-NN DTW test accuracies (ItalyPowerDemand .950,
BasicMotions .975 (DTW_D), JapaneseVowels .949 (DTW_D)) and the supervised
`RNNClassifier` of ``examples/classify_*.py`` (``python examples/run_all.py``).
"""
import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skrnn import RNNEncoder
from skrnn.datasets import load_basic_motions, load_italy_power_demand, load_japanese_vowels
from skrnn.preprocessing import SequenceScaler

# dataset: (loader, 1NN-DTW, RNNClassifier test accuracy from examples/classify_*.py)
DATASETS = {
    "ItalyPowerDemand": (load_italy_power_demand, 0.950, 0.966),
    "BasicMotions": (load_basic_motions, 0.975, 1.000),
    "JapaneseVowels": (load_japanese_vowels, 0.949, 0.9865),
}
COMMON = dict(random_state=0)
GRID = [dict(cell="gru", hidden_size=32, bidirectional=False),
        dict(cell="gru", hidden_size=32, bidirectional=True),
        dict(cell="lstm", hidden_size=64, bidirectional=False)]


def make_model(params):
    return make_pipeline(SequenceScaler(), RNNEncoder(**{**COMMON, **params}),
                         StandardScaler(), LogisticRegression(max_iter=5000))


def fit_and_score(load, params):
    X, y = load(split="train", return_X_y=True)
    X_test, y_test = load(split="test", return_X_y=True)
    model = make_model(params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a fixed epoch budget
        start = time.perf_counter()
        model.fit(X, y)
        seconds = time.perf_counter() - start
    return model.score(X_test, y_test), seconds


def tune(name, load):
    X, y = load(split="train", return_X_y=True)  # the test split is not loaded
    grid = GridSearchCV(make_model(GRID[0]),
                        [{f"rnnencoder__{k}": [v] for k, v in p.items()} for p in GRID],
                        cv=StratifiedKFold(5, shuffle=True, random_state=0), n_jobs=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        grid.fit(X, y)
    for p, m, s in zip(grid.cv_results_["params"], grid.cv_results_["mean_test_score"],
                       grid.cv_results_["std_test_score"]):
        print(f"  {name}: cv accuracy {m:.4f} +- {s:.4f}  "
              f"{ {k.split('__')[1]: v for k, v in p.items()} }")
    best = grid.best_params_
    return {k.split("__")[1]: v for k, v in best.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--seeds", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    rows = []
    for name, (load, dtw, classifier) in DATASETS.items():
        params = tune(name, load) if args.tune else {}
        accuracy, seconds = fit_and_score(load, params)
        spread = ""
        if args.seeds:
            scores = [fit_and_score(load, dict(params, random_state=s))[0]
                      for s in range(args.seeds)]
            spread = f"{np.mean(scores):.3f} [{np.min(scores):.3f}, {np.max(scores):.3f}]"
        rows.append((name, accuracy, spread, seconds, classifier, dtw, params))
        print(f"{name}: test accuracy {accuracy:.4f}, fit {seconds:.1f} s", flush=True)
    print("\n| data set | RNNEncoder + LogisticRegression | seeds mean [min, max] | fit (s) "
          "| RNNClassifier | 1NN-DTW | encoder |")
    print("|---|---|---|---|---|---|---|")
    for name, acc, spread, sec, clf, dtw, params in rows:
        enc = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
        print(f"| {name} | {acc:.3f} | {spread or '-'} | {sec:.1f} | {clf:.3f} | {dtw:.3f} "
              f"| {enc} |")
    return rows


if __name__ == "__main__":
    main()
