"""`SequenceModel`: a recurrent network, a linear head and a loss.

The head reads a pooled vector of each sequence (``pooling``, see `_pooling`: by default
its last state, both directions concatenated when bidirectional), or every real step
for per-step targets (many-to-many). With ``patch_size`` p > 1 the network reads p
consecutive steps as one input vector. Static (per-sequence) inputs enter in one of the
four ways of `_static` (``static_mode``).

The flat parameter vector is the network's parameters, then the attention vector ``v``
(F,) when pooling by attention, then the init-inject projection (``static_mode="init"``:
weights (num_layers * n_dirs * H, n_static) row-major and biases), then the embedding
table (vocabulary size, embedding dim) row-major for token input, then the head's
weights (n_outputs, K) row-major and its biases (n_outputs,), F being the network's
output width and K = F * len(pooling) (+ n_static for "merge").
"""
import numpy as np

from .._data import step_mask
from .._network import blas_single_thread
from ._embedding import embed, embed_backward, token_ids
from ._head import dropout_masks, head_init, head_mask, inference_chunks, weights_mask
from ._losses import LOSSES
from ._pooling import patches, patches_backward, pool, pool_backward
from ._static import (initial_states, initial_states_backward, n_input_columns,
                      sequence_input_grad, steps_shift, with_static_steps)


