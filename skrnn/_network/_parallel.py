"""Data parallelism: the batch in fixed chunks, run on threads, BLAS pinned to one thread.

Per-step GEMMs are too small to split well across cores, and a multi-threaded BLAS hands
work between threads at every step. Splitting the batch instead lets every core run whole
time loops with single-threaded BLAS; the kernels release the GIL, so plain threads
suffice.

Results never depend on the number of threads: a batch is cut into chunks by its lengths
alone (`chunk_rows`), every chunk is one ordinary serial pass whichever thread runs it,
and the network adds the chunks' gradients in chunk order. A GEMM's result for a row
depends on the other rows of the call (the BLAS blocks by rows), so a split that followed
the thread count would change the last bits of outputs and gradients. Chunks are balanced
by total length (sum of their rows' lengths), so a batch of unequal lengths still splits
its work evenly.
"""
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# Smallest shard worth a thread in the echo state reservoir (`_reservoir.shard_chunks`).
MIN_ROWS_PER_SHARD = 32
# Smallest chunk of a batch, and the most chunks an inference call (``training=False``,
# no gradient to sum) is cut into. Each chunk costs its own GEMM calls (the weights are
# packed again per call), so many chunks cost a single thread time, while a batch left
# whole cannot use a second one. Measured with benchmarks/bench_chunks.py against one
# shard per thread (LSTM and GRU, T = 50, H = 64, batches 64-512; docs/results.md):
# 64-row chunks in training take 0.73-1.23x its time; in inference 64-row chunks cost one
# thread up to +40% at 512 rows, two chunks 0.98-1.24x (two threads 0.69-1.23x).
CHUNK_ROWS = 64
INFERENCE_MAX_CHUNKS = 2

_lock = threading.Lock()
_pools = {}
_controller = None


def chunk_rows(lengths, training=True):
    """The batch's fixed chunks: row index arrays (each ascending), or None for one chunk.

    ``2**k`` chunks, the largest power of two with at least `CHUNK_ROWS` rows per chunk
    (a power of two shares evenly between 2, 4, 8 threads), at most
    `INFERENCE_MAX_CHUNKS` when not ``training``; rows dealt by `deal_by_length`.
    Depends on ``lengths`` (and ``training``) only, never on the number of threads.
    """
    n = len(lengths) // CHUNK_ROWS
    if n < 2:
        return None
    n_chunks = 1 << (n.bit_length() - 1)
    if not training:
        n_chunks = min(n_chunks, INFERENCE_MAX_CHUNKS)
    # the network scatters each chunk's outputs back by index, so ascending order suits it
    return [np.sort(rows) for rows in deal_by_length(lengths, n_chunks)]


def deal_by_length(lengths, n_shards):
    """Split rows into ``n_shards`` shards of balanced total length, each longest first.

    Rows are sorted by length, longest first (stable: ties keep their order), then dealt
    in a snake pattern (0 1 1 0 0 1 ...): every shard gets a similar mix of long and short
    rows, so the shards' work and time-loop lengths stay balanced. Returns a list of
    ``n_shards`` row index arrays, each in that sorted order.
    """
    order = np.argsort(-lengths, kind="stable")
    snake = np.concatenate([np.arange(n_shards), np.arange(n_shards)[::-1]])
    owner = np.resize(snake, len(order))
    return [order[owner == s] for s in range(n_shards)]


def parallel_map(fn, items, n_workers=None):
    """``[fn(item) for item in items]`` on a pool of ``n_workers`` threads (default: one
    per item); results in the order of ``items`` (call inside ``blas_single_thread``)."""
    n = len(items) if n_workers is None else n_workers
    with _lock:
        pool = _pools.get(n)
        if pool is None:
            pool = _pools[n] = ThreadPoolExecutor(max_workers=n,
                                                  thread_name_prefix="skrnn-shard")
    return list(pool.map(fn, items))


def map_chunks(fn, chunks, n_threads):
    """``[fn(chunk) for chunk in chunks]``, on up to ``n_threads`` threads; the results
    are the same (bitwise) for every ``n_threads``, in the order of ``chunks``."""
    n_workers = min(n_threads, len(chunks))
    if n_workers < 2:
        return [fn(chunk) for chunk in chunks]
    return parallel_map(fn, chunks, n_workers)


_pinned = 0  # nesting depth of blas_single_thread, so inner uses cost nothing


@contextlib.contextmanager
def blas_single_thread():
    """Pin every loaded BLAS (numpy's and the one numba's ``np.dot`` calls) to one thread.

    Every engine call runs inside this: per-step GEMMs are far too small for a
    multi-threaded BLAS (measured: an LSTM forward 2.6x slower with 2 BLAS threads than
    with 1); parallelism comes from batch shards instead. Re-entrant: a caller (a fit loop)
    may hold it around many calls, and the inner ones then cost nothing (a pin/unpin
    costs about 60 us).
    """
    global _controller, _pinned
    with _lock:
        outer = _pinned == 0
        _pinned += 1
    try:
        if outer:
            if _controller is None:
                from threadpoolctl import ThreadpoolController
                _controller = ThreadpoolController()
            with _controller.limit(limits=1, user_api="blas"):
                yield
        else:
            yield
    finally:
        with _lock:
            _pinned -= 1
