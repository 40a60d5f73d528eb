"""skrnn's estimators against skorch's, end to end: ``fit`` and ``predict_proba`` as a
user compares libraries.

skorch (``NeuralNetClassifier``) wraps ``torch.nn.LSTM`` / ``torch.nn.GRU`` and a
``torch.nn.Linear`` head on the last state, the same network as
``RNNClassifier(n_models=1, patch_size=1)``; ragged input is packed inside the torch
module (``pack_padded_sequence``, the correct way: no step of padding is computed).
Both train 3 epochs of Adam (step 1e-3) on minibatches of 64 shuffled sequences,
without gradient clipping, early stopping or a validation split, on the same data and
the same threads (``torch.set_num_threads(k)``, skrnn's ``n_jobs=k``, and every BLAS
limited to k threads). ``predict_proba`` runs on as many new sequences.

Workloads (8 features, 4 classes, hidden size 64 unless noted): ``fixed`` (1024
sequences of 100 steps), ``ragged`` (1024 sequences of 20 to 150 steps) and ``small``
(a UCR-sized set: 300 univariate sequences of 50 steps, hidden size 32), for the LSTM
and the GRU. Each library is warmed up first (skrnn's first fit compiles or loads its
numba kernels); then fresh estimators of both are fitted and predict, interleaved, and
the median of ``--repeats`` runs is reported with the ratio skorch / skrnn (above 1:
skrnn is faster).

The cost curve (``--curve``) times both fits at a base workload (512 sequences, 50
steps, hidden 32) and with N, T and H doubled one at a time.

Run (from the repository root; skorch and torch: ``pip install -e ".[parity]"
skorch``)::

    python benchmarks/bench_estimators.py --repeats 3 --curve --json out.json
    OPENBLAS_CORETYPE=Haswell python benchmarks/bench_estimators.py --repeats 3
    env -u OPENBLAS_CORETYPE python benchmarks/bench_estimators.py --repeats 3
"""
import argparse
import json
import os
import platform
import statistics
import time
import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from skorch import NeuralNetClassifier
from threadpoolctl import threadpool_limits

from skrnn import RNNClassifier

TORCH_CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
N_FEATURES, N_CLASSES, EPOCHS, BATCH, LR = 8, 4, 3, 64, 1e-3
WORKLOADS = {  # name: (n_sequences, lengths (low, high), features, hidden)
    "fixed": (1024, (100, 100), N_FEATURES, 64),
    "ragged": (1024, (20, 150), N_FEATURES, 64),
    "small": (300, (50, 50), 1, 32),
}
CURVE_BASE = (512, 50, 32)


class LastStateClassifier(torch.nn.Module):
    """A recurrent layer and a linear head on its last state; packs ragged input."""

    def __init__(self, cell="lstm", n_features=N_FEATURES, hidden=64, n_classes=N_CLASSES):
        super().__init__()
        self.rnn = TORCH_CELLS[cell](n_features, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, n_classes)

    def forward(self, x, lengths=None):
        if lengths is not None:
            x = torch.nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                        enforce_sorted=False)
        _, state = self.rnn(x)
        h_n = state[0] if isinstance(state, tuple) else state
        return self.head(h_n[-1])  # logits: skorch applies the softmax in predict_proba


def make_data(n, lengths, n_features, seed):
    """Sequences whose class is the quadrant of two features' means, as a list (for
    skrnn) and as skorch's input (an array, or padded values with lengths)."""
    rng = np.random.RandomState(seed)
    T = rng.randint(lengths[0], lengths[1] + 1, size=n)
    X = [rng.normal(size=(t, n_features)).astype(np.float32) for t in T]
    y = np.array([2 * (x[:, 0].mean() > 0) + (x[:, -1].mean() > 0) for x in X])
    if lengths[0] == lengths[1]:
        stacked = np.stack(X)
        return stacked, y, stacked
    padded = np.zeros((n, T.max(), n_features), dtype=np.float32)
    for i, x in enumerate(X):
        padded[i, :len(x)] = x
    return X, y, {"x": padded, "lengths": T.astype(np.int64)}


def skrnn_model(cell, hidden, threads, seed):
    return RNNClassifier(cell=cell, hidden_size=hidden, n_models=1, patch_size=1,
                         max_iter=EPOCHS, batch_size=BATCH, learning_rate="constant",
                         learning_rate_init=LR, clip_norm=None, tol=0.0, n_jobs=threads,
                         random_state=seed)


