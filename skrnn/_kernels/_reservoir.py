"""Leaky echo state reservoir: run a fixed random recurrence and pool its states.

``x_t = (1 - a) x_{t-1} + a tanh(W_in u_t + W x_{t-1} + b)`` from ``x_0 = 0``, for every
sequence of a padded batch (Jaeger 2007; Lukosevicius 2012, eq. 2-3). Nothing is
learned, so there is only a forward pass, and it returns the pooled states directly
instead of the (n_samples, T, H) state sequence.

The batch is reordered inside the kernel, longest sequence first and time-major, so that
at step ``t`` the rows still running are a contiguous prefix ``[0, n)``; finished rows
drop out of the per-step GEMMs and keep their final state (the engine's packed layout,
see ``docs/architecture.md``). Each step is two GEMMs on that prefix (input and recurrent
products; the input has few features, and precomputing its projection for all steps
would hold an (n_samples, T, H) array for nothing), then one flat pass for the leaky
tanh update and one per pooled statistic. Segment means are summed during the run too,
so a long sequence never needs its (T, H) states in memory.
"""
import numpy as np

from .._jit import jit
from ._activations import tanh
from ._gemm import matmul_into


@jit
def forward(X, lengths, W_in, W, bias, leak_rate, washout, last, mean, peak, segments):
    """Run the reservoir over every sequence and pool its states.

    Parameters
    ----------
    X : ndarray of shape (N, T, D), float32 or float64
        Padded sequences, rows in any order; only ``X[i, :lengths[i]]`` is read.
    lengths : ndarray of shape (N,), int64
        Length of each sequence, each in ``1 .. T``.
    W_in : ndarray of shape (H, D)
        Input weights.
    W : ndarray of shape (H, H)
        Recurrent weights.
    bias : ndarray of shape (H,)
        Bias of each reservoir unit.
    leak_rate : float of X's dtype
        ``a`` in (0, 1]; 1 is the plain (non-leaky) tanh reservoir.
    washout : int
        Number of leading steps each sequence leaves out of ``mean`` and ``peak``,
        clamped to ``lengths[i] - 1`` so that the last step always counts.
    last : ndarray of shape (N, H), output
        The final state ``x_{T_i}`` of each sequence.
    mean : ndarray of shape (N, H) or (0, H), output
        Mean of each sequence's states over steps ``washout + 1 .. T_i``; not computed
        when it has 0 rows.
    peak : ndarray of shape (N, H) or (0, H), output
        Maximum of the same states, unit by unit; not computed when it has 0 rows.
    segments : ndarray of shape (N, K, H) or (0, K, H), output
        The same ``m_i = T_i - washout_i`` states cut into ``K`` segments of equal
        length, and the mean state of each: segment ``k`` holds the counted steps
        ``a = min(k m_i // K, m_i - 1)`` to ``max(a + 1, (k + 1) m_i // K)``
        (exclusive), a partition when ``m_i >= K``, one step each otherwise. Not
        computed when it has 0 rows.
    """
    N, T, D = X.shape
    H = W.shape[0]
    dtype = X.dtype
    want_mean = mean.shape[0] > 0
    want_peak = peak.shape[0] > 0
    want_segments = segments.shape[0] > 0
    K = segments.shape[1]
    # Rows by decreasing length, ties in input order: a counting sort on T - length
    # (lengths are 1 .. T), which compiles in a fraction of numba's argsort's time.
    position = np.zeros(T + 1, dtype=np.int64)
    for i in range(N):
        position[T - lengths[i] + 1] += 1
    for k in range(T):
        position[k + 1] += position[k]
    order = np.empty(N, dtype=np.int64)
    for i in range(N):
        k = T - lengths[i]
        order[position[k]] = i
        position[k] += 1
    # Inputs time-major, rows sorted by length: step t's live rows are xs[t, :n].
    xs = np.zeros((T, N, D), dtype=dtype)
    skip = np.empty(N, dtype=np.int64)
    for r in range(N):
        i = order[r]
        for t in range(lengths[i]):  # element loops: a row assignment costs compile time
            for j in range(D):
                xs[t, r, j] = X[i, t, j]
        skip[r] = min(washout, lengths[i] - 1)
    # each row's segments, in counted steps (after the washout): [seg_start, seg_end)
    seg_start = np.zeros((N if want_segments else 0, K), dtype=np.int64)
    seg_end = np.zeros((N if want_segments else 0, K), dtype=np.int64)
    seg_next = np.zeros(N if want_segments else 0, dtype=np.int64)
    if want_segments:
        for r in range(N):
            m = lengths[order[r]] - skip[r]
            for k in range(K):
                a = min(k * m // K, m - 1)
                seg_start[r, k] = a
                seg_end[r, k] = max(a + 1, (k + 1) * m // K)
    seg_sums = np.zeros((N if want_segments else 0, K, H), dtype=dtype)
    state = np.zeros((N, H), dtype=dtype)
    drive = np.empty((N, H), dtype=dtype)
    rec = np.empty((N, H), dtype=dtype)
    sums = np.zeros((N if want_mean else 0, H), dtype=dtype)
    maxes = np.full((N if want_peak else 0, H), -np.inf, dtype=dtype)
    W_in_T = W_in.T
    W_T = W.T
    keep = dtype.type(1.0) - leak_rate
    n = N
    for t in range(T):
        while n > 0 and lengths[order[n - 1]] <= t:
            n -= 1
        if n == 0:
            break
        matmul_into(xs[t, :n], W_in_T, drive[:n])
        if t > 0:  # x_0 = 0: no recurrent input at the first step
            matmul_into(state[:n], W_T, rec[:n])
            for r in range(n):
                d = drive[r]
                q = rec[r]
                for j in range(H):
                    d[j] += q[j]
        for r in range(n):
            s = state[r]
            d = drive[r]
            for j in range(H):
                s[j] = keep * s[j] + leak_rate * tanh(d[j] + bias[j])
        for r in range(n):
            if t < skip[r]:
                continue
            s = state[r]
            if want_mean:
                acc = sums[r]
                for j in range(H):
                    acc[j] += s[j]
            if want_peak:
                top = maxes[r]
                for j in range(H):
                    top[j] = max(top[j], s[j])
            if want_segments:
                c = t - skip[r]
                while seg_end[r, seg_next[r]] <= c:  # segments are ordered
                    seg_next[r] += 1
                k = seg_next[r]
                while k < K and seg_start[r, k] <= c:
                    acc = seg_sums[r, k]
                    for j in range(H):
                        acc[j] += s[j]
                    k += 1
    for r in range(N):
        i = order[r]
        for j in range(H):
            last[i, j] = state[r, j]
        if want_mean:
            count = dtype.type(lengths[i] - skip[r])
            for j in range(H):
                mean[i, j] = sums[r, j] / count
        if want_peak:
            for j in range(H):
                peak[i, j] = maxes[r, j]
        if want_segments:
            for k in range(K):
                count = dtype.type(seg_end[r, k] - seg_start[r, k])
                for j in range(H):
                    segments[i, k, j] = seg_sums[r, k, j] / count

