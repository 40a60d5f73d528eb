"""Stacked, optionally bidirectional recurrent network over one flat parameter vector."""
from typing import NamedTuple

import numpy as np
from sklearn.utils import check_random_state

from .._kernels import _blas
from ._cells import make_cell
from ._init import initialize
from ._layout import FlatLayout, direction_suffixes, parameter_shapes
from ._packing import PackedBatch
from ._parallel import blas_single_thread, chunk_rows, map_chunks


class RNNNetwork:
    """A recurrent network: its parameter layout, initialisation, forward pass and BPTT.

    Parameters live in one contiguous vector owned by the caller (``init_params``); named
    views use PyTorch's names, shapes and gate order. The forward pass returns a cache that
    ``backward`` consumes; the network object itself holds no state between calls.

    Parameters
    ----------
    cell : {"rnn", "lstm", "peephole_lstm", "gru"}
    input_size : int, features per time step.
    hidden_size : int
    num_layers : int
    bidirectional : bool
    activation : {"tanh", "relu"}, for ``cell="rnn"``.
    gru_variant : {"pytorch", "cho"}, where the GRU applies its reset gate: after the
        recurrent product (PyTorch, cuDNN) or to ``h`` before it (Cho et al. 2014).
    learn_init_state : bool, learn ``h0`` (and ``c0``) per layer and direction.
    dtype : numpy float dtype of parameters and computation.
    n_threads : int, threads a forward/backward call may use. A batch is cut into
        fixed chunks by its lengths alone (`chunk_rows`) and the chunks' gradients are
        added in chunk order, so results are bitwise the same for every ``n_threads``.
    """

    def __init__(self, cell="lstm", input_size=1, hidden_size=32, num_layers=1,
                 bidirectional=False, activation="tanh", gru_variant="pytorch",
                 learn_init_state=False, dtype=np.float32, n_threads=1):
        self.cell = cell
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.learn_init_state = learn_init_state
        self.dtype = np.dtype(dtype)
        self.n_threads = n_threads
        self.ops = make_cell(cell, activation, gru_variant)
        self.n_dirs = 2 if bidirectional else 1
        self.suffixes = direction_suffixes(bidirectional)
        self.layout = FlatLayout(parameter_shapes(
            self.ops.n_gates, self.ops.n_peep, input_size, hidden_size, num_layers,
            bidirectional, learn_init_state, self.ops.has_cell))

    @property
    def n_params(self):
        return self.layout.size

    @property
    def output_size(self):
        return self.hidden_size * self.n_dirs

    def views(self, params):
        """Named views into the flat vector ``params`` (shape (n_params,))."""
        return self.layout.views(params)

    def init_params(self, random_state=None, scheme="uniform", forget_bias=None,
                    identity_recurrent=False):
        """A new flat parameter vector (n_params,), filled by ``scheme`` (see ``_init``)."""
        rng = check_random_state(random_state)
        params = np.zeros(self.n_params, dtype=np.float64)
        initialize(self.views(params), rng, self.ops.n_gates, self.hidden_size, scheme,
                   forget_bias, identity_recurrent, is_lstm=self.ops.has_cell)
        return params.astype(self.dtype)

    # ------------------------------------------------------------------ forward
    def forward(self, params, X, lengths=None, h0=None, c0=None, dropout_masks=None,
                return_sequences=False, training=True):
        """Run the network.

        Parameters
        ----------
        params : (n_params,) flat parameters.
        X : (N, T, input_size) padded batch; only ``X[n, :lengths[n]]`` is read.
        lengths : (N,) ints in 1..T, or None for all T.
        h0, c0 : (num_layers * n_dirs, N, H) initial states (index ``k * n_dirs + d``),
            or None for zeros (or the learned initial state). Truncated BPTT carries the
            previous chunk's final states in here.
        dropout_masks : list of ``num_layers - 1`` arrays (N, T, n_dirs * H), scaled
            masks multiplied into the inputs of layers 1 .. num_layers - 1.
        return_sequences : bool. False: output is each row's last state, directions
            concatenated (N, n_dirs * H). True: every step (N, T, n_dirs * H), zeros past
            each row's length.
        training : bool. False skips everything ``backward`` needs (faster, less memory);
            the returned cache is then None.

        Returns
        -------
        output : see ``return_sequences``.
        states : ``(h_n, c_n)``, each (num_layers * n_dirs, N, H); ``c_n`` is None for
            cells without a cell state.
        cache : opaque, for ``backward``.
        """
        X = np.asarray(X, dtype=self.dtype)
        N, T, _ = X.shape
        lengths = np.full(N, T) if lengths is None else np.asarray(lengths)
        chunks = chunk_rows(lengths, training)
        with blas_single_thread():
            if chunks is None:
                return self._forward(params, X, lengths, h0, c0, dropout_masks,
                                     return_sequences, training)
            return self._forward_chunked(params, X, lengths, h0, c0, dropout_masks,
                                         return_sequences, training, chunks)

    def _forward_chunked(self, params, X, lengths, h0, c0, dropout_masks, return_sequences,
                         training, chunks):
        def run(rows):
            return self._forward(
                params, X[rows], lengths[rows],
                None if h0 is None else np.asarray(h0)[:, rows],
                None if c0 is None else np.asarray(c0)[:, rows],
                None if dropout_masks is None else [np.asarray(m)[rows] for m in dropout_masks],
                return_sequences, training)

        results = map_chunks(run, chunks, self.n_threads)
        output = _scatter_rows([r[0] for r in results], chunks, axis=0)
        h_n = _scatter_rows([r[1][0] for r in results], chunks, axis=1)
        c_n = None if results[0][1][1] is None else \
            _scatter_rows([r[1][1] for r in results], chunks, axis=1)
        cache = _ChunkedCache(chunks, [r[2] for r in results]) if training else None
        return output, (h_n, c_n), cache

    def _forward(self, params, X, lengths, h0, c0, dropout_masks, return_sequences, training):
        N, T, _ = X.shape
        batch = PackedBatch(lengths, T)
        W = self.views(params)
        H, n_dirs, ops = self.hidden_size, self.n_dirs, self.ops
        n_states = self.num_layers * n_dirs
        h_n = np.empty((n_states, N, H), dtype=self.dtype)
        c_n = np.empty((n_states, N, H), dtype=self.dtype) if ops.has_cell else None
        h0 = None if h0 is None else batch.sort_rows(np.asarray(h0, dtype=self.dtype))
        c0 = None if c0 is None else batch.sort_rows(np.asarray(c0, dtype=self.dtype))
        x = batch.pack(X)
        layers, masks = [], []
        for k in range(self.num_layers):
            directions = []
            for d, s in enumerate(self.suffixes):
                idx = k * n_dirs + d
                P = self._layer_params(W, k, s)
                h_init = self._initial_state(h0, W, f"h0_l{k}{s}", idx, N)
                c_init = self._initial_state(c0, W, f"c0_l{k}{s}", idx, N) if ops.has_cell \
                    else None
                cache = ops.forward(x, P, batch.batch_sizes, h_init, c_init, d == 1, training,
                                    h_n[idx], None if c_n is None else c_n[idx])
                directions.append((cache, P))
            layers.append((x, directions))
            outs = [ops.h_seq(cache) for cache, _ in directions]
            x = outs[0] if n_dirs == 1 else np.concatenate(outs, axis=1)
            if k < self.num_layers - 1 and dropout_masks is not None:
                mask = batch.pack(np.asarray(dropout_masks[k], dtype=self.dtype))
                masks.append(mask)
                x = x * mask
        top = self.num_layers - 1
        if return_sequences:
            output = batch.unpack(x)
        else:
            output = np.concatenate([h_n[top * n_dirs + d] for d in range(n_dirs)], axis=1)
            output = output[batch.inverse]
        cache = _ForwardCache(batch, layers, masks, h0 is not None, c0 is not None,
                              return_sequences) if training else None
        states = (batch.unsort_rows(h_n), None if c_n is None else batch.unsort_rows(c_n))
        return output, states, cache

    def _layer_params(self, W, k, s):
        P = {"W_ih": W[f"weight_ih_l{k}{s}"], "W_hh": W[f"weight_hh_l{k}{s}"],
             "b_ih": W[f"bias_ih_l{k}{s}"], "b_hh": W[f"bias_hh_l{k}{s}"]}
        if self.ops.n_peep:
            P["peep"] = np.stack([W[f"{p}_l{k}{s}"] for p in ("w_ci", "w_cf", "w_co")])
        return P

    def _initial_state(self, given, W, name, idx, N):
        if given is not None:
            return np.ascontiguousarray(given[idx])
        if name in W:
            return np.ascontiguousarray(np.broadcast_to(W[name], (N, self.hidden_size)))
        return np.zeros((N, self.hidden_size), dtype=self.dtype)

    # ----------------------------------------------------------------- backward
    def backward(self, params, cache, d_output, d_h_n=None, d_c_n=None, input_grad=True):
        """Backpropagation through time.

        Gradient of ``sum(d_output * output) + sum(d_h_n * h_n) + sum(d_c_n * c_n)``.

        Parameters
        ----------
        params : (n_params,), as given to ``forward``.
        cache : from ``forward``.
        d_output : same shape as ``forward``'s output; padded steps are ignored.
        d_h_n, d_c_n : (num_layers * n_dirs, N, H) or None.
        input_grad : bool, compute ``d_X`` (a fit loop does not need it: one GEMM less).

        Returns
        -------
        grad : (n_params,) gradient of the parameters.
        d_X : (N, T, input_size), zeros in the padding; None if not ``input_grad``.
        d_h0, d_c0 : (num_layers * n_dirs, N, H) gradients of the initial states (``d_c0``
            None for cells without a cell state). Truncated BPTT simply drops them.
        """
        with blas_single_thread():
            if isinstance(cache, _ChunkedCache):
                return self._backward_chunked(params, cache, d_output, d_h_n, d_c_n,
                                              input_grad)
            return self._backward(params, cache, d_output, d_h_n, d_c_n, input_grad)

    def _backward_chunked(self, params, cache, d_output, d_h_n, d_c_n, input_grad):
        d_output = np.asarray(d_output)

        def run(item):
            rows, chunk_cache = item
            return self._backward(
                params, chunk_cache, d_output[rows],
                None if d_h_n is None else np.asarray(d_h_n)[:, rows],
                None if d_c_n is None else np.asarray(d_c_n)[:, rows], input_grad)

        chunks = cache.chunks
        results = map_chunks(run, list(zip(chunks, cache.caches)), self.n_threads)
        grad = results[0][0]
        for r in results[1:]:  # in chunk order, whichever thread ran each chunk
            grad += r[0]
        d_X = _scatter_rows([r[1] for r in results], chunks, axis=0) if input_grad else None
        d_h0 = _scatter_rows([r[2] for r in results], chunks, axis=1)
        d_c0 = None if results[0][3] is None else \
            _scatter_rows([r[3] for r in results], chunks, axis=1)
        return grad, d_X, d_h0, d_c0

    def _backward(self, params, cache, d_output, d_h_n, d_c_n, input_grad):
        batch, ops = cache.batch, self.ops
        H, n_dirs = self.hidden_size, self.n_dirs
        W = self.views(params)
        grad = np.zeros(self.n_params, dtype=self.dtype)
        G = self.views(grad)
        n_states = self.num_layers * n_dirs
        shape = (n_states, batch.N, H)
        d_h = np.zeros(shape, self.dtype) if d_h_n is None \
            else batch.sort_rows(np.asarray(d_h_n, dtype=self.dtype))
        d_c = np.zeros(shape, self.dtype) if d_c_n is None or not ops.has_cell \
            else batch.sort_rows(np.asarray(d_c_n, dtype=self.dtype))
        d_output = np.asarray(d_output, dtype=self.dtype)
        top = self.num_layers - 1
        if cache.return_sequences:
            d_x = batch.pack(d_output)
        else:
            d_x = np.zeros((batch.n_packed, n_dirs * H), dtype=self.dtype)
            d_sorted = d_output[batch.order]
            d_h = d_h.copy()
            for d in range(n_dirs):
                d_h[top * n_dirs + d] += d_sorted[:, d * H:(d + 1) * H]
        d_h0 = np.empty(shape, dtype=self.dtype)
        d_c0 = np.empty(shape, dtype=self.dtype) if ops.has_cell else None
        for k in range(top, -1, -1):
            x_in, directions = cache.layers[k]
            d_in = None
            for d, s in enumerate(self.suffixes):
                idx = k * n_dirs + d
                layer_cache, P = directions[d]
                d_seq = np.ascontiguousarray(d_x[:, d * H:(d + 1) * H])
                grads, d_gx, dh0, dc0 = ops.backward(
                    d_seq, np.ascontiguousarray(d_h[idx]), np.ascontiguousarray(d_c[idx]),
                    batch.batch_sizes, P, d == 1, layer_cache, x_in)
                for key, name in _PARAM_NAMES.items():
                    G[f"{name}_l{k}{s}"][...] = grads[key]
                if "peep" in grads:
                    for i, p in enumerate(("w_ci", "w_cf", "w_co")):
                        G[f"{p}_l{k}{s}"][...] = grads["peep"][i]
                d_h0[idx] = dh0
                if dc0 is not None:
                    d_c0[idx] = dc0
                self._learned_state_grad(G, f"h0_l{k}{s}", dh0, cache.h0_given)
                self._learned_state_grad(G, f"c0_l{k}{s}", dc0, cache.c0_given)
                if k > 0 or input_grad:
                    contrib = _blas.grad_input(d_gx, W[f"weight_ih_l{k}{s}"])
                    d_in = contrib if d_in is None else d_in + contrib
            d_x = d_in * cache.masks[k - 1] if (k > 0 and cache.masks) else d_in
        d_X = batch.unpack(d_x) if input_grad else None
        return (grad, d_X, batch.unsort_rows(d_h0),
                None if d_c0 is None else batch.unsort_rows(d_c0))

    @staticmethod
    def _learned_state_grad(G, name, d_state, given):
        if name in G and not given and d_state is not None:
            G[name][...] = d_state.sum(axis=0)


_PARAM_NAMES = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}


def _scatter_rows(parts, chunks, axis):
    """Reassemble per-chunk arrays into the caller's row order along ``axis``."""
    N = sum(len(rows) for rows in chunks)
    first = parts[0]
    shape = list(first.shape)
    shape[axis] = N
    out = np.empty(shape, dtype=first.dtype)
    for rows, part in zip(chunks, parts):
        if axis == 0:
            out[rows] = part
        else:
            out[:, rows] = part
    return out


class _ChunkedCache(NamedTuple):
    """Per-chunk caches of a chunked forward pass."""

    chunks: list
    caches: list


class _ForwardCache(NamedTuple):
    """What ``backward`` needs from ``forward``."""

    batch: PackedBatch
    layers: list  # per layer: (packed input, [(kernel cache, parameter views)] per direction)
    masks: list
    h0_given: bool
    c0_given: bool
    return_sequences: bool
