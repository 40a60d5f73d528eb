"""The embedding input: token ids looked up in a learned table (``torch.nn.Embedding``).

Token sequences arrive as a padded batch whose one feature holds each step's id (as a
float, exact below 2**24); the network reads the table's rows instead. The gradient of
the table is the network's input gradient added into the rows of the ids that were read
(padding reads nothing), checked against finite differences and torch.
"""
import numpy as np

from .._data import step_mask


def token_ids(X, lengths):
    """The ids (N, T) int64 of a padded token batch X (N, T, 1); 0 past each length."""
    ids = np.rint(X[:, :, 0]).astype(np.int64)
    ids[~step_mask(lengths, X.shape[1])] = 0
    return ids


def embed(table, ids):
    """The rows of ``table`` (V, e) at ``ids`` (N, T): (N, T, e)."""
    return table[ids]


def embed_backward(d_embedded, ids, lengths, n_tokens):
    """The gradient of the table (V, e) from that of the looked-up rows (N, T, e): each
    real step's gradient added into its id's row."""
    real = step_mask(lengths, ids.shape[1])
    d_table = np.zeros((n_tokens, d_embedded.shape[2]), dtype=d_embedded.dtype)
    np.add.at(d_table, ids[real], d_embedded[real])
    return d_table
