"""Output heads' losses, each paired with its gradient and a validation score, by name.

Every loss takes the head's raw outputs ``Z`` (n_rows, n_outputs), the targets ``Y``
and per-row weights ``w`` (n_rows,) summing to 1, and returns ``(loss, dZ)``: the
weighted mean loss and its gradient with respect to ``Z``. Every score takes ``Y`` and
``Z`` and returns a float, greater is better: what early stopping watches.
"""
from typing import Callable, NamedTuple

import numpy as np
from sklearn.metrics import r2_score


def softmax(Z):
    """Row-wise softmax, stable for large logits; (n, k) -> (n, k)."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def log_softmax(Z):
    """Row-wise log of the softmax, stable for large logits; (n, k) -> (n, k)."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_cross_entropy(Z, Y, w):
    """Cross-entropy of softmax(Z) against one-hot ``Y`` (n, k)."""
    log_p = log_softmax(Z)
    loss = -float(np.sum(w * np.sum(Y * log_p, axis=1)))
    dZ = (np.exp(log_p) - Y) * w[:, None]
    return loss, dZ


def squared_error(Z, Y, w):
    """Half the squared error, summed over outputs: ``0.5 * ||Z - Y||^2`` per row."""
    diff = Z - Y
    loss = 0.5 * float(np.sum(w * np.sum(diff * diff, axis=1)))
    return loss, diff * w[:, None]


def sparse_softmax_cross_entropy(Z, Y, w):
    """Cross-entropy of softmax(Z) against class ids ``Y`` (n, 1) (a float column of
    ints): the same loss as `softmax_cross_entropy` without a one-hot (n, k) target,
    for many classes (a language model's vocabulary)."""
    log_p = log_softmax(Z)
    ids = np.rint(Y[:, 0]).astype(np.int64)
    rows = np.arange(len(ids))
    loss = -float(np.sum(w * log_p[rows, ids]))
    dZ = np.exp(log_p)
    dZ[rows, ids] -= 1.0
    return loss, dZ * w[:, None]


def sparse_accuracy(Y, Z):
    """Share of rows whose most probable class is the id ``Y`` (n, 1)."""
    return float(np.mean(Z.argmax(axis=1) == np.rint(Y[:, 0]).astype(np.int64)))


def accuracy(Y, Z):
    """Share of rows whose most probable class is the one-hot ``Y``'s."""
    return float(np.mean(softmax(Z).argmax(axis=1) == Y.argmax(axis=1)))


def r2(Y, Z):
    """Coefficient of determination, averaged over outputs (scikit-learn's R^2)."""
    return float(r2_score(Y.astype(np.float64), Z.astype(np.float64)))


class Loss(NamedTuple):
    """A loss with its gradient (``function``) and the score that validates it."""

    function: Callable
    score: Callable


LOSSES = {"softmax_cross_entropy": Loss(softmax_cross_entropy, accuracy),
          "sparse_softmax_cross_entropy": Loss(sparse_softmax_cross_entropy,
                                               sparse_accuracy),
          "squared_error": Loss(squared_error, r2)}
