"""GRU in Cho et al. (2014)'s original form: the reset gate applied to h before the product.

    a = x W_ih^T + b_ih + b_hh                           (blocks r, z, n)
    r = sigmoid(a_r + h_prev W_hr^T),  z = sigmoid(a_z + h_prev W_hz^T)
    n = tanh(a_n + (r * h_prev) W_hn^T)
    h = (1 - z) * n + z * h_prev  =  n + z * (h_prev - n)

Two recurrent GEMMs per step (the second needs r). No bias sits inside a product, so the
caller folds both into ``xproj``. ``backward``'s gate gradients serve both sides; the
weight gradient of ``W_hh`` pairs the r, z rows with ``h_prev`` and the n rows with the
cached ``r * h_prev``.
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import add_rows, copy_rows, packed_offsets, time_index
from ._gemm import matmul_into

N_GATES = 3
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, h0, reverse, training, out_h, cache):
    """Run the recurrence.

    xproj : (n_packed, 3H) with both biases. W_hh : (3H, H). h0 : (N, H).
    cache : outputs ``(rz, n, rh, h_prev, h_seq)``: sigmoid r, z (n_packed, 2H); n and
        ``r * h_prev`` (n_packed, H), or (N, .) scratch when not training; h_prev
        (n_packed, H) or 0 rows; ``h_seq`` (n_packed, H), the layer's output.
    """
    rz, nn, rh, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(out_h, 0, h0, h0.shape[0])
    rec_rz = np.empty((batch_sizes[0], 2 * H), dtype=h0.dtype)
    rec_n = np.empty((batch_sizes[0], H), dtype=h0.dtype)
    W_rz_T = W_hh[:2 * H].T
    W_n_T = W_hh[2 * H:].T
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        q0 = o0 if training else 0
        matmul_into(out_h[:n], W_rz_T, rec_rz[:n])
        if training:
            copy_rows(h_prev, o0, out_h, n)
        for r in range(n):
            xr, rr, rzr, rhr, hr = xproj[o0 + r], rec_rz[r], rz[q0 + r], rh[q0 + r], out_h[r]
            for j in range(2 * H):
                rzr[j] = sigmoid(xr[j] + rr[j])
            for j in range(H):
                rhr[j] = rzr[j] * hr[j]
        matmul_into(rh[q0:q0 + n], W_n_T, rec_n[:n])
        for r in range(n):
            xr, rn, rzr, nr, hr = xproj[o0 + r], rec_n[r], rz[q0 + r], nn[q0 + r], out_h[r]
            for j in range(H):
                nr[j] = tanh(xr[2 * H + j] + rn[j])
            for j in range(H):
                hr[j] = nr[j] + rzr[H + j] * (hr[j] - nr[j])
        copy_rows(h_seq, o0, out_h, n)


@jit
def backward(d_h_seq, d_h_n, batch_sizes, W_hh, reverse, cache, d_gates, d_h0):
    """Backpropagate through time. ``d_gates`` (n_packed, 3H), gradient of the gate
    pre-activations (both sides), and ``d_h0`` (N, H) are outputs."""
    rz, nn, rh, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(d_h0, 0, d_h_n, d_h_n.shape[0])
    N = batch_sizes[0]
    direct = np.empty((N, H), dtype=d_h0.dtype)
    da_n = np.empty((N, H), dtype=d_h0.dtype)
    da_rz = np.empty((N, 2 * H), dtype=d_h0.dtype)
    d_rh = np.empty((N, H), dtype=d_h0.dtype)
    W_rz = W_hh[:2 * H]
    W_n = W_hh[2 * H:]
    one = d_h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        add_rows(d_h0, d_h_seq, o0, n)
        for r in range(n):
            p = o0 + r
            dh, rzr, nr, hp, dd, dan, darz = d_h0[r], rz[p], nn[p], h_prev[p], direct[r], \
                da_n[r], da_rz[r]
            for j in range(H):
                dan[j] = dh[j] * (one - rzr[H + j]) * (one - nr[j] * nr[j])
            for j in range(H):
                zg = rzr[H + j]
                darz[H + j] = dh[j] * (hp[j] - nr[j]) * zg * (one - zg)
            for j in range(H):
                dd[j] = dh[j] * rzr[H + j]
        matmul_into(da_n[:n], W_n, d_rh[:n])
        for r in range(n):
            p = o0 + r
            rzr, hp, drh, dd, darz = rz[p], h_prev[p], d_rh[r], direct[r], da_rz[r]
            for j in range(H):
                rg = rzr[j]
                darz[j] = drh[j] * hp[j] * rg * (one - rg)
            for j in range(H):
                dd[j] += drh[j] * rzr[j]
        matmul_into(da_rz[:n], W_rz, d_h0[:n])
        add_rows(d_h0, direct, 0, n)
        copy_rows(d_gates[:, :2 * H], o0, da_rz, n)
        copy_rows(d_gates[:, 2 * H:], o0, da_n, n)
