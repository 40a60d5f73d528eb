"""Echo state reservoirs: draw the fixed random weights, run them over a batch and pool.

A reservoir is never trained, so it needs no parameter layout or backward pass: just its
three weight arrays (`init_reservoir`) and a forward pass that returns pooled states
instead of the (n_samples, T, H) state sequence (`run_reservoir`). The recurrence itself
is the kernel ``skrnn._kernels._reservoir.forward``; this module splits the batch into
kernel calls and threads.

The leaky-integrator update and the reservoir recipe (sparse random recurrent matrix
rescaled to a spectral radius) are those of Jaeger et al. (2007) and Lukosevicius (2012).
"""
import numpy as np
from sklearn.utils import check_random_state

from .._kernels import _reservoir
from ._parallel import MIN_ROWS_PER_SHARD, blas_single_thread, deal_by_length, parallel_map

# Rows per kernel call: bounds the kernel's buffers (time-major inputs, three (rows, H)
# state arrays) whatever the number of sequences.
CHUNK_ROWS = 1024

# The statistics the kernel can pool each sequence's states into.
STATISTICS = ("last", "mean", "max", "segments")


def init_reservoir(n_inputs, n_reservoir, *, spectral_radius, sparsity, input_scaling,
                   bias_scaling, random_state):
    """Draw a reservoir's input weights, recurrent weights and biases (float64).

    ``W`` has exactly ``max(1, round((1 - sparsity) * n_reservoir))`` nonzeros in each row,
    at random columns, uniform in [-1, 1] and then rescaled so that its spectral radius
    (largest eigenvalue modulus) is ``spectral_radius``. ``bias`` is uniform in
    ``[-bias_scaling, bias_scaling]`` and ``W_in`` uniform in
    ``[-input_scaling, input_scaling]``.

    The draws come in the order ``W``, ``bias``, ``W_in``, each as uniform [-1, 1] values
    scaled afterwards, and ``W_in`` one input (column) at a time: so one ``random_state``
    gives the same reservoir up to scale factors whatever the scalings and the number of
    inputs, and a grid search over the scalings compares one reservoir.

    Parameters
    ----------
    n_inputs : int
        Number of input channels ``D``.
    n_reservoir : int
        Number of reservoir units ``H``.
    spectral_radius : float
        Spectral radius of ``W``, >= 0.
    sparsity : float
        Fraction of zeros in ``W``, in [0, 1).
    input_scaling, bias_scaling : float
        Half-widths of the uniform distributions of ``W_in`` and ``bias``.
    random_state : int, RandomState instance or None
        Source of the draws; a RandomState instance is consumed.

    Returns
    -------
    W_in : ndarray of shape (H, D)
    W : ndarray of shape (H, H)
    bias : ndarray of shape (H,)
    """
    rng = check_random_state(random_state)
    with blas_single_thread():  # eigvals of a small matrix: BLAS threads only cost
        W = _recurrent_weights(n_reservoir, sparsity, spectral_radius, rng)
    bias = bias_scaling * rng.uniform(-1.0, 1.0, n_reservoir)
    # drawn (D, H) and transposed, so that the weights of the first inputs do not depend
    # on how many follow
    W_in = input_scaling * rng.uniform(-1.0, 1.0, (n_inputs, n_reservoir)).T
    return np.ascontiguousarray(W_in), W, bias


def _recurrent_weights(n_reservoir, sparsity, spectral_radius, rng):
    """A sparse random (H, H) matrix, float64, rescaled to the given spectral radius.

    Each row has exactly ``max(1, round((1 - sparsity) * H))`` nonzeros, uniform in
    [-1, 1] before the rescaling, at columns drawn without replacement.
    """
    H = n_reservoir
    k = max(1, int(round((1.0 - sparsity) * H)))
    if k < H:
        columns = np.argpartition(rng.random((H, H)), k - 1, axis=1)[:, :k]
    else:
        columns = np.tile(np.arange(H), (H, 1))
    W = np.zeros((H, H))
    W[np.arange(H)[:, None], columns] = rng.uniform(-1.0, 1.0, (H, k))
    # All eigenvalues, not a norm bound: the radius is then exactly as requested. At
    # least one nonzero per row makes a zero radius a probability-zero event (one nonzero
    # per row closes a cycle of nonzero weights, hence a nonzero eigenvalue).
    radius = np.abs(np.linalg.eigvals(W)).max()
    if not radius > 0:
        raise RuntimeError(f"The random recurrent matrix drawn has spectral radius "
                           f"{radius}; draw another with a different random_state.")
    return W * (spectral_radius / radius)


