"""Peephole LSTM (Gers & Schmidhuber 2000): diagonal peepholes from the cell to i, f, o.

    a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh          (blocks i, f, g, o)
    i = sigmoid(a_i + w_ci * c_prev),  f = sigmoid(a_f + w_cf * c_prev),  g = tanh(a_g)
    c = f * c_prev + i * g
    o = sigmoid(a_o + w_co * c)                          (the new cell state)
    h = o * tanh(c)

Same contract and cache layout as ``_lstm`` (g rows pre-scaled by 2, both biases folded
into ``xproj``), plus ``peep`` = (3, H) rows ``w_ci, w_cf, w_co`` and its gradient.
"""
from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import add_rows, copy_rows, fill_operand, packed_offsets, time_index
from ._gemm import matmul_into

N_GATES = 4
HAS_CELL = True


@jit
def forward(xproj, x, W_cat, peep, batch_sizes, h0, c0, reverse, training, out_h, out_c,
            cache):
    """Run the recurrence; arguments as ``_lstm.forward`` plus ``peep`` (3, H)."""
    xh, gates, c_prev, c_seq, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    G = 4 * H
    offsets = packed_offsets(batch_sizes)
    copy_rows(out_h, 0, h0, h0.shape[0])
    copy_rows(out_c, 0, c0, c0.shape[0])
    D = x.shape[1]
    use_xproj = xproj.shape[0] > 0
    xh[:, D + H] = 1.0  # the bias column of the GEMM operand
    W_T = W_cat.T
    w_ci, w_cf, w_co = peep[0], peep[1], peep[2]
    two = h0.dtype.type(2.0)
    one = h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        g0 = o0 if training else 0
        fill_operand(xh, g0, x, o0, out_h, n)
        matmul_into(xh[g0:g0 + n], W_T, gates[g0:g0 + n])
        if use_xproj:
            g_flat = gates[g0:g0 + n].reshape(n * G)
            x_flat = xproj[o0:o0 + n].reshape(n * G)
            for k in range(n * G):
                g_flat[k] += x_flat[k]
        if training:
            copy_rows(c_prev, o0, out_c, n)
        for r in range(n):
            gr, cr, hr = gates[g0 + r], out_c[r], out_h[r]
            for j in range(H):
                gr[j] = sigmoid(gr[j] + w_ci[j] * cr[j])
            for j in range(H):
                gr[H + j] = sigmoid(gr[H + j] + w_cf[j] * cr[j])
            for j in range(H):
                gr[2 * H + j] = sigmoid(gr[2 * H + j])
            for j in range(H):
                cr[j] = gr[H + j] * cr[j] + gr[j] * (two * gr[2 * H + j] - one)
            for j in range(H):
                gr[3 * H + j] = sigmoid(gr[3 * H + j] + w_co[j] * cr[j])
            for j in range(H):
                hr[j] = gr[3 * H + j] * tanh(cr[j])
        copy_rows(h_seq, o0, out_h, n)
        if training:
            copy_rows(c_seq, o0, out_c, n)


@jit
def backward(d_h_seq, d_h_n, d_c_n, batch_sizes, W_hh, peep, reverse, cache, d_gates,
             d_h0, d_c0, d_peep):
    """Backpropagate through time; as ``_lstm.backward`` plus ``d_peep`` (3, H) output."""
    xh, gates, c_prev, c_seq, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(d_h0, 0, d_h_n, d_h_n.shape[0])
    copy_rows(d_c0, 0, d_c_n, d_c_n.shape[0])
    w_ci, w_cf, w_co = peep[0], peep[1], peep[2]
    one = d_h0.dtype.type(1.0)
    two = d_h0.dtype.type(2.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        add_rows(d_h0, d_h_seq, o0, n)
        for r in range(n):
            p = o0 + r
            gr, dg, cs, cp, dh, dc = gates[p], d_gates[p], c_seq[p], c_prev[p], d_h0[r], d_c0[r]
            for j in range(H):
                i = gr[j]
                f = gr[H + j]
                g = two * gr[2 * H + j] - one
                o = gr[3 * H + j]
                th = tanh(cs[j])
                da_o = dh[j] * th * o * (one - o)
                dcj = dc[j] + dh[j] * o * (one - th * th) + da_o * w_co[j]
                da_i = dcj * g * i * (one - i)
                da_f = dcj * cp[j] * f * (one - f)
                dg[j] = da_i
                dg[H + j] = da_f
                dg[2 * H + j] = dcj * i * (one - g * g)
                dg[3 * H + j] = da_o
                dc[j] = dcj * f + da_i * w_ci[j] + da_f * w_cf[j]
        matmul_into(d_gates[o0:o0 + n], W_hh, d_h0[:n])
    # peephole gradients: column sums of (gate gradient x the cell state it looked at)
    d_peep[:] = 0.0
    dw_ci, dw_cf, dw_co = d_peep[0], d_peep[1], d_peep[2]
    for p in range(offsets[T]):
        dg, cp, cs = d_gates[p], c_prev[p], c_seq[p]
        for j in range(H):
            dw_ci[j] += dg[j] * cp[j]
        for j in range(H):
            dw_cf[j] += dg[H + j] * cp[j]
        for j in range(H):
            dw_co[j] += dg[3 * H + j] * cs[j]
