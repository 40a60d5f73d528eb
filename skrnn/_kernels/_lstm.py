"""LSTM with forget gate (PyTorch's gate order i, f, g, o).

    a = x W_ih^T + b_ih + h_prev W_hh^T + b_hh        (blocks i, f, g, o)
    i, f, o = sigmoid(a_i, a_f, a_o),  g = tanh(a_g)
    c = f * c_prev + i * g
    h = o * tanh(c)

``forward`` and ``backward`` run one direction of one layer over a packed batch (see
``_common``). The forward takes the g rows pre-scaled by 2 (weights and bias), so that a
single flat sigmoid pass serves all four gates: ``tanh(a) = 2 sigmoid(2 a) - 1``. Each
step is one GEMM on ``[x_t, h_prev, 1]`` (narrow inputs) or on ``[h_prev, 1]`` plus a
precomputed input projection (wide inputs); the cached operands make the weight gradient
one GEMM. The gate cache holds ``sigmoid(2 a_g)`` in the g block; ``backward`` works in
the original parameters (unscaled ``W_hh``) and returns gradients of the original ``a``.
"""
from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import add_rows, copy_rows, fill_operand, packed_offsets, time_index
from ._gemm import matmul_into

N_GATES = 4
HAS_CELL = True


@jit
def forward(xproj, x, W_cat, batch_sizes, h0, c0, reverse, training, out_h, out_c, cache):
    """Run the recurrence over a packed batch.

    Every step runs one GEMM ``[x_t, h_prev, 1] W_cat^T`` on the live rows. Two modes:
    with few input features ``x`` is the raw input (n_packed, D) and ``W_cat`` =
    ``[W_ih | W_hh | bias]``, so no separate projection pass exists; with many, the caller
    passes ``xproj`` = ``x W_ih^T + bias`` (one big GEMM), ``x`` with 0 columns and
    ``W_cat`` = ``[W_hh | 0]``. The g rows of the weights and bias come scaled by 2.

    Parameters
    ----------
    xproj : (n_packed, 4H) projected input, or (0, 4H) in the concatenated mode.
    x : (n_packed, D) raw input, or (n_packed, 0) in the projection mode.
    W_cat : (4H, D + H + 1).
    batch_sizes : (T,) int64, live rows per time step (non-increasing).
    h0, c0 : (N, H) initial states.
    reverse : bool, run from each row's last step back to its first.
    training : bool, fill the caches ``backward`` needs; otherwise only ``h_seq``.
    out_h, out_c : (N, H) outputs, the final states (each row's own last state).
    cache : tuple of outputs ``(xh, gates, c_prev, c, h_seq)``: ``xh`` (n_packed,
        D + H + 1) the GEMM operands ``[x_t, h_prev, 1]`` (so ``d_W_cat = d_gates^T xh``),
        ``gates`` (n_packed, 4H) as sigmoid outputs, both (N, .) scratch when not
        training; ``c_prev``, ``c`` (n_packed, H) or 0 rows; ``h_seq`` (n_packed, H), the
        layer's output.
    """
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
    two = h0.dtype.type(2.0)
    one = h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        g0 = o0 if training else 0
        fill_operand(xh, g0, x, o0, out_h, n)
        matmul_into(xh[g0:g0 + n], W_T, gates[g0:g0 + n])
        g_flat = gates[g0:g0 + n].reshape(n * G)
        if use_xproj:
            x_flat = xproj[o0:o0 + n].reshape(n * G)
            for k in range(n * G):
                g_flat[k] = sigmoid(g_flat[k] + x_flat[k])
        else:
            for k in range(n * G):
                g_flat[k] = sigmoid(g_flat[k])
        if training:
            copy_rows(c_prev, o0, out_c, n)
        for r in range(n):
            gr, cr, hr = gates[g0 + r], out_c[r], out_h[r]
            for j in range(H):
                c = gr[H + j] * cr[j] + gr[j] * (two * gr[2 * H + j] - one)
                cr[j] = c
                hr[j] = gr[3 * H + j] * tanh(c)
        copy_rows(h_seq, o0, out_h, n)
        if training:
            copy_rows(c_seq, o0, out_c, n)


@jit
def backward(d_h_seq, d_h_n, d_c_n, batch_sizes, W_hh, reverse, cache, d_gates, d_h0, d_c0):
    """Backpropagate through time.

    Parameters
    ----------
    d_h_seq : (n_packed, H) gradient flowing into every output step.
    d_h_n, d_c_n : (N, H) gradient flowing into the final states.
    batch_sizes, reverse : as in ``forward``; W_hh : (4H, H) original (unscaled).
    cache : ``forward``'s training cache.
    d_gates : (n_packed, 4H) output, gradient of the gate pre-activations ``a`` (input and
        recurrent side alike: ``d_W_ih = d_gates^T x``, ``d_W_hh = d_gates^T h_prev``).
    d_h0, d_c0 : (N, H) outputs, gradient of the initial states.
    """
    xh, gates, c_prev, c_seq, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(d_h0, 0, d_h_n, d_h_n.shape[0])
    copy_rows(d_c0, 0, d_c_n, d_c_n.shape[0])
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
                dcj = dc[j] + dh[j] * o * (one - th * th)
                dg[j] = dcj * g * i * (one - i)
                dg[H + j] = dcj * cp[j] * f * (one - f)
                dg[2 * H + j] = dcj * i * (one - g * g)
                dg[3 * H + j] = dh[j] * th * o * (one - o)
                dc[j] = dcj * f
        matmul_into(d_gates[o0:o0 + n], W_hh, d_h0[:n])
