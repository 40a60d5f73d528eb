"""Adapters giving every cell kernel one calling convention for the network.

Each adapter knows its kernel module's argument list and cache layout, prepares what the
kernel wants from the named parameters (the input projection as one big GEMM, folded
biases, rescaled rows, concatenated operands), and turns the kernel's gate gradients into
parameter gradients. So ``_network`` composes layers without branching on the cell type.
``make_cell`` picks an adapter from the table ``CELLS`` by name, the way scikit-learn's
``ACTIVATIONS`` table picks a function.

``P`` below is one layer-direction's parameters: ``W_ih``, ``W_hh``, ``b_ih``, ``b_hh`` and,
for the peephole LSTM, ``peep`` (3, H). Gradients come back in a dict with the same keys.
"""
import numpy as np

from .._kernels import _blas, _gru, _gru_cho, _lstm, _peephole_lstm, _rnn

# The LSTM kernels run one GEMM per step on [x_t, h_prev, 1] while the input is narrow
# (D <= H / 2: the x part is then at most a third of the per-step GEMM), which saves the
# separate projection pass; wider inputs are projected for all steps in one big GEMM.
CONCAT_MAX_INPUT_RATIO = 0.5


def _project(x, W_ih, bias):
    """``x W_ih^T + bias`` for all packed rows: one big GEMM."""
    return _blas.project(x, np.ascontiguousarray(W_ih), bias)


class _Cell:
    """One direction of one layer; subclasses bind a kernel module."""

    kernel = None
    n_peep = 0  # number of (H,) peephole vectors

    def __init__(self, relu=False):
        self.relu = relu

    @property
    def n_gates(self):
        return self.kernel.N_GATES

    @property
    def has_cell(self):
        return self.kernel.HAS_CELL

    @staticmethod
    def _alloc(shapes, dtype):
        return tuple(np.empty(shape, dtype=dtype) for shape in shapes)

    @staticmethod
    def h_seq(cache):
        """The per-step output states (n_packed, H) inside ``cache``."""
        return cache[-1]

    @staticmethod
    def _grads(d_gates_x, d_gates_h, x, h_prev):
        """Weight and bias gradients as GEMMs / column sums over all packed rows."""
        db_ih = _blas.column_sums(d_gates_x)
        return {"W_ih": _blas.grad_weights(d_gates_x, x),
                "W_hh": _blas.grad_weights(d_gates_h, h_prev),
                "b_ih": db_ih,
                "b_hh": db_ih if d_gates_h is d_gates_x else _blas.column_sums(d_gates_h)}


class _RNNCell(_Cell):
    kernel = _rnn

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        xproj = _project(x, P["W_ih"], P["b_ih"] + P["b_hh"])
        n_packed, H = xproj.shape[0], h0.shape[1]
        cache = self._alloc([(n_packed if training else 0, H), (n_packed, H)], h0.dtype)
        _rnn.forward(xproj, bs, P["W_hh"], h0, self.relu, reverse, training, out_h, cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, x):
        d_gates = np.empty_like(cache[1])
        d_h0 = np.empty_like(d_h_n)
        _rnn.backward(d_h_seq, d_h_n, bs, P["W_hh"], self.relu, reverse, cache, d_gates, d_h0)
        return self._grads(d_gates, d_gates, x, cache[0]), d_gates, d_h0, None


def _lstm_scale(H, dtype):
    """Row scale putting the g block on the sigmoid: tanh(a) = 2 sigmoid(2 a) - 1."""
    scale = np.ones(4 * H, dtype=dtype)
    scale[2 * H:3 * H] = 2.0
    return scale


class _LSTMCell(_Cell):
    kernel = _lstm

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        n_packed, D = x.shape
        dtype = h0.dtype
        scale = _lstm_scale(H, dtype)[:, None]
        bias = ((P["b_ih"] + P["b_hh"]) * scale[:, 0])[:, None]
        if D <= CONCAT_MAX_INPUT_RATIO * H:
            W_cat = np.concatenate([P["W_ih"] * scale, P["W_hh"] * scale, bias], axis=1)
            xproj, x_op = np.empty((0, 4 * H), dtype), x
        else:
            W_cat = np.concatenate([P["W_hh"] * scale, np.zeros_like(bias)], axis=1)
            xproj, x_op = _project(x, P["W_ih"] * scale, bias[:, 0]), x[:, :0]
        rows = n_packed if training else N
        cache = self._alloc([(rows, W_cat.shape[1]), (rows, 4 * H),
                             (n_packed if training else 0, H),
                             (n_packed if training else 0, H), (n_packed, H)], dtype)
        self._run(xproj, np.ascontiguousarray(x_op), W_cat, P, bs, h0, c0, reverse, training,
                  out_h, out_c, cache)
        return cache

    def _run(self, xproj, x, W_cat, P, bs, h0, c0, reverse, training, out_h, out_c, cache):
        _lstm.forward(xproj, x, W_cat, bs, h0, c0, reverse, training, out_h, out_c, cache)

    def _kernel_backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, d_gates, d_h0,
                         d_c0):
        _lstm.backward(d_h_seq, d_h_n, d_c_n, bs, P["W_hh"], reverse, cache, d_gates, d_h0,
                       d_c0)
        return {}

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, x):
        xh = cache[0]
        H = d_h_n.shape[1]
        D = xh.shape[1] - H - 1  # 0 in the projection mode
        d_gates = np.empty_like(cache[1])
        d_h0 = np.empty_like(d_h_n)
        d_c0 = np.empty_like(d_c_n)
        grads = self._kernel_backward(d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, d_gates,
                                      d_h0, d_c0)
        # one GEMM against the cached operands [x_t, h_prev, 1] gives W_hh, the bias and,
        # in the concatenated mode, W_ih
        d_W_cat = _blas.grad_weights(d_gates, xh)
        grads.update(W_hh=d_W_cat[:, D:D + H], b_ih=d_W_cat[:, -1], b_hh=d_W_cat[:, -1],
                     W_ih=d_W_cat[:, :D] if D else _blas.grad_weights(d_gates, x))
        return grads, d_gates, d_h0, d_c0


