"""`SequenceModel`: a recurrent network, a linear head and a loss.

The head reads each sequence's last state (both directions concatenated when
bidirectional), or every real step for per-step targets (many-to-many). The flat
parameter vector is the network's parameters, then the head's weights
(n_outputs, F) row-major, then its biases (n_outputs,), F being the network's output
width.
"""
import numpy as np

from .._data import step_mask
from .._network import blas_single_thread
from ._head import dropout_masks, head_init, head_mask, inference_chunks, weights_mask
from ._losses import LOSSES


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
    """

    def __init__(self, network, n_outputs, loss, dropout=0.0):
        self.network = network
        self.n_outputs = n_outputs
        self.loss = loss
        self.dropout = dropout
        F = network.output_size
        self.n_params = network.n_params + n_outputs * F + n_outputs
        self.penalised = np.concatenate([weights_mask(network), head_mask(n_outputs, F)])

    def init_params(self, rng):
        """New parameters (n_params,): the network's scheme, a Glorot head."""
        params = np.concatenate([self.network.init_params(rng),
                                 *head_init(rng, self.n_outputs, self.network.output_size)])
        return params.astype(self.network.dtype)

    def split(self, params):
        """Views of ``params``: the network's (n_net,), head weights (n_outputs, F) and
        head biases (n_outputs,)."""
        n_net, F = self.network.n_params, self.network.output_size
        W = params[n_net:n_net + self.n_outputs * F].reshape(self.n_outputs, F)
        return params[:n_net], W, params[n_net + self.n_outputs * F:]

    def named_views(self, params):
        """Writeable views by name: PyTorch's ``state_dict`` names for the network,
        ``head.weight`` and ``head.bias`` (a ``torch.nn.Linear``)."""
        rnn_p, W, b = self.split(params)
        return dict(self.network.views(rnn_p), **{"head.weight": W, "head.bias": b})

    # ---------------------------------------------------------------- training
    def loss_grad(self, params, data, rows, *, rng=None, states=None):
        """Weighted mean loss of ``rows`` and its gradient (see ``skrnn._training``)."""
        lengths = data.lengths[rows]
        T = int(lengths.max())
        rnn_p, W, b = self.split(params)
        h0, c0 = _rows_of(states, rows)
        out, _, cache = self.network.forward(
            rnn_p, data.X[rows, :T], lengths, h0=h0, c0=c0,
            dropout_masks=dropout_masks(self.network, self.dropout, len(rows), T, rng),
            return_sequences=data.per_step)
        if data.per_step:
            step = step_mask(lengths, T)
            H = out[step]                       # (n_steps, F), real steps only
            Y = data.targets[rows, :T][step]
            w = np.repeat(data.sample_weight[rows], lengths)  # steps in row order, as H's
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
        g_rnn = self.network.backward(rnn_p, cache, d_out, input_grad=False)[0]
        grad = np.concatenate([g_rnn, (dZ.T @ H).ravel(), dZ.sum(axis=0)])
        return loss, grad.astype(params.dtype, copy=False)

    def score(self, params, data, rows):
        """The loss's validation score (accuracy or R^2) of ``rows``, unweighted."""
        lengths = data.lengths[rows]
        Z = self.predict(params, data.X[rows, :int(lengths.max())], lengths, data.per_step)
        Y = data.targets[rows]
        if data.per_step:
            Z, Y = np.concatenate(Z), Y[step_mask(lengths, Y.shape[1])]
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
        outs = [None] * len(lengths)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                lens = lengths[rows]
                out, _, _ = self.network.forward(rnn_p, X[rows, :int(lens.max())], lens,
                                                 return_sequences=per_step, training=False)
                Z = out @ W.T + b
                for i, r in enumerate(rows):
                    outs[r] = Z[i, :lens[i]] if per_step else Z[i]
        return outs if per_step else np.asarray(outs, dtype=params.dtype)


def _rows_of(states, rows):
    """The initial states of ``rows`` from all rows' ``states``, or (None, None)."""
    if states is None:
        return None, None
    h0, c0 = states
    return h0[:, rows], None if c0 is None else c0[:, rows]
