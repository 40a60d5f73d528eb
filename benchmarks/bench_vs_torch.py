"""skrnn's numba engine against PyTorch (CPU): training-step and inference throughput.

Both run in one process, on the same data, the same weights (skrnn's initial parameters
are copied into the torch module) and the same thread count. Per workload (cell, batch,
length, hidden; 8 input features, one unidirectional layer, the last state as output):

- ``train``: forward + backward with a fixed random gradient on the last state + a plain
  SGD update of every parameter (torch: manual ``p -= lr * p.grad`` under ``no_grad``,
  then ``p.grad = None``, which is what ``zero_grad()`` does by default);
- ``infer``: one forward (torch under ``torch.inference_mode()``).

Both libraries are warmed up first (skrnn's first call compiles or loads numba kernels)
and their outputs and gradients are checked to agree; then repetitions of skrnn and
torch are timed interleaved, and the median per call is reported as sequences/second.
FLOPs: forward = 2*T*N*G*H*(D+H) (G = 4 lstm, 3 gru, 1 rnn), train = 3 x forward; skrnn's
GFLOP/s is also given as a share of the machine's sgemm peak (best square float32 GEMM of
numpy's and numba's OpenBLAS at n = 1024..4096, measured at start, same threads).

Threads: ``torch.set_num_threads(k)``, ``RNNNetwork(n_threads=k)``, and the whole run sits
inside ``threadpoolctl.threadpool_limits(k, user_api="blas")``, so that numpy's OpenBLAS
(skrnn's input-projection and weight-gradient GEMMs) and scipy's OpenBLAS (which numba's
``np.dot`` calls inside the kernels) use k threads too, also when k < the core count.

Run (from the repository root)::

    python benchmarks/bench_vs_torch.py --quick                # subset, < 2 minutes
    python benchmarks/bench_vs_torch.py --json results.json    # the full grid
    python benchmarks/bench_vs_torch.py --cells lstm --hidden 128 256 --threads 1
    python benchmarks/bench_vs_torch.py --jit-startup          # numba compile cost only

OpenBLAS core type: the environment may pin OpenBLAS's kernels; compare the pin with what
OpenBLAS picks itself on this CPU (as it does on a user's machine)::

    OPENBLAS_CORETYPE=Haswell python benchmarks/bench_vs_torch.py --quick
    env -u OPENBLAS_CORETYPE python benchmarks/bench_vs_torch.py --quick
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numba
import numpy as np
import scipy.linalg  # noqa: F401  (loads scipy's OpenBLAS, the one numba's np.dot calls)
import torch
from threadpoolctl import threadpool_info, threadpool_limits

from skrnn._network import RNNNetwork

N_GATES = {"lstm": 4, "gru": 3, "rnn": 1}
TORCH_CELLS = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}
N_FEATURES = 8
LR = 0.01
FULL_GRID = {"cells": ["lstm", "gru", "rnn"], "batch": [32, 128], "seq_len": [50, 200],
             "hidden": [32, 64, 128, 256]}
QUICK_GRID = {"cells": ["lstm", "gru", "rnn"], "batch": [128], "seq_len": [50],
              "hidden": [64, 256]}


# --------------------------------------------------------------------------- header
def cpu_model():
    """The CPU's model name and its widest vector extension, from /proc/cpuinfo."""
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    flags = info.get("flags", "").split()
    vector = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "?"
    return f"{info.get('model name') or platform.processor() or 'unknown'}, {vector}"


def blas_lines():
    """One line per OpenBLAS that numpy and scipy loaded (threadpoolctl's view)."""
    lines = []
    for info in sorted(threadpool_info(), key=lambda i: i["filepath"]):
        if info.get("internal_api") != "openblas":
            continue
        path = info["filepath"]
        owner = "numpy" if "numpy" in path else "scipy" if "scipy" in path else "other"
        lines.append(f"  {owner:5s} OpenBLAS {info.get('version')}: architecture="
                     f"{info.get('architecture')}, num_threads={info.get('num_threads')}"
                     f"  ({os.path.basename(path)})")
    return lines or ["  no OpenBLAS found by threadpoolctl"]


def torch_blas():
    config = torch.__config__.show()
    return config.split("BLAS_INFO=", 1)[1].split(",", 1)[0] if "BLAS_INFO=" in config \
        else "unknown"


