"""Static (per-sequence, time-invariant) inputs: the four ways a fixed vector ``S``
(n, s) enters a recurrent network, as the image-captioning architectures put an image
into a language model (Tanti, Gatt and Camilleri 2018, "Where to put the image in an
image caption generator"):

- ``"init"`` (init-inject): ``S`` sets the initial state through a learned projection,
  ``h0 = tanh(S W_init^T + b_init)`` for every layer and direction (the LSTMs' ``c0``
  stays zero);
- ``"pre"`` (pre-inject): ``S`` is the first input step, ``[0, S]``, before the
  sequence's steps ``[x_t, 0]``; the network's input weights have a block for each;
- ``"par"`` (par-inject): ``S`` is concatenated to every step's input, ``[x_t, S]``;
- ``"merge"``: ``S`` joins the pooled recurrent output before the head, so the network
  itself never sees it.

"pre" and "par" only rearrange the network's input; "init" adds the projection's
parameters (its backward pass is here); "merge" widens the head. The tests check each
against finite differences.
"""
import numpy as np

STATIC_MODES = ("init", "pre", "par", "merge")


def n_input_columns(mode, n_static):
    """Columns the network's input gains for ``n_static`` static features."""
    return n_static if mode in ("pre", "par") else 0


def with_static_steps(X, lengths, static, mode):
    """The network's input for modes "pre" and "par" (X unchanged otherwise): X (N, T,
    D) and ``static`` (N, s) -> (N, T', D + s) and the new lengths."""
    if mode not in ("pre", "par"):
        return X, lengths
    N, T, D = X.shape
    s = static.shape[1]
    if mode == "par":
        out = np.empty((N, T, D + s), dtype=X.dtype)
        out[:, :, :D] = X
        out[:, :, D:] = static[:, None, :]
        return out, lengths
    out = np.zeros((N, T + 1, D + s), dtype=X.dtype)
    out[:, 0, D:] = static
    out[:, 1:, :D] = X
    return out, lengths + 1


def steps_shift(mode):
    """Input steps the network reads before a sequence's first step: 1 for "pre"."""
    return 1 if mode == "pre" else 0


def sequence_input_grad(d_X, mode, n_columns):
    """The gradient of the sequence's own steps (N, T, D) from that of the network's
    input (`with_static_steps`): without the static columns and the "pre" step."""
    return d_X[:, steps_shift(mode):, :n_columns]


def initial_states(static, W, b, network):
    """Init-inject: ``h0`` (num_layers * n_dirs, N, H) from ``static`` (N, s) and the
    projection ``W`` (num_layers * n_dirs * H, s), ``b`` (num_layers * n_dirs * H,);
    also the activations (N, num_layers * n_dirs * H) that `initial_states_backward`
    needs."""
    a = np.tanh(static @ W.T + b)
    N = static.shape[0]
    h0 = a.reshape(N, network.num_layers * network.n_dirs, network.hidden_size)
    return np.ascontiguousarray(h0.transpose(1, 0, 2)), a


def initial_states_backward(d_h0, a, static):
    """Gradients of the projection (``W``, ``b``, flattened and concatenated) from
    that of ``h0`` (num_layers * n_dirs, N, H)."""
    N = static.shape[0]
    d_pre = d_h0.transpose(1, 0, 2).reshape(N, -1) * (1.0 - a * a)
    return np.concatenate([(d_pre.T @ static).ravel(), d_pre.sum(axis=0)])