def run_reservoir(X, lengths, W_in, W, bias, *, leak_rate, washout=0,
                  statistics=("mean",), n_segments=1, n_threads=1):
    """Run a leaky tanh reservoir over every sequence and pool its states.

    ``x_t = (1 - leak_rate) x_{t-1} + leak_rate tanh(W_in u_t + W x_{t-1} + bias)`` from
    ``x_0 = 0``, each sequence from its own first step to its own last.

    Parameters
    ----------
    X : ndarray of shape (N, T, D), float32 or float64
        Padded sequences; only ``X[i, :lengths[i]]`` is read.
    lengths : ndarray of shape (N,), int64
        Length of each sequence, each in ``1 .. T``.
    W_in, W, bias : ndarrays of shapes (H, D), (H, H), (H,), X's dtype
        The reservoir, as `init_reservoir` draws it (cast to X's dtype).
    leak_rate : float
        In (0, 1]; 1 is the plain tanh reservoir.
    washout : int, default=0
        Leading steps left out of the "mean", "max" and "segments" statistics, clamped
        so that a sequence's last step always counts.
    statistics : sequence of {"last", "mean", "max", "segments"}, default=("mean",)
        The pooled statistics, in the order of the output's column blocks. "segments"
        is ``n_segments`` blocks: the mean state over each of ``n_segments`` equal
        segments of the sequence's (counted) steps, first segment first (see the
        kernel for the segments of sequences shorter than ``n_segments``).
    n_segments : int, default=1
        Number of segments of the "segments" statistic, >= 1; 1 is the mean.
    n_threads : int, default=1
        Threads to split the sequences over (at least ``MIN_ROWS_PER_SHARD`` each). The
        kernel releases the GIL. A row's result may differ in the last bit between thread
        counts, because BLAS rounds a row of a GEMM differently with the number of rows
        in the call; for one thread count it is deterministic.

    Returns
    -------
    pooled : ndarray of shape (N, H * n_blocks), X's dtype
        Row ``i`` is the statistics of sequence ``i``, side by side: one block of ``H``
        columns per statistic, ``n_segments`` for "segments".
    """
    statistics = tuple(statistics)
    unknown = set(statistics) - set(STATISTICS)
    if unknown or not statistics:
        raise ValueError(f"statistics must be a non-empty sequence of {STATISTICS}, got "
                         f"{statistics}.")
    dtype = X.dtype
    if not all(a.dtype == dtype for a in (W_in, W, bias)):
        raise ValueError(f"The reservoir's weights must have X's dtype {dtype}, got "
                         f"{W_in.dtype}, {W.dtype} and {bias.dtype}.")
    if not (isinstance(n_segments, (int, np.integer)) and n_segments >= 1):
        raise ValueError(f"n_segments must be an integer >= 1, got {n_segments!r}.")
    H = W.shape[0]
    K = int(n_segments)
    widths = {"last": H, "mean": H, "max": H, "segments": K * H}
    leak_rate = dtype.type(leak_rate)  # the kernel's arithmetic stays in X's precision
    out = np.empty((X.shape[0], sum(widths[part] for part in statistics)), dtype=dtype)

    def run(rows):
        chunk_lengths = lengths[rows]
        # a contiguous copy, padded only to this chunk's longest sequence
        chunk = X[rows, :int(chunk_lengths.max())]
        pooled = {"last": np.empty((len(rows), H), dtype=dtype)}
        for part in ("mean", "max"):  # 0 rows: the kernel skips the statistic
            pooled[part] = np.empty((len(rows) if part in statistics else 0, H),
                                    dtype=dtype)
        segments = np.empty((len(rows) if "segments" in statistics else 0, K, H),
                            dtype=dtype)
        _reservoir.forward(chunk, chunk_lengths, W_in, W, bias, leak_rate, washout,
                           pooled["last"], pooled["mean"], pooled["max"], segments)
        pooled["segments"] = segments.reshape(segments.shape[0], K * H)
        out[rows] = np.hstack([pooled[part] for part in statistics])

    def run_shard(chunks):
        for rows in chunks:
            run(rows)

    shards = shard_chunks(lengths, n_threads)
    with blas_single_thread():  # per-step GEMMs are too small for BLAS threads
        if len(shards) > 1:
            parallel_map(run_shard, shards)
        else:
            run_shard(shards[0])
    return out


def shard_chunks(lengths, n_threads):
    """The rows of each thread, as lists of row index arrays (one per kernel call).

    Rows are dealt to ``min(n_threads, N // MIN_ROWS_PER_SHARD)`` shards (at least one)
    by `deal_by_length`, so each shard is sorted longest first and each call pads only to
    its own longest sequence; each shard is then cut into calls of at most `CHUNK_ROWS`
    rows.
    """
    n_shards = max(1, min(n_threads, len(lengths) // MIN_ROWS_PER_SHARD))
    return [[shard[start:start + CHUNK_ROWS] for start in range(0, len(shard), CHUNK_ROWS)]
            for shard in deal_by_length(lengths, n_shards)]
