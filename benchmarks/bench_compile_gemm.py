"""Compile time of one per-step product: ``np.dot(a, b, out)`` against skrnn's
``matmul_into(a, b, out)`` (``skrnn/_kernels/_gemm.py``), float32, the kernels' shape of
call (a slice of leading rows times a transposed weight matrix).

Each measurement is a fresh Python process with an empty ``NUMBA_CACHE_DIR``; it first
compiles a trivial function (numba's own first-compile start-up, paid by either), then
times the first call of a function holding only the product, i.e. its compilation.
Both variants alternate, and the script prints the median and range over ``--runs``.

Run (from the repository root)::

    python benchmarks/bench_compile_gemm.py            # about 30 s
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

CODE = """
import time
import numpy as np
from numba import njit
from skrnn._kernels._gemm import matmul_into

@njit
def warm(a):
    return a[0] + 1.0

@njit
def product(a, W, out, n):
    {call}(a[0:n], W.T, out[0:n])

a = np.ones((8, 5), np.float32)
W = np.ones((7, 5), np.float32)
out = np.empty((8, 7), np.float32)
warm(a)
start = time.perf_counter()
product(a, W, out, 4)
print(time.perf_counter() - start)
"""

VARIANTS = ("np.dot", "matmul_into")  # the call each variant compiles


def compile_seconds(call):
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", textwrap.dedent(CODE.format(call=call))],
                             env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = {name: [] for name in VARIANTS}
    for _ in range(args.runs):
        for call in VARIANTS:
            times[call].append(compile_seconds(call))
    print(f"compile time of one product, fresh process and cache, {args.runs} runs, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    for name, values in times.items():
        print(f"  {name:<12} median {statistics.median(values):.3f} s  "
              f"[{min(values):.3f}, {max(values):.3f}]")


if __name__ == "__main__":
    main()