class _PeepholeLSTMCell(_LSTMCell):
    kernel = _peephole_lstm
    n_peep = 3

    def _run(self, xproj, x, W_cat, P, bs, h0, c0, reverse, training, out_h, out_c, cache):
        _peephole_lstm.forward(xproj, x, W_cat, P["peep"], bs, h0, c0, reverse, training,
                               out_h, out_c, cache)

    def _kernel_backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, d_gates, d_h0,
                         d_c0):
        d_peep = np.empty_like(P["peep"])
        _peephole_lstm.backward(d_h_seq, d_h_n, d_c_n, bs, P["W_hh"], P["peep"], reverse,
                                cache, d_gates, d_h0, d_c0, d_peep)
        return {"peep": d_peep}


class _GRUCell(_Cell):
    kernel = _gru

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        bias = P["b_ih"].copy()
        bias[:2 * H] += P["b_hh"][:2 * H]  # the n block's b_hn stays inside r * (.)
        xproj = _project(x, P["W_ih"], bias)
        n_packed = xproj.shape[0]
        rows = n_packed if training else N
        cache = self._alloc([(rows, 2 * H), (rows, H), (rows, H),
                             (n_packed if training else 0, H), (n_packed, H)], h0.dtype)
        _gru.forward(xproj, bs, P["W_hh"], P["b_hh"][2 * H:], h0, reverse, training, out_h,
                     cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, x):
        n_packed, H = cache[-1].shape
        d_gates_x = np.empty((n_packed, 3 * H), dtype=d_h_n.dtype)
        d_gates_h = np.empty_like(d_gates_x)
        d_h0 = np.empty_like(d_h_n)
        _gru.backward(d_h_seq, d_h_n, bs, P["W_hh"], reverse, cache, d_gates_x, d_gates_h,
                      d_h0)
        return self._grads(d_gates_x, d_gates_h, x, cache[3]), d_gates_x, d_h0, None


class _GRUChoCell(_Cell):
    kernel = _gru_cho

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        xproj = _project(x, P["W_ih"], P["b_ih"] + P["b_hh"])
        n_packed = xproj.shape[0]
        rows = n_packed if training else N
        cache = self._alloc([(rows, 2 * H), (rows, H), (rows, H),
                             (n_packed if training else 0, H), (n_packed, H)], h0.dtype)
        _gru_cho.forward(xproj, bs, P["W_hh"], h0, reverse, training, out_h, cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache, x):
        n_packed, H = cache[-1].shape
        d_gates = np.empty((n_packed, 3 * H), dtype=d_h_n.dtype)
        d_h0 = np.empty_like(d_h_n)
        _gru_cho.backward(d_h_seq, d_h_n, bs, P["W_hh"], reverse, cache, d_gates, d_h0)
        grads = self._grads(d_gates, d_gates, x, cache[3])
        # the n rows of W_hh multiply r * h_prev, not h_prev
        grads["W_hh"][2 * H:] = _blas.grad_weights(np.ascontiguousarray(d_gates[:, 2 * H:]),
                                                   cache[2])
        return grads, d_gates, d_h0, None


CELLS = {"rnn": _RNNCell, "lstm": _LSTMCell, "peephole_lstm": _PeepholeLSTMCell,
         "gru": _GRUCell}


def make_cell(cell, activation="tanh", gru_variant="pytorch"):
    """The adapter for a cell name ("rnn", "lstm", "peephole_lstm", "gru")."""
    if cell == "rnn":
        return _RNNCell(relu=(activation == "relu"))
    if cell == "gru" and gru_variant == "cho":
        return _GRUChoCell()
    return CELLS[cell]()
