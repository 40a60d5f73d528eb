"""Values of each real step, back in the container X came in.

What a transformer returns per step (`SequenceScaler`), or what an estimator computes
for each input value (`input_gradients`), is laid out as the caller's X was: a 3-D
array stays 3-D, a 2-D one 2-D, a list (or tuple, or object array) of sequences a list
of arrays each shaped as its item, a (sequence id, time) DataFrame a DataFrame with X's
own index, columns and row order.
"""
import numpy as np
import pandas as pd

from ._batch import step_mask


def real_steps(values, lengths):
    """The real (non-padding) steps of padded ``values`` (n, T, d), sequence after
    sequence: (sum(lengths), d), a view when every sequence has all T steps."""
    n, T, d = values.shape
    if np.all(lengths == T):
        return values.reshape(-1, d)
    return values[step_mask(lengths, T)]


def like_sequences(pieces, X):
    """A list of arrays, one per sequence, in the container of the sequences ``X``: a
    list, a tuple, or a 1-D object array."""
    if isinstance(X, np.ndarray):  # a 1-D object array of sequences
        result = np.empty(len(pieces), dtype=object)
        for i, piece in enumerate(pieces):  # not result[:] = pieces: numpy
            result[i] = piece               # would stack equal shapes
        return result
    return tuple(pieces) if isinstance(X, tuple) else list(pieces)


def like_input(steps, batch, X):
    """``steps`` (sum(lengths), d), the values of ``batch``'s real steps in batch
    order, in the container of ``X`` (the input ``batch`` was validated from)."""
    kind = batch.input_kind
    if kind in ("3d", "2d"):
        values = steps.reshape(batch.n_samples, batch.max_length, -1)
        return values if kind == "3d" else values[:, :, 0]
    if kind == "list":
        ends = np.cumsum(batch.lengths)[:-1]
        return like_sequences([piece if np.ndim(item) == 2 else piece[:, 0]
                               for piece, item in zip(np.split(steps, ends), X)], X)
    # A DataFrame indexed by (sequence id, time): back to X's own row order.
    values = np.empty_like(steps)
    values[X.index.get_indexer(batch.row_index)] = steps
    if isinstance(X, pd.Series):
        return pd.Series(values[:, 0], index=X.index, name=X.name)
    return pd.DataFrame(values, index=X.index, columns=X.columns, copy=False)
