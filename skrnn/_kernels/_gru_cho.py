"""GRU in Cho et al. (2014)'s original form: the reset gate applied to h before the product.

    a = x W_ih^T + b_ih                                  (blocks r, z, n)
    r = sigmoid(a_r + h_prev W_hr^T + b_hr),  z = sigmoid(a_z + h_prev W_hz^T + b_hz)
    n = tanh(a_n + (r * h_prev) W_hn^T + b_hn)
    h = (1 - z) * n + z * h_prev

Two recurrent GEMMs per step (the second needs r). Same contract as ``_gru``, and
``d_W_hh`` pairs the r, z rows of ``d_gates_h`` with ``h_prev`` but the n rows with the
cached ``r * h_prev`` (see ``cache``).
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import packed_offsets, time_index

N_GATES = 3
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, b_hh, h0, reverse, out_h, cache):
    """Run the recurrence; ``cache`` = (gates r, z, n (n_packed, 3H), r * h_prev
    (n_packed, H), h_prev, h), all outputs."""
    gates, rh_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    out_h[:] = h0
    rec_rz = np.empty((batch_sizes[0], 2 * H), dtype=h0.dtype)
    rec_n = np.empty((batch_sizes[0], H), dtype=h0.dtype)
    W_rz_T = W_hh[:2 * H].T
    W_n_T = W_hh[2 * H:].T
    one = h0.dtype.type(1.0)
    b_r, b_z, b_n = b_hh[:H], b_hh[H:2 * H], b_hh[2 * H:]
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        np.dot(out_h[:n], W_rz_T, rec_rz[:n])
        for r in range(n):
            p = o0 + r
            x_r, x_z = xproj[p, :H], xproj[p, H:2 * H]
            r_r, r_z = rec_rz[r, :H], rec_rz[r, H:]
            g_r, g_z = gates[p, :H], gates[p, H:2 * H]
            hr, hp, rh = out_h[r], h_prev[p], rh_seq[p]
            for j in range(H):
                rg = sigmoid(x_r[j] + r_r[j] + b_r[j])
                g_r[j] = rg
                g_z[j] = sigmoid(x_z[j] + r_z[j] + b_z[j])
                hp[j] = hr[j]
                rh[j] = rg * hr[j]
        np.dot(rh_seq[o0:o0 + n], W_n_T, rec_n[:n])
        for r in range(n):
            p = o0 + r
            x_n, rn, g_z, g_n = xproj[p, 2 * H:], rec_n[r], gates[p, H:2 * H], gates[p, 2 * H:]
            hr, hs = out_h[r], h_seq[p]
            for j in range(H):
                ng = tanh(x_n[j] + rn[j] + b_n[j])
                zg = g_z[j]
                hv = (one - zg) * ng + zg * hr[j]
                g_n[j] = ng
                hs[j] = hv
                hr[j] = hv


@jit
def backward(d_h_seq, d_h_n, batch_sizes, W_hh, reverse, cache, d_gates_x, d_gates_h, d_h0):
    """Backpropagate through time. ``d_gates_x``, ``d_gates_h`` (n_packed, 3H; equal for
    this form) and ``d_h0`` (N, H) are outputs."""
    gates, rh_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    d_h0[:] = d_h_n
    N = batch_sizes[0]
    direct = np.empty((N, H), dtype=d_h0.dtype)
    da_n_buf = np.empty((N, H), dtype=d_h0.dtype)
    da_rz = np.empty((N, 2 * H), dtype=d_h0.dtype)
    d_rh = np.empty((N, H), dtype=d_h0.dtype)
    W_rz = W_hh[:2 * H]
    W_n = W_hh[2 * H:]
    one = d_h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        for r in range(n):
            p = o0 + r
            g_z, g_n = gates[p, H:2 * H], gates[p, 2 * H:]
            dh_in, dhr, hp, dd, dan = d_h_seq[p], d_h0[r], h_prev[p], direct[r], da_n_buf[r]
            da_z = da_rz[r, H:]
            for j in range(H):
                dh = dhr[j] + dh_in[j]
                zg = g_z[j]
                ng = g_n[j]
                dan[j] = dh * (one - zg) * (one - ng * ng)
                da_z[j] = dh * (hp[j] - ng) * zg * (one - zg)
                dd[j] = dh * zg
        np.dot(da_n_buf[:n], W_n, d_rh[:n])
        for r in range(n):
            p = o0 + r
            g_r = gates[p, :H]
            hp, drh, dd, dan = h_prev[p], d_rh[r], direct[r], da_n_buf[r]
            da_r, da_z = da_rz[r, :H], da_rz[r, H:]
            dx_r, dx_z, dx_n = d_gates_x[p, :H], d_gates_x[p, H:2 * H], d_gates_x[p, 2 * H:]
            for j in range(H):
                rg = g_r[j]
                a_r = drh[j] * hp[j] * rg * (one - rg)
                da_r[j] = a_r
                dx_r[j] = a_r
                dx_z[j] = da_z[j]
                dx_n[j] = dan[j]
                dd[j] += drh[j] * rg
        np.dot(da_rz[:n], W_rz, d_h0[:n])
        for r in range(n):
            dhr, dd = d_h0[r], direct[r]
            for j in range(H):
                dhr[j] += dd[j]
        d_gates_h[o0:o0 + n] = d_gates_x[o0:o0 + n]