def skorch_model(cell, hidden, n_features, seed):
    torch.manual_seed(seed)
    return NeuralNetClassifier(
        LastStateClassifier, module__cell=cell, module__n_features=n_features,
        module__hidden=hidden, criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam, lr=LR, max_epochs=EPOCHS, batch_size=BATCH,
        train_split=None, iterator_train__shuffle=True, verbose=0, device="cpu")


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def compare(cell, n, lengths, n_features, hidden, threads, repeats):
    """Median fit and predict_proba seconds of both, interleaved, and train accuracy
    (a sanity check that both learn the same task)."""
    X, y, X_torch = make_data(n, lengths, n_features, 0)
    X_new, _, X_new_torch = make_data(n, lengths, n_features, 1)
    y_torch = y.astype(np.int64)
    times = {"skrnn": {"fit": [], "predict": []}, "skorch": {"fit": [], "predict": []}}
    accuracy = {}
    for run in range(repeats + 1):  # run 0 warms both up
        for lib in (("skrnn", "skorch") if run % 2 else ("skorch", "skrnn")):
            if lib == "skrnn":
                model = skrnn_model(cell, hidden, threads, run)
                fit_s, _ = timed(lambda: model.fit(X, y))
                predict_s, _ = timed(lambda: model.predict_proba(X_new))
                accuracy[lib] = float(model.score(X, y))
            else:
                model = skorch_model(cell, hidden, n_features, run)
                fit_s, _ = timed(lambda: model.fit(X_torch, y_torch))
                predict_s, _ = timed(lambda: model.predict_proba(X_new_torch))
                accuracy[lib] = float(np.mean(model.predict(X_torch) == y_torch))
            if run:
                times[lib]["fit"].append(fit_s)
                times[lib]["predict"].append(predict_s)
    medians = {lib: {k: statistics.median(v) for k, v in parts.items()}
               for lib, parts in times.items()}
    return medians, accuracy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cells", nargs="+", default=["lstm", "gru"])
    parser.add_argument("--workloads", nargs="+", default=list(WORKLOADS))
    parser.add_argument("--curve", action="store_true", help="also the cost curve")
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", ConvergenceWarning)
    torch.set_num_threads(args.threads)
    info = {"threads": args.threads, "repeats": args.repeats,
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(auto)"),
            "torch": torch.__version__, "machine": platform.processor() or
            platform.machine()}
    print(" ".join(f"{k}={v}" for k, v in info.items()))
    rows, curve = [], []
    with threadpool_limits(args.threads, user_api="blas"):
        print(f"{'cell':<5} {'workload':<7} {'skrnn fit':>9} {'skorch fit':>10} "
              f"{'ratio':>6} {'skrnn pred':>10} {'skorch pred':>11} {'ratio':>6} "
              f"{'acc skrnn/skorch':>17}")
        for cell in args.cells:
            for name in args.workloads:
                n, lengths, d, hidden = WORKLOADS[name]
                med, acc = compare(cell, n, lengths, d, hidden, args.threads,
                                   args.repeats)
                row = {"cell": cell, "workload": name, **{
                    f"{lib}_{k}": v for lib, parts in med.items() for k, v in parts.items()},
                    "fit_ratio": med["skorch"]["fit"] / med["skrnn"]["fit"],
                    "predict_ratio": med["skorch"]["predict"] / med["skrnn"]["predict"],
                    "accuracy": acc}
                rows.append(row)
                print(f"{cell:<5} {name:<7} {row['skrnn_fit']:9.3f} {row['skorch_fit']:10.3f} "
                      f"{row['fit_ratio']:6.2f} {row['skrnn_predict']:10.4f} "
                      f"{row['skorch_predict']:11.4f} {row['predict_ratio']:6.2f} "
                      f"{acc['skrnn']:8.2f}/{acc['skorch']:.2f}", flush=True)
        if args.curve:
            print("\ncost curve: fit seconds, and the factor when one size doubles")
            n0, t0, h0 = CURVE_BASE
            for cell in args.cells:
                sizes = {"base": (n0, t0, h0), "2N": (2 * n0, t0, h0),
                         "2T": (n0, 2 * t0, h0), "2H": (n0, t0, 2 * h0)}
                fits = {}
                for label, (n, t, h) in sizes.items():
                    med, _ = compare(cell, n, (t, t), N_FEATURES, h, args.threads,
                                     args.repeats)
                    fits[label] = {lib: med[lib]["fit"] for lib in med}
                for lib in ("skrnn", "skorch"):
                    base = fits["base"][lib]
                    factors = "  ".join(f"{k} x{fits[k][lib] / base:.2f}"
                                        for k in ("2N", "2T", "2H"))
                    print(f"{cell:<5} {lib:<7} base {base:.3f} s  {factors}")
                curve.append({"cell": cell, "fit_seconds": fits})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"info": info, "workloads": rows, "curve": curve}, f, indent=1)


if __name__ == "__main__":
    main()
