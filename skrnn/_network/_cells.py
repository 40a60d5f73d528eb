"""Adapters giving every cell kernel one calling convention for the network.

Each adapter knows its kernel module's cache layout and argument list, so ``_network``
composes layers without branching on the cell type. The table ``CELLS`` maps a cell name
(and the GRU variant) to its adapter, the way scikit-learn's ``ACTIVATIONS`` table maps a
name to a function.
"""
import numpy as np

from .._kernels import _gru, _gru_cho, _lstm, _peephole_lstm, _rnn


class _Cell:
    """One direction of one layer; subclasses bind a kernel module."""

    kernel = None
    n_cache = 0
    n_peep = 0  # number of (H,) peephole vectors

    def __init__(self, relu=False):
        self.relu = relu

    @property
    def n_gates(self):
        return self.kernel.N_GATES

    @property
    def has_cell(self):
        return self.kernel.HAS_CELL

    def cache_shapes(self, n_packed, H):
        """Shapes of the cache arrays, the layer output (``h_seq``) last."""
        return [(n_packed, self.n_gates * H)] + [(n_packed, H)] * (self.n_cache - 1)

    def h_seq(self, cache):
        """The per-step output states (n_packed, H) inside ``cache``."""
        return cache[-1]

    def h_prev(self, cache):
        return cache[-2]

    def d_W_hh(self, d_gates_h, cache):
        """Gradient of ``weight_hh`` as one GEMM over all packed rows."""
        return d_gates_h.T @ self.h_prev(cache)


class _RNNCell(_Cell):
    kernel = _rnn
    n_cache = 2

    def cache_shapes(self, n_packed, H):
        return [(n_packed, H)] * 2

    def forward(self, xproj, bs, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c, cache):
        _rnn.forward(xproj, bs, W_hh, b_hh, h0, self.relu, reverse, out_h, cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, W_hh, peep, reverse, cache):
        d_gates = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        _rnn.backward(d_h_seq, d_h_n, bs, W_hh, self.relu, reverse, cache, d_gates, d_h0)
        return d_gates, d_gates, d_h0, None, None


class _LSTMCell(_Cell):
    kernel = _lstm
    n_cache = 5  # gates, tanh_c, c_prev, h_prev, h

    def forward(self, xproj, bs, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c, cache):
        _lstm.forward(xproj, bs, W_hh, b_hh, h0, c0, reverse, out_h, out_c, cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, W_hh, peep, reverse, cache):
        d_gates = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        d_c0 = np.empty_like(d_c_n)
        _lstm.backward(d_h_seq, d_h_n, d_c_n, bs, W_hh, reverse, cache, d_gates, d_h0, d_c0)
        return d_gates, d_gates, d_h0, d_c0, None


class _PeepholeLSTMCell(_Cell):
    kernel = _peephole_lstm
    n_cache = 6  # gates, tanh_c, c_prev, c, h_prev, h
    n_peep = 3

    def forward(self, xproj, bs, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c, cache):
        _peephole_lstm.forward(xproj, bs, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c,
                               cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, W_hh, peep, reverse, cache):
        d_gates = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        d_c0 = np.empty_like(d_c_n)
        d_peep = np.empty_like(peep)
        _peephole_lstm.backward(d_h_seq, d_h_n, d_c_n, bs, W_hh, peep, reverse, cache,
                                d_gates, d_h0, d_c0, d_peep)
        return d_gates, d_gates, d_h0, d_c0, d_peep


class _GRUCell(_Cell):
    kernel = _gru
    n_cache = 4  # gates, recurrent n pre-activation (or r * h_prev for Cho), h_prev, h

    def forward(self, xproj, bs, W_hh, b_hh, peep, h0, c0, reverse, out_h, out_c, cache):
        self.kernel.forward(xproj, bs, W_hh, b_hh, h0, reverse, out_h, cache)

    def backward(self, d_h_seq, d_h_n, d_c_n, bs, W_hh, peep, reverse, cache):
        d_gates_x = np.empty_like(cache[0])
        d_gates_h = np.empty_like(cache[0])
        d_h0 = np.empty_like(d_h_n)
        self.kernel.backward(d_h_seq, d_h_n, bs, W_hh, reverse, cache, d_gates_x, d_gates_h,
                             d_h0)
        return d_gates_x, d_gates_h, d_h0, None, None


class _GRUChoCell(_GRUCell):
    kernel = _gru_cho

    def d_W_hh(self, d_gates_h, cache):
        H = cache[1].shape[1]
        return np.concatenate([d_gates_h[:, :2 * H].T @ self.h_prev(cache),
                               d_gates_h[:, 2 * H:].T @ cache[1]])


def make_cell(cell, activation="tanh", gru_variant="pytorch"):
    """The adapter for a cell name ("rnn", "lstm", "peephole_lstm", "gru")."""
    if cell == "rnn":
        return _RNNCell(relu=(activation == "relu"))
    if cell == "gru":
        return (_GRUChoCell if gru_variant == "cho" else _GRUCell)()
    return CELLS[cell]()


CELLS = {"rnn": _RNNCell, "lstm": _LSTMCell, "peephole_lstm": _PeepholeLSTMCell,
         "gru": _GRUCell}
