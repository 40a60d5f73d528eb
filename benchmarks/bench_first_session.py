"""What a first session costs: ``import skrnn``, and the first fit of each cell and dtype
with numba's cache cold (a fresh ``NUMBA_CACHE_DIR``: everything compiles) and warm (the
same directory again: everything loads).

Each measurement runs in its own Python process, so nothing is shared but the cache
directory. The fit is ``RNNClassifier(cell=..., dtype=..., n_models=1, max_iter=1)`` on
GunPoint's 50 training series (150 steps) followed by ``predict``; the echo state row is
``EchoStateEncoder().fit(X).transform(X)``. The import rows compare ``import skrnn``
(whose names load on first use) and ``from skrnn import RNNClassifier`` (which loads
the estimators, scikit-learn and numba) with importing what skrnn stands on (numpy,
pandas, scikit-learn's base), which a scikit-learn user's session has loaded anyway.

Run::

    python benchmarks/bench_first_session.py            # about 3 minutes
    python benchmarks/bench_first_session.py --cells lstm --dtypes float32
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

FIT = """
import time, warnings
t0 = time.perf_counter()
from skrnn import EchoStateEncoder, RNNClassifier  # names load on first use: here
from skrnn.datasets import load_gunpoint
t1 = time.perf_counter()
X, y = load_gunpoint(split="train", return_X_y=True)
warnings.simplefilter("ignore")
t2 = time.perf_counter()
if {cell!r} == "echo_state":
    EchoStateEncoder(dtype={dtype!r}).fit(X).transform(X)
else:
    RNNClassifier(cell={cell!r}, dtype={dtype!r}, n_models=1, max_iter=1,
                  random_state=0).fit(X, y).predict(X)
print(t1 - t0, time.perf_counter() - t2)
"""

IMPORT = """
import time
t0 = time.perf_counter()
{statement}
print(time.perf_counter() - t0)
"""


STATEMENTS = ("import numpy, pandas, sklearn.base", "import skrnn",
              "from skrnn import RNNClassifier")


def run(code, cache_dir):
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                         capture_output=True, text=True, check=True)
    return [float(v) for v in out.stdout.split()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", nargs="+",
                        default=["lstm", "gru", "rnn", "peephole_lstm", "echo_state"])
    parser.add_argument("--dtypes", nargs="+", default=["float32", "float64"])
    parser.add_argument("--repeats", type=int, default=5, help="imports to time")
    parser.add_argument("--json", help="write every number to this file")
    args = parser.parse_args()
    results = {"import": {}, "fit": []}
    with tempfile.TemporaryDirectory() as warm_cache:
        run(IMPORT.format(statement=STATEMENTS[-1]), warm_cache)  # the .pyc files
        for statement in STATEMENTS:
            times = [run(IMPORT.format(statement=statement), warm_cache)[0]
                     for _ in range(args.repeats)]
            results["import"][statement] = statistics.median(times)
    print(f"import, median of {args.repeats} fresh processes:")
    for statement, seconds in results["import"].items():
        print(f"  {statement:<36} {seconds:6.2f} s")
    own = results["import"][STATEMENTS[-1]] - results["import"][STATEMENTS[0]]
    print(f"  {'the estimators beyond what they stand on':<36} {own:6.2f} s")
    print("\nfirst fit + predict (s), each in a fresh process")
    print(f"{'cell':<15}{'dtype':<9}{'cold':>7}{'warm':>7}")
    for dtype in args.dtypes:
        for cell in args.cells:
            with tempfile.TemporaryDirectory() as cache:
                code = FIT.format(cell=cell, dtype=dtype)
                cold = run(code, cache)[1]
                warm = run(code, cache)[1]
            results["fit"].append({"cell": cell, "dtype": dtype, "cold": cold, "warm": warm})
            print(f"{cell:<15}{dtype:<9}{cold:7.2f}{warm:7.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
