"""Elman RNN: ``h = act(x W_ih^T + b_ih + h_prev W_hh^T + b_hh)``, act = tanh or relu.

Same contract as ``_lstm``: one direction of one layer over a packed batch, the input
projection ``xproj`` precomputed by the caller, weight gradients left to the caller.
"""
import numpy as np

from .._jit import jit
from ._activations import tanh
from ._common import packed_offsets, time_index

N_GATES = 1
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, b_hh, h0, relu, reverse, out_h, cache):
    """Run the recurrence.

    Parameters
    ----------
    xproj : (n_packed, H); batch_sizes : (T,) int64; W_hh : (H, H); b_hh : (H,).
    h0 : (N, H). relu : bool, relu instead of tanh. reverse : bool.
    out_h : (N, H) output, final states.
    cache : ``(h_prev, h)`` outputs, each (n_packed, H).
    """
    h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    out_h[:] = h0
    rec = np.empty((batch_sizes[0], H), dtype=h0.dtype)
    W_hh_T = W_hh.T
    zero = h0.dtype.type(0.0)
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        np.dot(out_h[:n], W_hh_T, rec[:n])
        for r in range(n):
            p = o0 + r
            xr, rr, hr, hp, hs = xproj[p], rec[r], out_h[r], h_prev[p], h_seq[p]
            if relu:
                for j in range(H):
                    hp[j] = hr[j]
                    v = max(xr[j] + rr[j] + b_hh[j], zero)
                    hs[j] = v
                    hr[j] = v
            else:
                for j in range(H):
                    hp[j] = hr[j]
                    v = tanh(xr[j] + rr[j] + b_hh[j])
                    hs[j] = v
                    hr[j] = v


@jit
def backward(d_h_seq, d_h_n, batch_sizes, W_hh, relu, reverse, cache, d_gates, d_h0):
    """Backpropagate through time.

    d_h_seq : (n_packed, H); d_h_n : (N, H). d_gates : (n_packed, H) output, gradient of
    the pre-activation. d_h0 : (N, H) output.
    """
    h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    d_h0[:] = d_h_n
    one = d_h0.dtype.type(1.0)
    zero = d_h0.dtype.type(0.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        for r in range(n):
            p = o0 + r
            dh_in, dhr, hs, dg = d_h_seq[p], d_h0[r], h_seq[p], d_gates[p]
            if relu:
                for j in range(H):
                    dg[j] = (dhr[j] + dh_in[j]) if hs[j] > zero else zero
            else:
                for j in range(H):
                    dg[j] = (dhr[j] + dh_in[j]) * (one - hs[j] * hs[j])
        np.dot(d_gates[o0:o0 + n], W_hh, d_h0[:n])
