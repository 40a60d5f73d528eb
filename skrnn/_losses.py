"""Output heads' losses, each paired with its gradient, looked up by name.

Every function takes the head's raw outputs ``Z`` (n_rows, n_outputs), the targets ``Y``
and per-row weights ``w`` (n_rows,) summing to 1, and returns ``(loss, dZ)``: the
weighted mean loss and its gradient with respect to ``Z``.
"""
import numpy as np


def softmax(Z):
    """Row-wise softmax, stable for large logits; (n, k) -> (n, k)."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_cross_entropy(Z, Y, w):
    """Cross-entropy of softmax(Z) against one-hot ``Y`` (n, k)."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_p = shifted - log_norm
    loss = -float(np.sum(w * np.sum(Y * log_p, axis=1)))
    dZ = (np.exp(log_p) - Y) * w[:, None]
    return loss, dZ


def squared_error(Z, Y, w):
    """Half the squared error, summed over outputs: ``0.5 * ||Z - Y||^2`` per row."""
    diff = Z - Y
    loss = 0.5 * float(np.sum(w * np.sum(diff * diff, axis=1)))
    return loss, diff * w[:, None]


LOSSES = {"softmax_cross_entropy": softmax_cross_entropy, "squared_error": squared_error}
