"""Elman RNN: ``h = act(x W_ih^T + b_ih + h_prev W_hh^T + b_hh)``, act = tanh or relu.

Same contract as ``_lstm``: one direction of one layer over a packed batch; the caller
precomputes ``xproj = x W_ih^T + b_ih + b_hh`` and does the weight-gradient GEMMs.
"""
import numpy as np

from .._jit import jit
from ._activations import tanh
from ._common import add_rows, copy_rows, packed_offsets, time_index
from ._gemm import matmul_into

N_GATES = 1
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, h0, relu, reverse, training, out_h, cache):
    """Run the recurrence.

    Parameters
    ----------
    xproj : (n_packed, H) with both biases; batch_sizes : (T,) int64; W_hh : (H, H).
    h0 : (N, H). relu : bool, relu instead of tanh. reverse, training : bool.
    out_h : (N, H) output, final states.
    cache : ``(h_prev, h_seq)`` outputs, (n_packed, H) each (``h_prev`` 0 rows when not
        training). ``h_seq`` is the layer's output.
    """
    h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(out_h, 0, h0, h0.shape[0])
    rec = np.empty((batch_sizes[0], H), dtype=h0.dtype)
    W_T = W_hh.T
    zero = h0.dtype.type(0.0)
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        matmul_into(out_h[:n], W_T, rec[:n])
        if training:
            copy_rows(h_prev, o0, out_h, n)
        h_flat = h_seq[o0:o0 + n].reshape(n * H)
        x_flat = xproj[o0:o0 + n].reshape(n * H)
        r_flat = rec[:n].reshape(n * H)
        if relu:
            for k in range(n * H):
                h_flat[k] = max(x_flat[k] + r_flat[k], zero)
        else:
            for k in range(n * H):
                h_flat[k] = tanh(x_flat[k] + r_flat[k])
        copy_rows(out_h, 0, h_seq[o0:o0 + n], n)


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
    copy_rows(d_h0, 0, d_h_n, d_h_n.shape[0])
    one = d_h0.dtype.type(1.0)
    zero = d_h0.dtype.type(0.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        add_rows(d_h0, d_h_seq, o0, n)
        dh_flat = d_h0[:n].reshape(n * H)
        h_flat = h_seq[o0:o0 + n].reshape(n * H)
        dg_flat = d_gates[o0:o0 + n].reshape(n * H)
        if relu:
            for k in range(n * H):
                dg_flat[k] = dh_flat[k] if h_flat[k] > zero else zero
        else:
            for k in range(n * H):
                dg_flat[k] = dh_flat[k] * (one - h_flat[k] * h_flat[k])
        matmul_into(d_gates[o0:o0 + n], W_hh, d_h0[:n])
