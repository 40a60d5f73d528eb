"""Pieces shared by every cell kernel.

Packed layout (as PyTorch's PackedSequence): a batch sorted by length, longest first, is
stored time step after time step, keeping only the live rows. Step ``t`` holds rows
``0 .. batch_sizes[t] - 1`` at packed rows ``offsets[t] .. offsets[t] + batch_sizes[t] - 1``.
Every per-step slab is contiguous, padding is never stored nor computed, and weight
gradients are exact single GEMMs over all packed rows.

A recurrent state buffer of shape (N, H) is updated on its live prefix only. Forward in
time, finished rows keep their final state; backward in time (the reverse direction of a
bidirectional layer) rows that have not started yet still hold their initial state, so
each row's reverse pass starts at its own last step with the same code.

Loop shape matters more than anything else here (measured on this machine): LLVM only
vectorises a loop when it can rule out aliasing between the arrays it touches with a
handful of runtime checks. So the gate maths is written as several short loops over a
whole step slab or one row, each touching two or three arrays, never one long loop over a
dozen views: that took the LSTM forward gate work from 35 to about 3 ns per element.

Compile time matters too: an array assigned into another (``out[:] = h0``, ``a[i] = b[r]``)
goes through numba's broadcasting setitem, whose error messages alone (string formatting
of shapes) took 4-5 s of every cell's first compile. Kernels copy with `copy_rows` or an
element loop instead; scalar fills and reshapes are cheap and stay.
"""
import numpy as np

from .._jit import jit


@jit
def packed_offsets(batch_sizes):
    """Start row of every time step in the packed layout; shape (T + 1,)."""
    T = batch_sizes.shape[0]
    offsets = np.zeros(T + 1, dtype=np.int64)
    for t in range(T):
        offsets[t + 1] = offsets[t] + batch_sizes[t]
    return offsets


@jit
def time_index(step, T, reverse):
    """The time step visited at loop iteration ``step``."""
    if reverse:
        return T - 1 - step
    return step


@jit
def copy_rows(dst, start, src, n):
    """``dst[start:start + n] = src[:n]`` for 2-D arrays, as a plain vectorisable loop."""
    H = src.shape[1]
    for r in range(n):
        d, s = dst[start + r], src[r]
        for j in range(H):
            d[j] = s[j]


@jit
def add_rows(dst, src, start, n):
    """``dst[:n] += src[start:start + n]`` for 2-D arrays."""
    H = dst.shape[1]
    for r in range(n):
        d, s = dst[r], src[start + r]
        for j in range(H):
            d[j] += s[j]


@jit
def fill_operand(xh, start, x, x_start, h, n):
    """Rows ``start .. start + n - 1`` of ``xh`` get ``[x[x_start + r], h[r]]`` in their
    first ``D + H`` columns (the per-step GEMM operand; the bias column is set once)."""
    D = x.shape[1]
    H = h.shape[1]
    for r in range(n):
        dst, xr, hr = xh[start + r], x[x_start + r], h[r]
        for j in range(D):
            dst[j] = xr[j]
        for j in range(H):
            dst[D + j] = hr[j]
