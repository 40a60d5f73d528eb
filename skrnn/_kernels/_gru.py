"""GRU in PyTorch's (and cuDNN's) form: the reset gate applied after the recurrent product.

    a = x W_ih^T + b_ih,  b = h_prev W_hh^T + b_hh                (blocks r, z, n)
    r = sigmoid(a_r + b_r),  z = sigmoid(a_z + b_z)
    n = tanh(a_n + r * b_n)
    h = (1 - z) * n + z * h_prev

Same contract as ``_lstm``, except that the input and recurrent sides of the n block have
different gradients, so ``backward`` returns both ``d_gates_x`` (for ``W_ih``, ``b_ih``,
the input) and ``d_gates_h`` (for ``W_hh``, ``b_hh``).
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import packed_offsets, time_index

N_GATES = 3
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, b_hh, h0, reverse, out_h, cache):
    """Run the recurrence; ``cache`` = (gates r, z, n (n_packed, 3H), b_n (n_packed, H),
    h_prev, h), all outputs."""
    gates, hn_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    out_h[:] = h0
    rec = np.empty((batch_sizes[0], 3 * H), dtype=h0.dtype)
    W_hh_T = W_hh.T
    one = h0.dtype.type(1.0)
    b_r, b_z, b_n = b_hh[:H], b_hh[H:2 * H], b_hh[2 * H:]
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        np.dot(out_h[:n], W_hh_T, rec[:n])
        for r in range(n):
            p = o0 + r
            x_r, x_z, x_n = xproj[p, :H], xproj[p, H:2 * H], xproj[p, 2 * H:]
            r_r, r_z, r_n = rec[r, :H], rec[r, H:2 * H], rec[r, 2 * H:]
            g_r, g_z, g_n = gates[p, :H], gates[p, H:2 * H], gates[p, 2 * H:]
            hr, hp, hs, hn = out_h[r], h_prev[p], h_seq[p], hn_seq[p]
            for j in range(H):
                rg = sigmoid(x_r[j] + r_r[j] + b_r[j])
                zg = sigmoid(x_z[j] + r_z[j] + b_z[j])
                bn = r_n[j] + b_n[j]
                ng = tanh(x_n[j] + rg * bn)
                h_old = hr[j]
                hv = (one - zg) * ng + zg * h_old
                g_r[j] = rg
                g_z[j] = zg
                g_n[j] = ng
                hn[j] = bn
                hp[j] = h_old
                hs[j] = hv
                hr[j] = hv


@jit
def backward(d_h_seq, d_h_n, batch_sizes, W_hh, reverse, cache, d_gates_x, d_gates_h, d_h0):
    """Backpropagate through time. ``d_gates_x``, ``d_gates_h`` (n_packed, 3H) and
    ``d_h0`` (N, H) are outputs."""
    gates, hn_seq, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    d_h0[:] = d_h_n
    direct = np.empty((batch_sizes[0], H), dtype=d_h0.dtype)
    one = d_h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        for r in range(n):
            p = o0 + r
            g_r, g_z, g_n = gates[p, :H], gates[p, H:2 * H], gates[p, 2 * H:]
            dx_r, dx_z, dx_n = d_gates_x[p, :H], d_gates_x[p, H:2 * H], d_gates_x[p, 2 * H:]
            dr_r, dr_z, dr_n = d_gates_h[p, :H], d_gates_h[p, H:2 * H], d_gates_h[p, 2 * H:]
            dh_in, dhr, hp, hn, dd = d_h_seq[p], d_h0[r], h_prev[p], hn_seq[p], direct[r]
            for j in range(H):
                dh = dhr[j] + dh_in[j]
                rg = g_r[j]
                zg = g_z[j]
                ng = g_n[j]
                da_n = dh * (one - zg) * (one - ng * ng)
                da_r = da_n * hn[j] * rg * (one - rg)
                da_z = dh * (hp[j] - ng) * zg * (one - zg)
                dx_r[j] = da_r
                dx_z[j] = da_z
                dx_n[j] = da_n
                dr_r[j] = da_r
                dr_z[j] = da_z
                dr_n[j] = da_n * rg
                dd[j] = dh * zg
        np.dot(d_gates_h[o0:o0 + n], W_hh, d_h0[:n])
        for r in range(n):
            dhr, dd = d_h0[r], direct[r]
            for j in range(H):
                dhr[j] += dd[j]