class SequenceModel:
    """A network with a linear head and a loss, for the training loop and inference.

    Parameters
    ----------
    network : RNNNetwork
        Its ``input_size`` is ``patch_size * n_features``, plus ``n_static`` for the
        static modes "pre" and "par".
    n_outputs : int
        Width of the head: classes, regression outputs, or forecast values.
    loss : {"softmax_cross_entropy", "squared_error"}
        Key of ``LOSSES``; it also picks the validation score (accuracy or R^2).
    dropout : float, default=0.0
        Rate between stacked layers, in training only.
    pooling : tuple of {"last", "mean", "max", "attention"}, default=("last",)
        What the head reads of each sequence (per-sequence targets only).
    patch_size : int, default=1
        Steps per recurrent step.
    init : dict, default=None
        Keywords of ``RNNNetwork.init_params`` (``scheme``, ``forget_bias``, ...).
    n_static : int, default=0
        Static features per sequence (0: none).
    static_mode : {"init", "pre", "par", "merge"} or None, default=None
        How they enter (see `_static`); None without static features.
    embedding : (int, int) or None, default=None
        ``(vocabulary size, embedding dim)``: X holds token ids, looked up in a learned
        table (`_embedding`) before the network; None: X holds the features.
    """

    def __init__(self, network, n_outputs, loss, dropout=0.0, pooling=("last",),
                 patch_size=1, init=None, n_static=0, static_mode=None, embedding=None):
        self.network = network
        self.n_outputs = n_outputs
        self.loss = loss
        self.dropout = dropout
        self.pooling = tuple(pooling)
        self.patch_size = patch_size
        self.init = dict(init or {})
        self.n_static = int(n_static)
        self.static_mode = static_mode if self.n_static else None
        F = network.output_size
        self.n_attention = F if "attention" in self.pooling else 0
        n_states = network.num_layers * network.n_dirs * network.hidden_size
        self.n_init = n_states * (self.n_static + 1) if self.static_mode == "init" else 0
        self.n_merged = self.n_static if self.static_mode == "merge" else 0
        self.embedding = None if embedding is None else tuple(int(v) for v in embedding)
        self.n_embedding = 0 if embedding is None else self.embedding[0] * self.embedding[1]
        self.n_head_inputs = F * len(self.pooling) + self.n_merged
        self.n_params = (network.n_params + self.n_attention + self.n_init
                         + self.n_embedding + n_outputs * self.n_head_inputs + n_outputs)
        self.penalised = np.concatenate([
            weights_mask(network), np.ones(self.n_attention, bool),
            head_mask(n_states, self.n_static) if self.n_init else np.zeros(0, bool),
            np.ones(self.n_embedding, bool), head_mask(n_outputs, self.n_head_inputs)])

    @property
    def _pooled(self):
        """Whether the head reads more than the last states (needs every step)."""
        return self.pooling != ("last",)

    def init_params(self, rng):
        """New parameters (n_params,): the network's scheme, a zero attention vector
        (attention starts as the mean), Glorot projections for init-inject and the
        head."""
        n_states = self.n_init // (self.n_static + 1) if self.n_init else 0
        params = np.concatenate([
            self.network.init_params(rng, **self.init), np.zeros(self.n_attention),
            *(head_init(rng, n_states, self.n_static) if self.n_init else []),
            rng.normal(size=self.n_embedding),  # torch.nn.Embedding's N(0, 1)
            *head_init(rng, self.n_outputs, self.n_head_inputs)])
        return params.astype(self.network.dtype)

    def split(self, params):
        """Views of ``params``: the network's (n_net,), head weights (n_outputs, K) and
        head biases (n_outputs,), K being the head's input width."""
        n_net = self.network.n_params + self.n_attention + self.n_init + self.n_embedding
        K = self.n_head_inputs
        W = params[n_net:n_net + self.n_outputs * K].reshape(self.n_outputs, K)
        return params[:self.network.n_params], W, params[n_net + self.n_outputs * K:]

    def _attention(self, params):
        n_net = self.network.n_params
        return params[n_net:n_net + self.n_attention] if self.n_attention else None

    def _static_init(self, params):
        """The init-inject projection: weights (n_states, n_static) and biases."""
        start = self.network.n_params + self.n_attention
        n_states = self.n_init // (self.n_static + 1)
        W = params[start:start + n_states * self.n_static].reshape(n_states,
                                                                    self.n_static)
        return W, params[start + n_states * self.n_static:start + self.n_init]

    def _embedded(self, params, X, lengths=None):
        """X as the network reads it, and the token ids read (for the table's gradient):
        ids looked up in the embedding table, or X itself and None without one."""
        if not self.n_embedding:
            return X, None
        if lengths is None:
            lengths = np.full(len(X), X.shape[1])
        ids = token_ids(X, lengths)
        return embed(self._table(params), ids), ids

    def _table(self, params):
        """The embedding table (vocabulary size, embedding dim)."""
        start = self.network.n_params + self.n_attention + self.n_init
        return params[start:start + self.n_embedding].reshape(self.embedding)

    def named_views(self, params):
        """Writeable views by name: PyTorch's ``state_dict`` names for the network,
        ``attention.weight`` (F,) when pooling by attention, ``static_init.weight`` and
        ``static_init.bias`` for init-inject, ``head.weight`` and ``head.bias`` (a
        ``torch.nn.Linear``)."""
        rnn_p, W, b = self.split(params)
        views = dict(self.network.views(rnn_p))
        if self.n_attention:
            views["attention.weight"] = self._attention(params)
        if self.n_init:
            views["static_init.weight"], views["static_init.bias"] = \
                self._static_init(params)
        if self.n_embedding:
            views["embedding.weight"] = self._table(params)
        return dict(views, **{"head.weight": W, "head.bias": b})

    def inputs(self, X, lengths, static=None):
        """What the network reads of a padded batch: X and lengths, in patches, with
        the static inputs of modes "pre" and "par"."""
        X, lengths = patches(X, lengths, self.patch_size)
        return with_static_steps(X, lengths, static, self.static_mode)

    # ------------------------------------------------------------ one pass
    def _forward(self, params, X, lengths, static, *, per_step, training, states=None,
                 rng=None):
        """The head's inputs: (N, K) per sequence, or (N, T, F) per step (zeros past
        each row's length), and what `_backward` needs."""
        rnn_p = self.split(params)[0]
        X, ids = self._embedded(params, X, lengths)
        X_in, lens = self.inputs(X, lengths, static)
        h0, c0 = (None, None) if states is None else states
        activations = None
        if self.static_mode == "init":
            h0, activations = initial_states(static, *self._static_init(params),
                                             self.network)
        pooled = self._pooled and not per_step
        out, _, cache = self.network.forward(
            rnn_p, X_in, lens, h0=h0, c0=c0,
            dropout_masks=dropout_masks(self.network, self.dropout, len(lens),
                                        X_in.shape[1], rng),
            return_sequences=per_step or pooled, training=training)
        shift = steps_shift(self.static_mode)
        real = lens - shift
        ctx = {"cache": cache, "activations": activations, "static": static,
               "lengths": real, "T": X_in.shape[1], "n_columns": X_in.shape[2]
               - n_input_columns(self.static_mode, self.n_static), "ids": ids,
               "input_lengths": lengths, "input_T": X.shape[1]}
        if per_step or pooled:
            out = out[:, shift:]
        if pooled:
            ctx["seq"] = out
            out, ctx["pool"] = pool(out, real, self.pooling, self.network.n_dirs,
                                    self._attention(params))
        if self.n_merged:  # per step: the same vector at every step
            merged = np.broadcast_to(static.astype(out.dtype).reshape(
                (len(out),) + (1,) * (out.ndim - 2) + (self.n_merged,)),
                out.shape[:-1] + (self.n_merged,))
            out = np.concatenate([out, merged], axis=-1)
        return out, ctx

    def _backward(self, params, ctx, d_out, input_grad=False):
        """Gradients of the network, the attention vector, the init projection and the
        embedding table (one flat vector), and of the sequences' inputs (N, T, D: of
        the embedded tokens, for token input) if ``input_grad``, from that of
        `_forward`'s output."""
        rnn_p = self.split(params)[0]
        if self.n_merged:
            d_out = d_out[..., :d_out.shape[-1] - self.n_merged]
        d_v = None
        if "seq" in ctx:
            d_out, d_v = pool_backward(d_out, ctx["seq"], ctx["lengths"], self.pooling,
                                       self.network.n_dirs, ctx["pool"],
                                       self._attention(params))
        if d_v is None:
            d_v = np.zeros(self.n_attention, dtype=params.dtype)
        if d_out.ndim == 3:  # every step: back to the network's steps
            full = np.zeros((d_out.shape[0], ctx["T"], d_out.shape[2]), d_out.dtype)
            full[:, steps_shift(self.static_mode):] = d_out
            d_out = full
        need_dx = input_grad or self.n_embedding > 0
        g_rnn, d_X, d_h0, _ = self.network.backward(rnn_p, ctx["cache"], d_out,
                                                    input_grad=need_dx)
        parts = [g_rnn, d_v]
        if self.n_init:
            parts.append(initial_states_backward(d_h0, ctx["activations"],
                                                 ctx["static"]))
        if need_dx:
            d_X = patches_backward(sequence_input_grad(d_X, self.static_mode,
                                                       ctx["n_columns"]),
                                   ctx["input_lengths"], self.patch_size, ctx["input_T"])
        if self.n_embedding:
            parts.append(embed_backward(d_X, ctx["ids"], ctx["input_lengths"],
                                        self.embedding[0]).ravel())
        grad = np.concatenate(parts).astype(params.dtype, copy=False)
        return grad, d_X if input_grad else None

    # ---------------------------------------------------------------- training
    def loss_grad(self, params, data, rows, *, rng=None, states=None):
        """Weighted mean loss of ``rows`` and its gradient (see ``skrnn._training``)."""
        T = int(data.lengths[rows].max())
        lengths = data.lengths[rows]
        static = None if data.static is None else data.static[rows]
        _, W, b = self.split(params)
        out, ctx = self._forward(params, data.X[rows, :T], lengths, static,
                                 per_step=data.per_step, training=True,
                                 states=None if states is None else
                                 _rows_of(states, rows), rng=rng)
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
        if data.per_step:
            d_out = np.zeros_like(out)
            d_out[step] = d_H
        else:
            d_out = d_H
        g_body = self._backward(params, ctx, d_out)[0]
        grad = np.concatenate([g_body, (dZ.T @ H).ravel(), dZ.sum(axis=0)])
        return loss, grad.astype(params.dtype, copy=False)

    def score(self, params, data, rows):
        """The loss's validation score (accuracy or R^2) of ``rows``, unweighted."""
        lengths = data.lengths[rows]
        Z = self.predict(params, data.X[rows, :int(lengths.max())], lengths, data.per_step,
                         None if data.static is None else data.static[rows])
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
                rnn_p, self._embedded(params, data.X[prev], data.lengths[prev])[0],
                data.lengths[prev], h0=h0[:, prev],
                c0=None if c0 is None else c0[:, prev], training=False)
            h0[:, rows] = h_n
            if c0 is not None:
                c0[:, rows] = c_n
        return h0, c0

    # --------------------------------------------------------------- inference
    def forward(self, params, X, lengths=None, states=None, static=None):
        """One inference pass of the last states: head outputs (N, n_outputs) and the
        final states ``(h_n, c_n)``. ``states`` None starts a run (static inputs enter
        in every mode); given, it continues one step by step (the forecaster's
        recursion: only "par" and "merge" read the static inputs again)."""
        rnn_p, W, b = self.split(params)
        h0, c0 = (None, None) if states is None else states
        X = self._embedded(params, X, lengths)[0]
        mode = self.static_mode
        if mode is not None:
            if states is None:
                if lengths is None:
                    lengths = np.full(len(X), X.shape[1])
                X, lengths = with_static_steps(X, lengths, static, mode)
                if mode == "init":
                    h0 = initial_states(static, *self._static_init(params),
                                        self.network)[0]
            elif mode == "par":
                X = with_static_steps(X, lengths, static, mode)[0]
        out, states, _ = self.network.forward(rnn_p, X, lengths, h0=h0, c0=c0,
                                              training=False)
        if self.n_merged:
            out = np.concatenate([out, static.astype(out.dtype)], axis=1)
        return out @ W.T + b, states

    def predict(self, params, X, lengths, per_step, static=None):
        """Head outputs of a padded batch ``X`` (n, T, d) and its static inputs
        (n, n_static) or None: (n, n_outputs), or per step a list of (T_i,
        n_outputs); computed in length-sorted chunks."""
        _, W, b = self.split(params)
        outs = [None] * len(lengths)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                out, ctx = self._forward(
                    params, X[rows, :int(lengths[rows].max())], lengths[rows],
                    None if static is None else static[rows], per_step=per_step,
                    training=False)
                Z = out @ W.T + b
                for i, r in enumerate(rows):
                    outs[r] = Z[i, :ctx["lengths"][i]] if per_step else Z[i]
        return outs if per_step else np.asarray(outs, dtype=params.dtype)

    def input_gradient(self, params, X, lengths, cotangent, static=None):
        """Gradient of ``sum(cotangent(Z, rows) * Z)`` with respect to the padded batch
        ``X`` (n, T, d), Z (len(rows), n_outputs) being the head outputs of the
        sequences ``rows`` and ``cotangent`` a function of them (held constant):
        (n, T, d), zeros past each row's length. Computed in length-sorted chunks,
        without dropout; the static inputs are held fixed."""
        _, W, b = self.split(params)
        d_X = np.zeros(X.shape, dtype=params.dtype)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                T = int(lengths[rows].max())
                out, ctx = self._forward(params, X[rows, :T], lengths[rows],
                                         None if static is None else static[rows],
                                         per_step=False, training=True)
                d_out = cotangent(out @ W.T + b, rows).astype(params.dtype) @ W
                d_X[rows, :T] = self._backward(params, ctx, d_out, input_grad=True)[1]
        return d_X


def _rows_of(states, rows):
    """The initial states of ``rows`` from all rows' ``states``, or (None, None)."""
    if states is None:
        return None, None
    h0, c0 = states
    return h0[:, rows], None if c0 is None else c0[:, rows]
