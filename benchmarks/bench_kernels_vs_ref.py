"""The working tree's cell kernels against the kernels of a git revision, in one process.

The kernel modules of ``--ref`` (``git show REF:skrnn/_kernels/*.py``) are written to a
temporary package and swapped in and out of the network layer's cell adapters
(``skrnn._network._cells``), so both versions run through the same network code, on
the same data and weights, interleaved: a training step (forward with caches + BPTT) and
an inference forward per workload. Prints the median time per call of each and the
ratio (working tree / ref: below 1 is faster now) and checks that both compute the same.

Run (from the repository root)::

    python benchmarks/bench_kernels_vs_ref.py --ref HEAD
    env -u OPENBLAS_CORETYPE python benchmarks/bench_kernels_vs_ref.py --ref 9cef86a
"""
import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from skrnn._network import RNNNetwork, blas_single_thread
from skrnn._network import _cells

CELL_MODULES = {"lstm": "_lstm", "gru": "_gru", "rnn": "_rnn"}
ROOT = Path(__file__).resolve().parents[1]


def ref_kernels(ref, where):
    """Import the kernel package of git revision ``ref`` as ``skrnn_ref_kernels``."""
    package = Path(where) / "skrnn_ref_kernels"
    package.mkdir()
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{ref}:skrnn/_kernels"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in names.split():
        if name.endswith(".py"):
            text = subprocess.run(["git", "show", f"{ref}:skrnn/_kernels/{name}"], cwd=ROOT,
                                  capture_output=True, text=True, check=True).stdout
            (package / name).write_text(text.replace("from .._jit import", "from skrnn._jit import"))
    sys.path.insert(0, str(where))
    return {cell: importlib.import_module(f"skrnn_ref_kernels.{module}")
            for cell, module in CELL_MODULES.items()}


def timed(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="git revision to compare with")
    parser.add_argument("--cells", nargs="+", default=list(CELL_MODULES))
    parser.add_argument("--batch", nargs="+", type=int, default=[32, 128])
    parser.add_argument("--hidden", nargs="+", type=int, default=[16, 64])
    parser.add_argument("--seq-len", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    args = parser.parse_args()
    current = {cell: getattr(_cells, module) for cell, module in CELL_MODULES.items()}
    with tempfile.TemporaryDirectory() as where:
        old = ref_kernels(args.ref, where)
        print(f"working tree vs {args.ref}: median seconds per call, T = {args.seq_len}, "
              f"8 features, OPENBLAS_CORETYPE="
              f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
        print(f"{'cell':<6}{'batch':>6}{'H':>5}  {'train now/ref':>14}  {'infer now/ref':>14}")
        rng = np.random.default_rng(0)
        for cell in args.cells:
            module = CELL_MODULES[cell]
            for batch in args.batch:
                for hidden in args.hidden:
                    net = RNNNetwork(cell, 8, hidden, dtype=np.float32)
                    params = net.init_params(random_state=0)
                    X = rng.standard_normal((batch, args.seq_len, 8), dtype=np.float32)
                    d_out = rng.standard_normal((batch, hidden), dtype=np.float32)

                    def train():
                        _, _, cache = net.forward(params, X)
                        return net.backward(params, cache, d_out, input_grad=False)[0]

                    def infer():
                        return net.forward(params, X, training=False)[0]

                    results = {"now": [], "ref": []}
                    outputs = {}
                    with blas_single_thread():
                        for _ in range(args.rounds):
                            for label, kernels in (("ref", old[cell]), ("now", current[cell])):
                                setattr(_cells, module, kernels)
                                outputs[label] = (train(), infer())
                                results[label].append((timed(train, args.repeats),
                                                       timed(infer, args.repeats)))
                    setattr(_cells, module, current[cell])
                    for a, b in zip(outputs["now"], outputs["ref"]):
                        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
                    now = [statistics.median(c) for c in zip(*results["now"])]
                    ref = [statistics.median(c) for c in zip(*results["ref"])]
                    print(f"{cell:<6}{batch:>6}{hidden:>5}  {now[0] / ref[0]:14.2f}  "
                          f"{now[1] / ref[1]:14.2f}", flush=True)


if __name__ == "__main__":
    main()
