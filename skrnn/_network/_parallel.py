"""Data parallelism: one shard of the batch per thread, BLAS pinned to one thread.

Per-step GEMMs are too small to split well across cores, and a multi-threaded BLAS hands
work between threads at every step. Splitting the batch instead lets every core run its
shard's whole time loop with single-threaded BLAS; the kernels release the GIL, so plain
threads suffice. Shards are balanced by total length (sum of their rows' lengths), so a
batch of unequal lengths still splits its work evenly.
"""
import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# Smallest shard worth a thread, measured on the benchmark grid (LSTM and GRU, batch 32
# and 64, 2 threads): below this the per-step GEMMs are too thin for the thread overhead.
MIN_ROWS_PER_SHARD = 32
MIN_ROWS_PER_SHARD_WIDE = 16  # when hidden_size >= WIDE, per-step work is large enough
WIDE = 128

_lock = threading.Lock()
_pools = {}
_controller = None


def shard_rows(lengths, n_threads, hidden_size):
    """Row index arrays, one per shard, or None when the batch is too small to split."""
    N = lengths.shape[0]
    min_rows = MIN_ROWS_PER_SHARD_WIDE if hidden_size >= WIDE else MIN_ROWS_PER_SHARD
    n_shards = min(n_threads, N // min_rows)
    if n_shards < 2:
        return None
    # the network scatters each shard's outputs back by index, so ascending order suits it
    return [np.sort(rows) for rows in deal_by_length(lengths, n_shards)]


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


def parallel_map(fn, items):
    """``[fn(item) for item in items]`` on a thread pool (call inside ``blas_single_thread``)."""
    n = len(items)
    with _lock:
        pool = _pools.get(n)
        if pool is None:
            pool = _pools[n] = ThreadPoolExecutor(max_workers=n,
                                                  thread_name_prefix="skrnn-shard")
    return list(pool.map(fn, items))


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