def cpu_snapshot():
    """(wall s, whole machine's busy CPU s, this process's CPU s); machine's 0 off Linux."""
    try:
        with open("/proc/stat") as f:
            ticks = [int(v) for v in f.readline().split()[1:]]
        busy = (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        busy = 0.0
    mine = os.times()
    return time.perf_counter(), busy, mine.user + mine.system


def others_share(start, end):
    """Share of all cores that other processes used between two snapshots."""
    wall, busy, mine = (b - a for a, b in zip(start, end))
    return max(0.0, (busy - mine) / (wall * (os.cpu_count() or 1))) if busy else 0.0


def print_header(threads, peak):
    coretype = os.environ.get("OPENBLAS_CORETYPE") or "unset, OpenBLAS chooses"
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores); threads used: {threads}")
    print("BLAS (numba's np.dot calls scipy's OpenBLAS, which skrnn uses for all its GEMMs):")
    print("\n".join(blas_lines()))
    print(f"OPENBLAS_CORETYPE: {coretype}")
    print(f"torch {torch.__version__}: BLAS={torch_blas()}, mkldnn available="
          f"{torch.backends.mkldnn.is_available()}, num_threads={torch.get_num_threads()}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print(f"numpy {np.__version__}; sgemm peak (best of numpy's and numba's float32 GEMM at "
          f"n = 1024, 2048, 4096): {peak:.1f} GFLOP/s\n")


@numba.njit(cache=False)
def _numba_sgemm(a, b, out, repeats):
    for _ in range(repeats):
        np.dot(a, b, out)


def sgemm_peak(sizes=(1024, 2048, 4096), repeats=3):
    """Best float32 GEMM GFLOP/s on this machine, with the active thread limits.

    Tries both OpenBLAS builds in the process, numpy's (``np.matmul``) and scipy's (which
    numba's ``np.dot`` calls, so skrnn's kernels use it), at several sizes: on this
    machine they differ by 2x on one thread, and "peak" must mean the best the hardware
    gives, not one library's figure.
    """
    rng = np.random.default_rng(0)
    best = 0.0
    for n in sizes:
        a, b = (rng.standard_normal((n, n), dtype=np.float32) for _ in range(2))
        out = a @ b
        _numba_sgemm(a, b, out, 1)
        for run in (lambda: np.matmul(a, b, out=out), lambda: _numba_sgemm(a, b, out, 1)):
            for _ in range(repeats):
                t0 = time.perf_counter()
                run()
                best = max(best, 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


# ------------------------------------------------------------------------ workloads
def forward_flops(cell, batch, seq_len, hidden):
    return 2 * seq_len * batch * N_GATES[cell] * hidden * (N_FEATURES + hidden)


def build_pair(cell, hidden, threads):
    """An skrnn network with fresh parameters and a torch module holding a copy of them."""
    net = RNNNetwork(cell, N_FEATURES, hidden, dtype=np.float32, n_threads=threads)
    params = net.init_params(random_state=0)
    module = TORCH_CELLS[cell](N_FEATURES, hidden, num_layers=1, batch_first=True)
    views = net.views(params)
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(np.ascontiguousarray(views[name])))
    return net, params, module


def make_data(batch, seq_len, hidden):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((batch, seq_len, N_FEATURES), dtype=np.float32)
    d_out = rng.standard_normal((batch, hidden), dtype=np.float32)
    return X, d_out


def skrnn_step_fns(net, params, X, d_out):
    def train():
        _, _, cache = net.forward(params, X)
        grad, _, _, _ = net.backward(params, cache, d_out, input_grad=False)
        params[...] -= LR * grad  # in place: the same vector the next call reads

    def infer():
        return net.forward(params, X, training=False)[0]

    return {"train": train, "infer": infer}


def torch_step_fns(module, X, d_out):
    x, g = torch.from_numpy(X), torch.from_numpy(d_out)
    weights = list(module.parameters())

    def train():
        out, _ = module(x)
        out[:, -1].backward(g)  # last output step == h_n[-1] (1 layer, 1 direction)
        with torch.no_grad():
            for p in weights:
                p -= LR * p.grad
                p.grad = None

    def infer():
        with torch.inference_mode():
            return module(x)[0][:, -1]

    return {"train": train, "infer": infer}


def agreement(net, params, module, X, d_out):
    """Max abs differences (last state, gradients relative to their scale) before timing.

    Also serves as skrnn's warm-up: its first forward/backward compiles the kernels.
    """
    out, _, cache = net.forward(params, X)
    grad = net.views(net.backward(params, cache, d_out)[0])
    t_out, _ = module(torch.from_numpy(X))
    t_out[:, -1].backward(torch.from_numpy(d_out))
    out_diff = float(np.abs(out - t_out[:, -1].detach().numpy()).max())
    grad_diff = 0.0
    for name, p in module.named_parameters():
        ref = p.grad.numpy()
        scale = max(float(np.abs(ref).max()), 1e-12)
        grad_diff = max(grad_diff, float(np.abs(grad[name] - ref).max()) / scale)
        p.grad = None
    return out_diff, grad_diff


# --------------------------------------------------------------------------- timing
def calibrate(fn, min_time):
    """Calls per timed repetition so that one repetition lasts about ``min_time``."""
    fn()
    t0 = time.perf_counter()
    fn()
    once = time.perf_counter() - t0
    return max(1, int(round(min_time / max(once, 1e-9))))


def time_interleaved(fns, repeats, min_time):
    """Median seconds per call of each function in ``fns``, repetitions interleaved.

    Each timed block starts with one untimed call: right after the other library ran,
    its caches are cold and its idle worker threads may still be spinning.
    """
    inner = {name: calibrate(fn, min_time) for name, fn in fns.items()}
    samples = {name: [] for name in fns}
    order = list(fns)
    for rep in range(repeats):
        for name in order if rep % 2 == 0 else order[::-1]:
            fn, k = fns[name], inner[name]
            fn()
            t0 = time.perf_counter()
            for _ in range(k):
                fn()
            samples[name].append((time.perf_counter() - t0) / k)
    return {name: statistics.median(ts) for name, ts in samples.items()}


def bench_workload(cell, batch, seq_len, hidden, args, peak):
    """Both modes of one workload: a list of two records."""
    net, params, module = build_pair(cell, hidden, args.threads)
    X, d_out = make_data(batch, seq_len, hidden)
    out_diff, grad_diff = agreement(net, params, module, X, d_out)
    if out_diff > 1e-3 or grad_diff > 1e-3:
        print(f"WARNING {cell} N={batch} T={seq_len} H={hidden}: skrnn and torch disagree "
              f"(last state {out_diff:.2e}, relative gradient {grad_diff:.2e})")
    ours, theirs = skrnn_step_fns(net, params, X, d_out), torch_step_fns(module, X, d_out)
    records, start = [], cpu_snapshot()
    for mode in ("train", "infer"):
        t = time_interleaved({"skrnn": ours[mode], "torch": theirs[mode]},
                             args.repeats, args.min_time)
        flops = forward_flops(cell, batch, seq_len, hidden) * (3 if mode == "train" else 1)
        gflops = flops / t["skrnn"] / 1e9
        records.append({
            "cell": cell, "batch": batch, "seq_len": seq_len, "hidden": hidden,
            "mode": mode, "skrnn_seq_per_s": batch / t["skrnn"],
            "torch_seq_per_s": batch / t["torch"], "ratio": t["torch"] / t["skrnn"],
            "skrnn_gflops": gflops, "peak_share": gflops / peak,
            "torch_gflops": flops / t["torch"] / 1e9,
            "max_abs_diff_out": out_diff, "max_rel_diff_grad": grad_diff})
    share = others_share(start, cpu_snapshot())
    for rec in records:
        rec["others_cpu_share"] = share
    return records


# --------------------------------------------------------------------------- output
COLUMNS = [  # (title, record key, format spec); text left-aligned, numbers right-aligned
    ("cell", "cell", "<5"), ("batch", "batch", ">5"), ("seq_len", "seq_len", ">7"),
    ("hidden", "hidden", ">6"), ("mode", "mode", "<5"),
    ("skrnn seq/s", "skrnn_seq_per_s", ">11.0f"), ("torch seq/s", "torch_seq_per_s", ">11.0f"),
    ("ratio skrnn/torch", "ratio", ">17.2f"), ("skrnn GFLOP/s", "skrnn_gflops", ">13.1f"),
    ("% of sgemm peak", "peak_share", ">15.1%")]


def format_row(record):
    noisy = record.get("others_cpu_share", 0.0) > 0.1
    return "  ".join(format(record[key], spec) for _, key, spec in COLUMNS) + \
        (f"  * others used {record['others_cpu_share']:.0%} of the cores" if noisy else "")


def table_header():
    line = "  ".join(format(title, spec[0] + spec[1:].split(".")[0])
                     for title, _, spec in COLUMNS)
    return line + "\n" + "-" * len(line)


def print_summary(records):
    print("\nSummary: median skrnn/torch throughput ratio (>1: skrnn faster)")
    for cell in dict.fromkeys(r["cell"] for r in records):
        parts = []
        for mode in ("train", "infer"):
            ratios = [r["ratio"] for r in records if r["cell"] == cell and r["mode"] == mode]
            if ratios:
                parts.append(f"{mode} {statistics.median(ratios):5.2f}"
                             f" (min {min(ratios):.2f}, max {max(ratios):.2f}, n={len(ratios)})")
        print(f"  {cell:<5} " + "   ".join(parts))


# ---------------------------------------------------------------------- JIT startup
STARTUP_CHILD = """
import json, sys, time
import numpy as np
t0 = time.perf_counter()
from skrnn._network import RNNNetwork
result = {"import_s": time.perf_counter() - t0}
rng = np.random.default_rng(0)
X = rng.standard_normal((4, 10, 8), dtype=np.float32)
for cell in sys.argv[1].split(","):
    net = RNNNetwork(cell, 8, 16, dtype=np.float32)
    params = net.init_params(random_state=0)
    t0 = time.perf_counter()
    out, _, cache = net.forward(params, X)
    net.backward(params, cache, np.ones_like(out))
    result[cell] = time.perf_counter() - t0
print(json.dumps(result))
"""


def run_startup_child(cells, cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", STARTUP_CHILD, ",".join(cells)], env=env,
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t0
    return result


def jit_startup():
    """First forward+backward in a fresh process: empty numba cache, then the same cache."""
    print("First-call cost in a fresh process (small network: N=4, T=10, D=8, H=16);")
    print("cold = new empty NUMBA_CACHE_DIR (compiles), warm = same directory again (loads)")
    for cells in (["lstm"], ["lstm", "gru", "rnn"]):
        with tempfile.TemporaryDirectory(prefix="skrnn-numba-cache-") as cache_dir:
            for label in ("cold", "warm"):
                r = run_startup_child(cells, cache_dir)
                calls = ", ".join(f"{c} {r[c]:.2f} s" for c in cells)
                total = sum(r[c] for c in cells)
                print(f"  {'+'.join(cells):<12} {label}: first forward+backward: {calls}"
                      f" (sum {total:.2f} s); import {r['import_s']:.2f} s;"
                      f" whole process {r['process_s']:.2f} s")


# ----------------------------------------------------------------------------- main
def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=2, help="threads for both (default 2)")
    p.add_argument("--quick", action="store_true", help="small subset, under 2 minutes")
    p.add_argument("--cells", nargs="+", choices=sorted(N_GATES))
    p.add_argument("--batch", nargs="+", type=int)
    p.add_argument("--seq-len", nargs="+", type=int)
    p.add_argument("--hidden", nargs="+", type=int)
    p.add_argument("--repeats", type=int, help="timed repetitions (default 7, quick 5)")
    p.add_argument("--min-time", type=float, default=0.05,
                   help="seconds per timed repetition (calls are batched up to it)")
    p.add_argument("--json", metavar="PATH", help="write the records to PATH")
    p.add_argument("--jit-startup", action="store_true",
                   help="only measure the numba first-call cost (cold and warm cache)")
    args = p.parse_args(argv)
    grid = QUICK_GRID if args.quick else FULL_GRID
    for key in grid:
        if getattr(args, key) is None:
            setattr(args, key, grid[key])
    if args.repeats is None:
        args.repeats = 5 if args.quick else 7
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.jit_startup:
        jit_startup()
        return
    torch.set_num_threads(args.threads)
    start = cpu_snapshot()
    with threadpool_limits(limits=args.threads, user_api="blas"):
        peak = sgemm_peak()
        print_header(args.threads, peak)
        print(table_header())
        records = []
        for cell in args.cells:
            for batch in args.batch:
                for seq_len in args.seq_len:
                    for hidden in args.hidden:
                        for rec in bench_workload(cell, batch, seq_len, hidden, args, peak):
                            print(format_row(rec), flush=True)
                            records.append(rec)
    print_summary(records)
    share = others_share(start, cpu_snapshot())
    print(f"other processes used {share:.0%} of the cores during the run"
          + (" (figures are noisy: benchmark on an idle machine)" if share > 0.1 else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(records, f, indent=1)
        print(f"\nwrote {len(records)} records to {args.json}")


if __name__ == "__main__":
    main()
