"""EchoStateEncoder timings: fit (drawing the reservoir) and transform, float32 and float64.

Backs the EchoStateEncoder figures in docs/results.md and the README: the
reservoir fits in milliseconds, and float32 (skrnn's rational tanh) transforms several
times faster than float64 (libm's tanh). Median of ``--repeats`` runs after a warm-up
call (numba's compilation is not timed).

Run: ``python benchmarks/bench_reservoir.py [--units 100 200] [--repeats 7]``.
"""
import argparse
import time

import numpy as np

from skrnn import EchoStateEncoder
from skrnn.datasets import load_basic_motions, load_italy_power_demand, load_japanese_vowels
from skrnn.preprocessing import SequenceScaler

SETS = {"ItalyPowerDemand": load_italy_power_demand, "BasicMotions": load_basic_motions,
        "JapaneseVowels": load_japanese_vowels}


def median_seconds(fn, repeats):
    fn()  # warm-up: numba compiles or loads its cache
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    print("| data set (test split) | units | fit float32 (ms) | transform float32 (ms) | "
          "transform float64 (ms) | float64 / float32 |")
    print("|---|---|---|---|---|---|")
    for name, load in SETS.items():
        X, _ = load(split="test", return_X_y=True)
        for units in args.units:
            row = {}
            for dtype in ("float32", "float64"):
                scaled = SequenceScaler().fit_transform(X)
                enc = EchoStateEncoder(n_reservoir=units, dtype=dtype, random_state=0)
                row["fit", dtype] = median_seconds(lambda: enc.fit(scaled), args.repeats)
                row["transform", dtype] = median_seconds(lambda: enc.transform(scaled),
                                                         args.repeats)
            print(f"| {name} | {units} | {1e3 * row['fit', 'float32']:.1f} | "
                  f"{1e3 * row['transform', 'float32']:.1f} | "
                  f"{1e3 * row['transform', 'float64']:.1f} | "
                  f"{row['transform', 'float64'] / row['transform', 'float32']:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
