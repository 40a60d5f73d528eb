"""Where a fit or a prediction spends its time: the recurrent kernels (forward, backward),
the big GEMMs outside the time loop, the other kernels, numpy in the layers above, and
skrnn's own Python, from one profiled call after a warm-up (so nothing compiles).

cProfile records a numba-compiled kernel under its Python source (file and line), so a
kernel's own time is its ``tottime``; numpy calls made by skrnn's Python layers count as
"numpy (layers above)". The profile adds a little overhead to Python-heavy parts; the
wall time of the same call without the profiler is printed beside.

Run (from the repository root)::

    python benchmarks/breakdown.py                             # LSTM fit and predict
    python benchmarks/breakdown.py --cell gru --n 300 --length 50 --hidden 32
    python benchmarks/breakdown.py --ragged --json breakdown.json
    env -u OPENBLAS_CORETYPE python benchmarks/breakdown.py    # and OPENBLAS_CORETYPE=Haswell
"""
import argparse
import cProfile
import json
import os
import pstats
import time
import warnings

import numpy as np

from skrnn import RNNClassifier

GROUPS = ("recurrent forward", "recurrent backward", "GEMMs outside the loop",
          "other kernels", "numpy (layers above)", "skrnn Python", "other")


def group_of(filename, function):
    """The group of one profiled function (see `GROUPS`)."""
    path = filename.replace(os.sep, "/")
    if "/skrnn/_kernels/" in path:
        name = path.rsplit("/", 1)[-1]
        if name == "_blas.py":
            return "GEMMs outside the loop"
        if name not in ("_common.py", "_activations.py") and function in ("forward",
                                                                          "backward"):
            return "recurrent " + function
        return "other kernels"
    if "/skrnn/" in path:
        return "skrnn Python"
    if "numpy" in path or filename == "~" and ("numpy" in function or "ufunc" in function):
        return "numpy (layers above)"
    return "other"


def profile(call):
    """Seconds per group of one call under cProfile, the profiled total and the wall
    time of an unprofiled repeat."""
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    seconds = dict.fromkeys(GROUPS, 0.0)
    for (filename, _, function), row in pstats.Stats(profiler).stats.items():
        seconds[group_of(filename, function)] += row[2]  # tottime
    start = time.perf_counter()
    call()
    return seconds, sum(seconds.values()), time.perf_counter() - start


def data(args):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(args.n, args.length, args.features)).astype(np.float32)
    y = rng.integers(0, 2, args.n)
    if not args.ragged:
        return X, y
    lengths = rng.integers(max(2, args.length // 5), args.length + 1, args.n)
    return [x[:m] for x, m in zip(X, lengths)], y


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cell", default="lstm", choices=["lstm", "gru", "rnn",
                                                            "peephole_lstm"])
    parser.add_argument("--n", type=int, default=1024, help="sequences")
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--patch-size", type=int, default=1,
                        help="1 (every step recurrent) as the torch comparisons run")
    parser.add_argument("--ragged", action="store_true",
                        help="lengths drawn from length/5..length")
    parser.add_argument("--threads", type=int, default=None, help="n_jobs")
    parser.add_argument("--json", help="write every number to this file")
    args = parser.parse_args()
    X, y = data(args)
    model = RNNClassifier(cell=args.cell, hidden_size=args.hidden, batch_size=args.batch,
                          max_iter=args.epochs, tol=0, n_models=1,
                          patch_size=args.patch_size, n_jobs=args.threads, random_state=0)
    warnings.simplefilter("ignore")
    model.fit(X, y).predict_proba(X)  # compiles (or loads) everything first
    results = {"settings": vars(args),
               "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
               "fit": profile(lambda: model.fit(X, y)),
               "predict_proba": profile(lambda: model.predict_proba(X))}
    print(f"{args.cell}, {args.n} x {args.length} x {args.features}"
          f"{' (ragged)' if args.ragged else ''}, hidden {args.hidden}, batch "
          f"{args.batch}, {args.epochs} epochs, OPENBLAS_CORETYPE="
          f"{results['OPENBLAS_CORETYPE']}")
    for task in ("fit", "predict_proba"):
        seconds, total, wall = results[task]
        print(f"\n{task}: {total:.3f} s profiled, {wall:.3f} s without the profiler")
        for group in GROUPS:
            print(f"  {group:<24}{seconds[group]:8.3f} s {100 * seconds[group] / total:5.1f}%")
        results[task] = {"seconds": seconds, "profiled_s": total, "wall_s": wall}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
