"""What fixed batch chunks cost: the network's training step and inference call with the
batch cut by `skrnn._network._parallel.chunk_rows` (bitwise the same for every thread
count) as skrnn does it ("skrnn": `CHUNK_ROWS` rows per chunk, at most
`INFERENCE_MAX_CHUNKS` chunks in inference) and with several fixed chunk sizes for both,
against one shard per thread (the earlier rule, whose
results depended on the thread count) and against no split at all.

All variants run in one process, interleaved repetition by repetition, so a busy
machine slows them alike; medians per call in milliseconds, and each variant's ratio to
the per-thread shards. Workloads: LSTM and GRU, 8 features, one layer, T = 50, H = 64,
batches 32-512; ``train`` is forward + backward, ``infer`` a forward without caches.

Run: ``python benchmarks/bench_chunks.py [--threads 1 2] [--repeats 15]``; compare
``OPENBLAS_CORETYPE=Haswell`` with ``env -u OPENBLAS_CORETYPE``.
"""
import argparse
import time

import numpy as np

from skrnn._network import RNNNetwork
from skrnn._network import _network, _parallel

N_FEATURES, T, H = 8, 50, 64
SHARD_MIN_ROWS = 32  # the earlier rule: one shard per thread, at least 32 rows each


def per_thread_shards(n_threads):
    """The earlier rule, as a `chunk_rows` replacement: ``n_threads`` shards."""
    def chunks(lengths, training=True):
        n = min(n_threads, len(lengths) // SHARD_MIN_ROWS)
        if n < 2:
            return None
        return [np.sort(rows) for rows in _parallel.deal_by_length(lengths, n)]
    return chunks


def fixed_chunks(rows):
    """`chunk_rows` with ``rows`` rows per chunk in training and inference alike."""
    def chunks(lengths, training=True):
        saved = _parallel.CHUNK_ROWS, _parallel.INFERENCE_MAX_CHUNKS
        _parallel.CHUNK_ROWS, _parallel.INFERENCE_MAX_CHUNKS = rows, 1 << 30
        try:
            return ORIGINAL(lengths, training)
        finally:
            _parallel.CHUNK_ROWS, _parallel.INFERENCE_MAX_CHUNKS = saved
    return chunks


ORIGINAL = _parallel.chunk_rows


def step(net, params, X, lengths, mode):
    if mode == "infer":
        net.forward(params, X, lengths, training=False)
        return
    out, (h_n, _), cache = net.forward(params, X, lengths)
    net.backward(params, cache, np.zeros_like(out), np.ones_like(h_n), input_grad=False)


def measure(cell, batch, mode, n_threads, variants, repeats):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(batch, T, N_FEATURES)).astype(np.float32)
    lengths = rng.integers(T // 2, T + 1, size=batch)
    net = RNNNetwork(cell, N_FEATURES, H, dtype=np.float32, n_threads=n_threads)
    params = net.init_params(0)
    times = {name: [] for name in variants}
    for _ in range(repeats + 1):  # the first round warms up (numba's cache, the pools)
        for name, chunking in variants.items():
            _network.chunk_rows = chunking  # the name the network calls
            start = time.perf_counter()
            step(net, params, X, lengths, mode)
            times[name].append(time.perf_counter() - start)
    _network.chunk_rows = ORIGINAL
    return {name: 1e3 * float(np.median(t[1:])) for name, t in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, nargs="+", default=[32, 64, 128, 256, 512])
    parser.add_argument("--chunk-rows", type=int, nargs="+", default=[32, 64, 96])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    names = ["shards", "none", "skrnn"] + [f"chunks{r}" for r in args.chunk_rows]
    print("| cell | mode | batch | threads | " + " | ".join(f"{n} (ms)" for n in names)
          + " | " + " | ".join(f"{n} / shards" for n in names[2:]) + " |")
    print("|" + "---|" * (4 + 2 * len(names) - 2))
    for n_threads in args.threads:
        for cell in ("lstm", "gru"):
            for mode in ("train", "infer"):
                for batch in args.batch:
                    variants = {"shards": per_thread_shards(n_threads),
                                "none": lambda lengths, training=True: None,
                                "skrnn": ORIGINAL}
                    variants.update({f"chunks{r}": fixed_chunks(r) for r in args.chunk_rows})
                    ms = measure(cell, batch, mode, n_threads, variants, args.repeats)
                    ratios = [ms[n] / ms["shards"] for n in names[2:]]
                    print(f"| {cell} | {mode} | {batch} | {n_threads} | "
                          + " | ".join(f"{ms[n]:.2f}" for n in names) + " | "
                          + " | ".join(f"{r:.2f}" for r in ratios) + " |", flush=True)


if __name__ == "__main__":
    main()
