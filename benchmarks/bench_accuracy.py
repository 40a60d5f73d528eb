"""The accuracy panel: a user's first try on every shipped classification and regression
set, over several seeds, beside published nearest-neighbour figures.

The first try is ``make_pipeline(SequenceScaler(), Estimator(random_state=seed))`` with
the estimator's defaults (``--params`` overrides some, to compare candidate defaults):
`RNNClassifier` for classification, `RNNRegressor` for regression. ``--esn`` adds the
echo state network at its defaults (``SequenceScaler``, ``EchoStateEncoder``,
``RidgeClassifierCV`` / ``RidgeCV``); ``--esn-params`` overrides some of the encoder's
parameters, as ``--params`` does the estimator's. ``--encoder`` adds the recurrent
autoencoder at its defaults (``SequenceScaler``, `RNNEncoder`, ``StandardScaler``,
``LogisticRegression`` / ``RidgeCV`` on the codes), with ``--encoder-params``.

Two modes:

- ``--mode test`` (default): fit on the official train split, score the test split;
  prints per set the mean, min and max over seeds of accuracy (RMSE for regression) and
  the mean fit time. Report figures, never tune on them.
- ``--mode cv``: stratified k-fold cross-validation inside the train split (``--folds``,
  fewer when a class has fewer training cases), the test split never loaded: what
  defaults are chosen on.

Run (from the repository root)::

    python benchmarks/bench_accuracy.py                      # defaults, seeds 0-2, test
    python benchmarks/bench_accuracy.py --mode cv --params '{"pooling": "mean"}'
    python benchmarks/bench_accuracy.py --mode cv --pre '{"WindowAggregator": {"window": 4}}'
    python benchmarks/bench_accuracy.py --sets GunPoint Coffee --seeds 0 --esn
    python benchmarks/bench_accuracy.py --mode cv --only-esn --esn-params '{"n_segments": 8}'
    python benchmarks/bench_accuracy.py --mode cv --only-encoder --seeds 0 1
    python benchmarks/bench_accuracy.py --json panel.json
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, RidgeClassifierCV, RidgeCV
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import skrnn.datasets as ds
from skrnn import EchoStateEncoder, RNNClassifier, RNNEncoder, RNNRegressor
import skrnn.preprocessing
from skrnn.preprocessing import SequenceScaler

# name: (loader, task, {reference: test accuracy, or RMSE for regression}). UCR figures:
# Dau et al. 2019, "The UCR time series archive" (its summary table; DTW with a full
# window); UEA DTW_D, Coffee and PigCVP: computed on the shipped copies at conversion
# (see each DESCR; PigCVP's DTW with a 10% Sakoe-Chiba window);
# Covid3Month: the train mean's RMSE (computed at conversion) and FCN from Tan et al.
# 2021, "Time series extrinsic regression".
PANEL = {
    "ItalyPowerDemand": ("load_italy_power_demand", "classification",
                         {"1NN-ED": .955, "1NN-DTW": .950}),
    "GunPoint": ("load_gunpoint", "classification", {"1NN-ED": .913, "1NN-DTW": .907}),
    "BasicMotions": ("load_basic_motions", "classification", {"1NN-DTW_D": .975}),
    "JapaneseVowels": ("load_japanese_vowels", "classification", {"1NN-DTW_D": .949}),
    "Coffee": ("load_coffee", "classification", {"1NN-ED": 1.0, "1NN-DTW": 1.0}),
    "PigCVP": ("load_pig_cvp", "classification",
               {"1NN-ED": .139, "1NN-ED (z-norm)": .082, "1NN-DTW (10% window)": .288}),
    "Covid3Month": ("load_covid_3month", "regression", {"train mean": .0447, "FCN": .0436}),
}


def available(names):
    """The panel sets this installation ships (later additions may be missing)."""
    return [n for n in names if hasattr(ds, PANEL[n][0])]


def load(name, split):
    return getattr(ds, PANEL[name][0])(split=split, return_X_y=True)


def make_model(task, seed, kind, params, pre=None):
    """The pipeline of one model kind: "rnn" (the supervised estimator), "esn" or
    "encoder" (unsupervised codes read by a linear model); ``params`` are its own."""
    if kind == "esn":
        readout = RidgeClassifierCV() if task == "classification" else RidgeCV()
        encoder = EchoStateEncoder(random_state=seed, **params)
        return make_pipeline(SequenceScaler(), encoder, readout)
    if kind == "encoder":
        readout = (LogisticRegression(max_iter=2000) if task == "classification"
                   else RidgeCV())
        return make_pipeline(SequenceScaler(), RNNEncoder(random_state=seed, **params),
                             StandardScaler(), readout)
    Estimator = RNNClassifier if task == "classification" else RNNRegressor
    # --pre: {class name in skrnn.preprocessing: its parameters}, steps in that order
    steps = [getattr(skrnn.preprocessing, step)(**kwargs)
             for step, kwargs in (pre or {}).items()]
    return make_pipeline(SequenceScaler(), *steps, Estimator(random_state=seed, **params))


def score(task, model, X, y):
    if task == "classification":
        return float(model.score(X, y))
    return float(np.sqrt(mean_squared_error(y, model.predict(X))))


def subset(X, rows):
    return [X[i] for i in rows] if isinstance(X, list) else X[rows]


def splits(name, mode, folds, seed):
    """(X_train, y_train, X_eval, y_eval) pairs: the official split, or k folds."""
    X, y = load(name, "train")
    if mode == "test":
        yield (X, y, *load(name, "test"))
        return
    task = PANEL[name][1]
    if task == "classification":  # PigCVP has 2 training cases per class
        folds = min(folds, int(np.unique(y, return_counts=True)[1].min()))
    cv = (StratifiedKFold if task == "classification" else KFold)(
        folds, shuffle=True, random_state=seed)
    for train, val in cv.split(np.zeros(len(y)), y):
        yield subset(X, train), y[train], subset(X, val), y[val]


def run(name, seeds, mode, folds, kind, params, pre=None):
    task = PANEL[name][1]
    scores, train_scores, times = [], [], []
    for seed in seeds:
        fold_scores, fold_train = [], []
        for X_tr, y_tr, X_ev, y_ev in splits(name, mode, folds, seed):
            model = make_model(task, seed, kind, params, pre)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(X_tr, y_tr)
            times.append(time.perf_counter() - start)
            fold_scores.append(score(task, model, X_ev, y_ev))
            fold_train.append(score(task, model, X_tr, y_tr))
        scores.append(float(np.mean(fold_scores)))
        train_scores.append(float(np.mean(fold_train)))
    return dict(set=name, task=task, metric="accuracy" if task == "classification"
                else "RMSE", scores=scores, mean=float(np.mean(scores)),
                min=float(np.min(scores)), max=float(np.max(scores)),
                train_mean=float(np.mean(train_scores)), fit_s=float(np.mean(times)),
                references=PANEL[name][2])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(PANEL), choices=list(PANEL))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--mode", choices=["test", "cv"], default="test")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--params", type=json.loads, default={},
                        help="JSON of estimator parameters to override, e.g. "
                             "'{\"pooling\": \"mean\"}'")
    parser.add_argument("--esn", action="store_true",
                        help="also the echo state network at its defaults")
    parser.add_argument("--only-esn", action="store_true",
                        help="only the echo state network (implies --esn): skip the "
                             "recurrent network")
    parser.add_argument("--esn-params", type=json.loads, default={},
                        help="JSON of EchoStateEncoder parameters to override (with "
                             "--esn), e.g. '{\"n_reservoir\": 200}'")
    parser.add_argument("--encoder", action="store_true",
                        help="also the recurrent autoencoder (RNNEncoder) at its defaults")
    parser.add_argument("--only-encoder", action="store_true",
                        help="only the recurrent autoencoder (implies --encoder)")
    parser.add_argument("--encoder-params", type=json.loads, default={},
                        help="JSON of RNNEncoder parameters to override (with --encoder)")
    parser.add_argument("--pre", type=json.loads, default={},
                        help="JSON of preprocessing steps inserted after SequenceScaler "
                             "in the recurrent network's pipeline (not the echo state "
                             "network's): {class name in skrnn.preprocessing: its "
                             "parameters}, in that order, e.g. '{\"WindowAggregator\": "
                             "{\"window\": 4}}'")
    parser.add_argument("--json", help="write the records to this file")
    args = parser.parse_args(argv)
    args.esn = args.esn or args.only_esn
    args.encoder = args.encoder or args.only_encoder
    kinds = ([] if args.only_esn or args.only_encoder else ["rnn"]) + (
        ["esn"] if args.esn else []) + (["encoder"] if args.encoder else [])
    kind_params = {"rnn": args.params, "esn": args.esn_params,
                   "encoder": args.encoder_params}
    sets = available(args.sets)
    missing = sorted(set(args.sets) - set(sets))
    print(f"skrnn accuracy panel: mode={args.mode}, seeds={args.seeds}, "
          f"params={args.params or 'defaults'}"
          + (f", esn-params={args.esn_params or 'defaults'}" if args.esn else "")
          + (f", encoder-params={args.encoder_params or 'defaults'}" if args.encoder
             else "")
          + (f", pre={args.pre}" if args.pre else "")
          + f"; python {platform.python_version()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    if missing:
        print(f"(not shipped in this installation: {', '.join(missing)})")
    records = []
    header = (f"{'set':18s} {'model':7s} {'metric':8s} {'mean':>7s} {'min':>7s} {'max':>7s}"
              f" {'train':>7s} {'fit s':>7s}  references")
    print(header + "\n" + "-" * len(header))
    for name in sets:
        for kind in kinds:
            r = run(name, args.seeds, args.mode, args.folds, kind, kind_params[kind],
                    args.pre)
            r["model"] = kind
            records.append(r)
            refs = ", ".join(f"{k} {v:.3f}" for k, v in r["references"].items())
            print(f"{name:18s} {r['model']:7s} {r['metric']:8s} {r['mean']:7.4f} "
                  f"{r['min']:7.4f} {r['max']:7.4f} {r['train_mean']:7.4f} "
                  f"{r['fit_s']:7.1f}  {refs}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(argv=sys.argv[1:], params=args.params,
                           esn_params=args.esn_params,
                           encoder_params=args.encoder_params, pre=args.pre, mode=args.mode,
                           seeds=args.seeds, records=records), f, indent=1)
        print(f"wrote {len(records)} records to {args.json}")


if __name__ == "__main__":
    main()
