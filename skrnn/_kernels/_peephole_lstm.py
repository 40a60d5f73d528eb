"""Peephole LSTM (Gers & Schmidhuber 2000): diagonal peepholes from the cell to i, f, o.

    a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh          (blocks i, f, g, o)
    i = sigmoid(a_i + w_ci * c_prev),  f = sigmoid(a_f + w_cf * c_prev),  g = tanh(a_g)
    c = f * c_prev + i * g
    o = sigmoid(a_o + w_co * c)                          (the new cell state)
    h = o * tanh(c)

Same contract as ``_lstm``, plus ``peep`` = (3, H) rows ``w_ci, w_cf, w_co`` and its
gradient ``d_peep``.
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import packed_offsets, time_index

N_GATES = 4
HAS_CELL = True


@jit
def forward(xproj, batch_sizes, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c, cache):
    """Run the recurrence; ``cache`` = (gates (n_packed, 4H), tanh_c, c_prev, c, h_prev, h)."""
    gates, tanh_c, c_prev, c_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    out_h[:] = h0
    out_c[:] = c0
    rec = np.empty((batch_sizes[0], 4 * H), dtype=h0.dtype)
    W_hh_T = W_hh.T
    b_i, b_f, b_g, b_o = b_hh[:H], b_hh[H:2 * H], b_hh[2 * H:3 * H], b_hh[3 * H:]
    w_ci, w_cf, w_co = peep[0], peep[1], peep[2]
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
            hp, cp, cs, tc, hs = h_prev[p], c_prev[p], c_seq[p], tanh_c[p], h_seq[p]
            for j in range(H):
                c_old = cr[j]
                i = sigmoid(x_i[j] + r_i[j] + b_i[j] + w_ci[j] * c_old)
                f = sigmoid(x_f[j] + r_f[j] + b_f[j] + w_cf[j] * c_old)
                g = tanh(x_g[j] + r_g[j] + b_g[j])
                c = f * c_old + i * g
                o = sigmoid(x_o[j] + r_o[j] + b_o[j] + w_co[j] * c)
                th = tanh(c)
                hv = o * th
                g_i[j] = i
                g_f[j] = f
                g_g[j] = g
                g_o[j] = o
                hp[j] = hr[j]
                cp[j] = c_old
                cs[j] = c
                tc[j] = th
                hs[j] = hv
                cr[j] = c
                hr[j] = hv


@jit
def backward(d_h_seq, d_h_n, d_c_n, batch_sizes, W_hh, peep, reverse, cache, d_gates,
             d_h0, d_c0, d_peep):
    """Backpropagate through time; ``d_peep`` (3, H) output is overwritten."""
    gates, tanh_c, c_prev, c_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    d_h0[:] = d_h_n
    d_c0[:] = d_c_n
    d_peep[:] = 0.0
    w_ci, w_cf, w_co = peep[0], peep[1], peep[2]
    dw_ci, dw_cf, dw_co = d_peep[0], d_peep[1], d_peep[2]
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
            tc, cp, cs = tanh_c[p], c_prev[p], c_seq[p]
            for j in range(H):
                dh = dhr[j] + dh_in[j]
                i = g_i[j]
                f = g_f[j]
                g = g_g[j]
                o = g_o[j]
                th = tc[j]
                da_o = dh * th * o * (one - o)
                dc = dcr[j] + dh * o * (one - th * th) + da_o * w_co[j]
                da_i = dc * g * i * (one - i)
                da_f = dc * cp[j] * f * (one - f)
                d_o[j] = da_o
                d_i[j] = da_i
                d_f[j] = da_f
                d_g[j] = dc * i * (one - g * g)
                dcr[j] = dc * f + da_i * w_ci[j] + da_f * w_cf[j]
                dw_ci[j] += da_i * cp[j]
                dw_cf[j] += da_f * cp[j]
                dw_co[j] += da_o * cs[j]
        np.dot(d_gates[o0:o0 + n], W_hh, d_h0[:n])
