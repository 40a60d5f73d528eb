"""Adapters giving every cell kernel one calling convention for the network.

Each adapter knows its kernel module's argument list and cache layout, and prepares what
the kernel wants from the named parameters (the input projection as one big GEMM, folded
biases, rescaled rows), so ``_network`` composes layers without branching on the cell
type. ``make_cell`` picks an adapter from the table ``CELLS`` by name, the way
scikit-learn's ``ACTIVATIONS`` table picks a function.
"""
import numpy as np

from .._kernels import _blas, _gru, _gru_cho, _lstm, _peephole_lstm, _rnn


def _project(x, W_ih, bias):
    """``x W_ih^T + bias`` for all packed rows: one big GEMM."""
    return _blas.project(x, np.ascontiguousarray(W_ih), bias)


class _Cell:
    """One direction of one layer; subclasses bind a kernel module.

    ``P`` is a dict of this layer-direction's parameters: ``W_ih``, ``W_hh``, ``b_ih``,
    ``b_hh`` and, for the peephole LSTM, ``peep`` (3, H).
    """

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

    def _alloc(self, shapes, dtype):
        return tuple(np.empty(shape, dtype=dtype) for shape in shapes)

    def h_seq(self, cache):
        """The per-step output states (n_packed, H) inside ``cache``."""
        return cache[-1]

    def h_prev(self, cache):
        return cache[-2]

    def d_W_hh(self, d_gates_h, cache):
        """Gradient of ``weight_hh`` as one GEMM over all packed rows."""
        return _blas.grad_weights(d_gates_h, self.h_prev(cache))


class _RNNCell(_Cell):
    kernel = _rnn

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        xproj = _project(x, P["W_ih"], P["b_ih"] + P["b_hh"])
        P_, H = xproj.shape[0], h0.shape[1]
        cache = self._alloc([(P_ if training else 0, H), (P_, H)], h0.dtype)
        _rnn.forward(xproj, bs, P["W_hh"], h0, self.relu, reverse, training, out_h, cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache):
        d_gates = np.empty_like(cache[1])
        d_h0 = np.empty_like(d_h_n)
        _rnn.backward(d_h_seq, d_h_n, bs, P["W_hh"], self.relu, reverse, cache, d_gates, d_h0)
        return d_gates, d_gates, d_h0, None, None


def _lstm_scale(H, dtype):
    """Row scale putting the g block on the sigmoid: tanh(a) = 2 sigmoid(2 a) - 1."""
    scale = np.ones(4 * H, dtype=dtype)
    scale[2 * H:3 * H] = 2.0
    return scale


class _LSTMCell(_Cell):
    kernel = _lstm

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        scale = _lstm_scale(H, h0.dtype)
        xproj = _project(x, P["W_ih"] * scale[:, None], (P["b_ih"] + P["b_hh"]) * scale)
        P_ = xproj.shape[0]
        rows = P_ if training else 0
        cache = self._alloc([(P_ if training else N, 4 * H), (rows, H), (rows, H), (rows, H),
                             (P_, H)], h0.dtype)
        self._run(xproj, bs, P["W_hh"] * scale[:, None], P, h0, c0, reverse, training,
                  out_h, out_c, cache)
        return cache

    def _run(self, xproj, bs, W_hh_scaled, P, h0, c0, reverse, training, out_h, out_c, cache):
        _lstm.forward(xproj, bs, W_hh_scaled, h0, c0, reverse, training, out_h, out_c, cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache):
        d_gates = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        d_c0 = np.empty_like(d_c_n)
        _lstm.backward(d_h_seq, d_h_n, d_c_n, bs, P["W_hh"], reverse, cache, d_gates, d_h0,
                       d_c0)
        return d_gates, d_gates, d_h0, d_c0, None


class _PeepholeLSTMCell(_LSTMCell):
    kernel = _peephole_lstm
    n_peep = 3

    def _run(self, xproj, bs, W_hh_scaled, P, h0, c0, reverse, training, out_h, out_c, cache):
        _peephole_lstm.forward(xproj, bs, W_hh_scaled, P["peep"], h0, c0, reverse, training,
                               out_h, out_c, cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache):
        d_gates = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        d_c0 = np.empty_like(d_c_n)
        d_peep = np.empty_like(P["peep"])
        _peephole_lstm.backward(d_h_seq, d_h_n, d_c_n, bs, P["W_hh"], P["peep"], reverse,
                                cache, d_gates, d_h0, d_c0, d_peep)
        return d_gates, d_gates, d_h0, d_c0, d_peep


class _GRUCell(_Cell):
    kernel = _gru

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        bias = P["b_ih"].copy()
        bias[:2 * H] += P["b_hh"][:2 * H]  # the n block's b_hn stays inside r * (.)
        xproj = _project(x, P["W_ih"], bias)
        P_ = xproj.shape[0]
        rows = P_ if training else N
        cache = self._alloc([(rows, 2 * H), (rows, H), (rows, H), (P_ if training else 0, H),
                             (P_, H)], h0.dtype)
        _gru.forward(xproj, bs, P["W_hh"], P["b_hh"][2 * H:], h0, reverse, training, out_h,
                     cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache):
        P_, H = cache[-1].shape
        d_gates_x = np.empty((P_, 3 * H), dtype=d_h_n.dtype)
        d_gates_h = np.empty_like(d_gates_x)
        d_h0 = np.empty_like(d_h_n)
        _gru.backward(d_h_seq, d_h_n, bs, P["W_hh"], reverse, cache, d_gates_x, d_gates_h,
                      d_h0)
        return d_gates_x, d_gates_h, d_h0, None, None


class _GRUChoCell(_Cell):
    kernel = _gru_cho

    def forward(self, x, P, bs, h0, c0, reverse, training, out_h, out_c):
        N, H = h0.shape
        xproj = _project(x, P["W_ih"], P["b_ih"] + P["b_hh"])
        P_ = xproj.shape[0]
        rows = P_ if training else N
        cache = self._alloc([(rows, 2 * H), (rows, H), (rows, H), (P_ if training else 0, H),
                             (P_, H)], h0.dtype)
        _gru_cho.forward(xproj, bs, P["W_hh"], h0, reverse, training, out_h, cache)
        return cache

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, P, reverse, cache):
        P_, H = cache[-1].shape
        d_gates = np.empty((P_, 3 * H), dtype=d_h_n.dtype)
        d_h0 = np.empty_like(d_h_n)
        _gru_cho.backward(d_h_seq, d_h_n, bs, P["W_hh"], reverse, cache, d_gates, d_h0)
        return d_gates, d_gates, d_h0, None, None

    def d_W_hh(self, d_gates_h, cache):
        H = cache[-1].shape[1]
        rh = cache[2]
        return np.concatenate([
            _blas.grad_weights(np.ascontiguousarray(d_gates_h[:, :2 * H]), self.h_prev(cache)),
            _blas.grad_weights(np.ascontiguousarray(d_gates_h[:, 2 * H:]), rh)])


CELLS = {"rnn": _RNNCell, "lstm": _LSTMCell, "peephole_lstm": _PeepholeLSTMCell,
         "gru": _GRUCell}


def make_cell(cell, activation="tanh", gru_variant="pytorch"):
    """The adapter for a cell name ("rnn", "lstm", "peephole_lstm", "gru")."""
    if cell == "rnn":
        return _RNNCell(relu=(activation == "relu"))
    if cell == "gru" and gru_variant == "cho":
        return _GRUChoCell()
    return CELLS[cell]()
