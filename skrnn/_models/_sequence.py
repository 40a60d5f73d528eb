"""`SequenceModel`: a recurrent network, a linear head and a loss.

The head reads a pooled vector of each sequence (``pooling``, see `_pooling`: by default
its last state, both directions concatenated when bidirectional), or every real step
for per-step targets (many-to-many). With ``patch_size`` p > 1 the network reads p
consecutive steps as one input vector. The flat parameter vector is the network's
parameters, then the attention vector ``v`` (F,) when pooling by attention, then the
head's weights (n_outputs, F * len(pooling)) row-major and its biases (n_outputs,), F
being the network's output width.
"""
import numpy as np

from .._data import step_mask
from .._network import blas_single_thread
from ._head import dropout_masks, head_init, head_mask, inference_chunks, weights_mask
from ._losses import LOSSES
from ._pooling import patches, patches_backward, pool, pool_backward


class SequenceModel:
    """A network with a linear head and a loss, for the training loop and inference.

    Parameters
    ----------
    network : RNNNetwork
    n_outputs : int
        Width of the head: classes, regression outputs, or forecast values.
    loss : {"softmax_cross_entropy", "squared_error"}
        Key of ``LOSSES``; it also picks the validation score (accuracy or R^2).
    dropout : float, default=0.0
        Rate between stacked layers, in training only.
    pooling : tuple of {"last", "mean", "max", "attention"}, default=("last",)
        What the head reads of each sequence (per-sequence targets only).
    patch_size : int, default=1
        Steps per recurrent step; the network's ``input_size`` must be
        ``patch_size * n_features``.
    init : dict, default=None
        Keywords of ``RNNNetwork.init_params`` (``scheme``, ``forget_bias``, ...).
    """

    def __init__(self, network, n_outputs, loss, dropout=0.0, pooling=("last",),
                 patch_size=1, init=None):
        self.network = network
        self.n_outputs = n_outputs
        self.loss = loss
        self.dropout = dropout
        self.pooling = tuple(pooling)
        self.patch_size = patch_size
        self.init = dict(init or {})
        F = network.output_size
        self.n_attention = F if "attention" in self.pooling else 0
        self.n_head_inputs = F * len(self.pooling)
        self.n_params = (network.n_params + self.n_attention
                         + n_outputs * self.n_head_inputs + n_outputs)
        self.penalised = np.concatenate([weights_mask(network),
                                         np.ones(self.n_attention, bool),
                                         head_mask(n_outputs, self.n_head_inputs)])

    @property
    def _pooled(self):
        """Whether the head reads more than the last states (needs every step)."""
        return self.pooling != ("last",)

    def init_params(self, rng):
        """New parameters (n_params,): the network's scheme, a zero attention vector
        (attention starts as the mean), a Glorot head."""
        params = np.concatenate([self.network.init_params(rng, **self.init),
                                 np.zeros(self.n_attention),
                                 *head_init(rng, self.n_outputs, self.n_head_inputs)])
        return params.astype(self.network.dtype)

    def split(self, params):
        """Views of ``params``: the network's (n_net,), head weights (n_outputs, K) and
        head biases (n_outputs,), K being the pooled width."""
        n_net, K = self.network.n_params + self.n_attention, self.n_head_inputs
        W = params[n_net:n_net + self.n_outputs * K].reshape(self.n_outputs, K)
        return params[:self.network.n_params], W, params[n_net + self.n_outputs * K:]

    def _attention(self, params):
        n_net = self.network.n_params
        return params[n_net:n_net + self.n_attention] if self.n_attention else None

    def named_views(self, params):
        """Writeable views by name: PyTorch's ``state_dict`` names for the network,
        ``attention.weight`` (F,) when pooling by attention, ``head.weight`` and
        ``head.bias`` (a ``torch.nn.Linear``)."""
        rnn_p, W, b = self.split(params)
        views = dict(self.network.views(rnn_p))
        if self.n_attention:
            views["attention.weight"] = self._attention(params)
        return dict(views, **{"head.weight": W, "head.bias": b})

    def inputs(self, X, lengths):
        """What the network reads of a padded batch: X and lengths, in patches."""
        return patches(X, lengths, self.patch_size)

    # ---------------------------------------------------------------- training
    def loss_grad(self, params, data, rows, *, rng=None, states=None):
        """Weighted mean loss of ``rows`` and its gradient (see ``skrnn._training``)."""
        X, lengths = self.inputs(data.X[rows, :int(data.lengths[rows].max())],
                                 data.lengths[rows])
        T = int(lengths.max())
        rnn_p, W, b = self.split(params)
        h0, c0 = _rows_of(states, rows)
        pooled = self._pooled and not data.per_step
        out, _, cache = self.network.forward(
            rnn_p, X, lengths, h0=h0, c0=c0,
            dropout_masks=dropout_masks(self.network, self.dropout, len(rows), T, rng),
            return_sequences=data.per_step or pooled)
        if pooled:
            seq = out
            out, pool_cache = pool(seq, lengths, self.pooling, self.network.n_dirs,
                                   self._attention(params))
        if data.per_step:
            step = step_mask(lengths, T)
            if data.observed is not None:  # steps without a target are not in the loss
                step &= data.observed[rows, :T]
            H = out[step]                       # (n_steps, F), real steps only
            Y = data.targets[rows, :T][step]
            w = np.broadcast_to(data.sample_weight[rows][:, None], step.shape)[step]
        else:
            H, Y = out, data.targets[rows]
            w = data.sample_weight[rows]
        total = w.sum()
        if total <= 0:
            return 0.0, np.zeros_like(params)  # a minibatch of zero weight
        w = (w / total).astype(params.dtype)
        loss, dZ = LOSSES[self.loss].function(H @ W.T + b, Y, w)
        d_H = dZ @ W
        d_v = None
        if data.per_step:
            d_out = np.zeros_like(out)
            d_out[step] = d_H
        elif pooled:
            d_out, d_v = pool_backward(d_H, seq, lengths, self.pooling,
                                       self.network.n_dirs, pool_cache,
                                       self._attention(params))
        else:
            d_out = d_H
        g_rnn = self.network.backward(rnn_p, cache, d_out, input_grad=False)[0]
        parts = [g_rnn] + ([] if d_v is None else [d_v])
        grad = np.concatenate(parts + [(dZ.T @ H).ravel(), dZ.sum(axis=0)])
        return loss, grad.astype(params.dtype, copy=False)

    def score(self, params, data, rows):
        """The loss's validation score (accuracy or R^2) of ``rows``, unweighted."""
        lengths = data.lengths[rows]
        Z = self.predict(params, data.X[rows, :int(lengths.max())], lengths, data.per_step)
        Y = data.targets[rows]
        if data.per_step:
            step = step_mask(lengths, Y.shape[1])
            Z, Y = np.concatenate(Z), Y[step]
            if data.observed is not None:
                kept = data.observed[rows, :step.shape[1]][step]
                Z, Y = Z[kept], Y[kept]
        return LOSSES[self.loss].score(Y, Z)

    def carried_states(self, params, data):
        """Initial states (h0, c0) of every row: the final states of the chunk before
        it (``data.previous``), chunk after chunk, with the current weights; None when
        no row continues another."""
        previous = data.previous
        if previous is None or not (previous >= 0).any():
            return None
        net = self.network
        rnn_p = self.split(params)[0]
        depth = np.zeros(data.n_samples, dtype=np.int64)  # chunks before each row
        for i in np.flatnonzero(previous >= 0):  # previous[i] < i: rows in series order
            depth[i] = depth[previous[i]] + 1
        shape = (net.num_layers * net.n_dirs, data.n_samples, net.hidden_size)
        h0 = np.zeros(shape, dtype=net.dtype)
        c0 = np.zeros_like(h0) if net.ops.has_cell else None
        for d in range(1, int(depth.max()) + 1):
            rows = np.flatnonzero(depth == d)
            prev = previous[rows]
            _, (h_n, c_n), _ = net.forward(
                rnn_p, data.X[prev], data.lengths[prev], h0=h0[:, prev],
                c0=None if c0 is None else c0[:, prev], training=False)
            h0[:, rows] = h_n
            if c0 is not None:
                c0[:, rows] = c_n
        return h0, c0

    # --------------------------------------------------------------- inference
    def forward(self, params, X, lengths=None, states=None):
        """One inference pass of the last states: head outputs (N, n_outputs) and the
        final states ``(h_n, c_n)``; ``states`` are initial states or None."""
        rnn_p, W, b = self.split(params)
        h0, c0 = (None, None) if states is None else states
        out, states, _ = self.network.forward(rnn_p, X, lengths, h0=h0, c0=c0,
                                              training=False)
        return out @ W.T + b, states

    def predict(self, params, X, lengths, per_step):
        """Head outputs of a padded batch ``X`` (n, T, d): (n, n_outputs), or per step a
        list of (T_i, n_outputs); computed in length-sorted chunks."""
        rnn_p, W, b = self.split(params)
        pooled = self._pooled and not per_step
        outs = [None] * len(lengths)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                X_rows, lens = self.inputs(X[rows, :int(lengths[rows].max())], lengths[rows])
                out, _, _ = self.network.forward(rnn_p, X_rows, lens,
                                                 return_sequences=per_step or pooled,
                                                 training=False)
                if pooled:
                    out = pool(out, lens, self.pooling, self.network.n_dirs,
                               self._attention(params))[0]
                Z = out @ W.T + b
                for i, r in enumerate(rows):
                    outs[r] = Z[i, :lens[i]] if per_step else Z[i]
        return outs if per_step else np.asarray(outs, dtype=params.dtype)


    def input_gradient(self, params, X, lengths, cotangent):
        """Gradient of ``sum(cotangent(Z) * Z)`` with respect to the padded batch ``X``
        (n, T, d), Z (n, n_outputs) being the head outputs of each sequence's pooled
        states and ``cotangent`` a function of them (held constant): (n, T, d), zeros
        past each row's length. Computed in length-sorted chunks, without dropout."""
        rnn_p, W, b = self.split(params)
        v = self._attention(params)
        d_X = np.zeros(X.shape, dtype=params.dtype)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                T = int(lengths[rows].max())
                X_rows, lens = self.inputs(X[rows, :T], lengths[rows])
                out, _, cache = self.network.forward(rnn_p, X_rows, lens,
                                                     return_sequences=self._pooled)
                if self._pooled:
                    seq = out
                    out, pool_cache = pool(seq, lens, self.pooling, self.network.n_dirs, v)
                d_out = cotangent(out @ W.T + b, rows).astype(params.dtype) @ W
                if self._pooled:
                    d_out = pool_backward(d_out, seq, lens, self.pooling,
                                          self.network.n_dirs, pool_cache, v)[0]
                d_in = self.network.backward(rnn_p, cache, d_out)[1]
                d_X[rows, :T] = patches_backward(d_in, lengths[rows], self.patch_size, T)
        return d_X


def _rows_of(states, rows):
    """The initial states of ``rows`` from all rows' ``states``, or (None, None)."""
    if states is None:
        return None, None
    h0, c0 = states
    return h0[:, rows], None if c0 is None else c0[:, rows]
