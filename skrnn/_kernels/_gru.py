"""GRU in PyTorch's (and cuDNN's) form: the reset gate applied after the recurrent product.

    a = x W_ih^T + b_ih,  b = h_prev W_hh^T + b_hh                (blocks r, z, n)
    r = sigmoid(a_r + b_r),  z = sigmoid(a_z + b_z)
    n = tanh(a_n + r * b_n)
    h = (1 - z) * n + z * h_prev  =  n + z * (h_prev - n)

Same contract as ``_lstm``. The caller folds ``b_hh``'s r and z blocks into ``xproj``;
the n block's ``b_hn`` stays inside the reset product and is passed on its own. The input
and recurrent sides of the n block have different gradients, so ``backward`` returns both
``d_gates_x`` (for ``W_ih``, ``b_ih``, the input) and ``d_gates_h`` (for ``W_hh``,
``b_hh``).
"""
import numpy as np

from .._jit import jit
from ._activations import sigmoid, tanh
from ._common import add_rows, copy_rows, packed_offsets, time_index
from ._gemm import matmul_into

N_GATES = 3
HAS_CELL = False


@jit
def forward(xproj, batch_sizes, W_hh, b_hn, h0, reverse, training, out_h, cache):
    """Run the recurrence.

    Parameters
    ----------
    xproj : (n_packed, 3H), ``x W_ih^T + b_ih`` plus ``b_hh``'s r and z blocks.
    batch_sizes : (T,) int64. W_hh : (3H, H). b_hn : (H,), ``b_hh``'s n block.
    h0 : (N, H). reverse, training : bool. out_h : (N, H) output, final states.
    cache : tuple of outputs ``(rz, n, b_n, h_prev, h_seq)``: sigmoid outputs r, z
        (n_packed, 2H); n, the recurrent n term ``h_prev W_hn^T + b_hn`` and h_prev
        (n_packed, H) each, or (N, .) scratch when not training (h_prev: 0 rows);
        ``h_seq`` (n_packed, H) is the layer's output.
    """
    rz, nn, hn, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(out_h, 0, h0, h0.shape[0])
    rec = np.empty((batch_sizes[0], 3 * H), dtype=h0.dtype)
    W_T = W_hh.T
    for step in range(T):
        t = time_index(step, T, reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        q0 = o0 if training else 0
        matmul_into(out_h[:n], W_T, rec[:n])
        if training:
            copy_rows(h_prev, o0, out_h, n)
        for r in range(n):
            xr, rr, rzr, nr, hnr, hr = xproj[o0 + r], rec[r], rz[q0 + r], nn[q0 + r], \
                hn[q0 + r], out_h[r]
            for j in range(2 * H):
                rzr[j] = sigmoid(xr[j] + rr[j])
            for j in range(H):
                hnr[j] = rr[2 * H + j] + b_hn[j]
            for j in range(H):
                nr[j] = tanh(xr[2 * H + j] + rzr[j] * hnr[j])
            for j in range(H):
                hr[j] = nr[j] + rzr[H + j] * (hr[j] - nr[j])
        copy_rows(h_seq, o0, out_h, n)


@jit
def backward(d_h_seq, d_h_n, batch_sizes, W_hh, reverse, cache, d_gates_x, d_gates_h, d_h0):
    """Backpropagate through time. ``d_gates_x``, ``d_gates_h`` (n_packed, 3H) and
    ``d_h0`` (N, H) are outputs."""
    rz, nn, hn, h_prev, h_seq = cache
    T = batch_sizes.shape[0]
    H = d_h0.shape[1]
    offsets = packed_offsets(batch_sizes)
    copy_rows(d_h0, 0, d_h_n, d_h_n.shape[0])
    direct = np.empty((batch_sizes[0], H), dtype=d_h0.dtype)
    one = d_h0.dtype.type(1.0)
    for step in range(T):
        t = time_index(step, T, not reverse)
        n = batch_sizes[t]
        o0 = offsets[t]
        add_rows(d_h0, d_h_seq, o0, n)
        for r in range(n):
            p = o0 + r
            dh, rzr, nr, hnr, hp, dgx, dgh, dd = d_h0[r], rz[p], nn[p], hn[p], h_prev[p], \
                d_gates_x[p], d_gates_h[p], direct[r]
            for j in range(H):  # n block, input side
                dgx[2 * H + j] = dh[j] * (one - rzr[H + j]) * (one - nr[j] * nr[j])
            for j in range(H):  # r block
                rg = rzr[j]
                dgx[j] = dh[j] * (one - rzr[H + j]) * (one - nr[j] * nr[j]) * hnr[j] \
                    * rg * (one - rg)
            for j in range(H):  # z block
                zg = rzr[H + j]
                dgx[H + j] = dh[j] * (hp[j] - nr[j]) * zg * (one - zg)
            for j in range(2 * H):
                dgh[j] = dgx[j]
            for j in range(H):  # n block, recurrent side: through r * (h W_hn^T + b_hn)
                dgh[2 * H + j] = dgx[2 * H + j] * rzr[j]
            for j in range(H):
                dd[j] = dh[j] * rzr[H + j]
        matmul_into(d_gates_h[o0:o0 + n], W_hh, d_h0[:n])
        add_rows(d_h0, direct, 0, n)
