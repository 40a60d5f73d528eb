"""LSTM with forget gate (PyTorch's gate order i, f, g, o).

    gates = x W_ih^T + b_ih + h_prev W_hh^T + b_hh
    i, f, o = sigmoid(.), g = tanh(.)
    c = f * c_prev + i * g
    h = o * tanh(c)

``forward`` and ``backward`` run one direction of one layer over a packed batch (see
``_common``). The input projection ``x W_ih^T + b_ih`` is computed by the caller as one big
GEMM and passed in as ``xproj``; weight gradients are likewise the caller's big GEMMs over
the returned pre-activation gradients.
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import packed_offsets, time_index

N_GATES = 4
HAS_CELL = True


@jit
def forward(xproj, batch_sizes, W_hh, b_hh, h0, c0, reverse, out_h, out_c, cache):
    """Run the recurrence over a packed batch.

    Parameters
    ----------
    xproj : (n_packed, 4H) input projection ``x W_ih^T + b_ih``.
    batch_sizes : (T,) int64, live rows per time step (non-increasing).
    W_hh : (4H, H); b_hh : (4H,).
    h0, c0 : (N, H) initial states.
    reverse : bool, run from each row's last step back to its first.
    out_h, out_c : (N, H) outputs, the final states (each row's own last state).
    cache : dict-free tuple of outputs for ``backward``:
        ``gates`` (n_packed, 4H) activated i, f, g, o; ``tanh_c`` (n_packed, H);
        ``c_prev`` (n_packed, H); ``h_prev`` (n_packed, H); ``h`` (n_packed, H) outputs.
    """
    gates, tanh_c, c_prev, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    out_h[:] = h0
    out_c[:] = c0
    rec = np.empty((batch_sizes[0], 4 * H), dtype=h0.dtype)
    W_hh_T = W_hh.T
    b_i, b_f, b_g, b_o = b_hh[:H], b_hh[H:2 * H], b_hh[2 * H:3 * H], b_hh[3 * H:]
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        np.dot(out_h[:n], W_hh_T, rec[:n])
        for r in range(n):
            p = o0 + r
            x_i, x_f = xproj[p, :H], xproj[p, H:2 * H]
            x_g, x_o = xproj[p, 2 * H:3 * H], xproj[p, 3 * H:]
            r_i, r_f = rec[r, :H], rec[r, H:2 * H]
            r_g, r_o = rec[r, 2 * H:3 * H], rec[r, 3 * H:]
            g_i, g_f = gates[p, :H], gates[p, H:2 * H]
            g_g, g_o = gates[p, 2 * H:3 * H], gates[p, 3 * H:]
            hr, cr = out_h[r], out_c[r]
            hp, cp, tc, hs = h_prev[p], c_prev[p], tanh_c[p], h_seq[p]
            for j in range(H):
                i = sigmoid(x_i[j] + r_i[j] + b_i[j])
                f = sigmoid(x_f[j] + r_f[j] + b_f[j])
                g = tanh(x_g[j] + r_g[j] + b_g[j])
                o = sigmoid(x_o[j] + r_o[j] + b_o[j])
                c_old = cr[j]
                c = f * c_old + i * g
                th = tanh(c)
                hv = o * th
                g_i[j] = i
                g_f[j] = f
                g_g[j] = g
                g_o[j] = o
                hp[j] = hr[j]
                cp[j] = c_old
                tc[j] = th
                hs[j] = hv
                cr[j] = c
                hr[j] = hv


@jit
def backward(d_h_seq, d_h_n, d_c_n, batch_sizes, W_hh, reverse, cache, d_gates, d_h0, d_c0):
    """Backpropagate through time.

    Parameters
    ----------
    d_h_seq : (n_packed, H) gradient flowing into every output step.
    d_h_n, d_c_n : (N, H) gradient flowing into the final states.
    batch_sizes, W_hh, reverse : as in ``forward``; cache : its ``cache``.
    d_gates : (n_packed, 4H) output, gradient of the gate pre-activations (input and
        recurrent side alike, so ``d_W_ih = d_gates^T x``, ``d_W_hh = d_gates^T h_prev``).
    d_h0, d_c0 : (N, H) outputs, gradient of the initial states.
    """
    gates, tanh_c, c_prev, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    d_h0[:] = d_h_n
    d_c0[:] = d_c_n
    one = d_h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        for r in range(n):
            p = o0 + r
            g_i, g_f = gates[p, :H], gates[p, H:2 * H]
            g_g, g_o = gates[p, 2 * H:3 * H], gates[p, 3 * H:]
            d_i, d_f = d_gates[p, :H], d_gates[p, H:2 * H]
            d_g, d_o = d_gates[p, 2 * H:3 * H], d_gates[p, 3 * H:]
            dh_in, dhr, dcr = d_h_seq[p], d_h0[r], d_c0[r]
            tc, cp = tanh_c[p], c_prev[p]
            for j in range(H):
                dh = dhr[j] + dh_in[j]
                i = g_i[j]
                f = g_f[j]
                g = g_g[j]
                o = g_o[j]
                th = tc[j]
                dc = dcr[j] + dh * o * (one - th * th)
                d_o[j] = dh * th * o * (one - o)
                d_i[j] = dc * g * i * (one - i)
                d_f[j] = dc * cp[j] * f * (one - f)
                d_g[j] = dc * i * (one - g * g)
                dcr[j] = dc * f
        np.dot(d_gates[o0:o0 + n], W_hh, d_h0[:n])
