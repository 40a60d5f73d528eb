"""Token input: sequences of integer token ids, for a network with an embedding.

X is a list (or tuple, or 1-D object array) of 1-D integer arrays, one per sequence, or
a 2-D integer array (n_samples, n_tokens) of sequences of one length. They become
univariate float sequences (T_i, 1) holding the ids, which `check_sequences` validates
like any other and the model's embedding looks up.
"""
import numpy as np


def tokens_as_sequences(X, vocabulary_size=None):
    """``X`` as (T_i, 1) float64 sequences of ids, and the largest id plus one.

    ``vocabulary_size`` (an int) makes ids at or above it an error naming the first."""
    if isinstance(X, np.ndarray) and X.dtype != object and X.ndim == 2:
        rows = list(X)
    elif isinstance(X, (list, tuple)) or (isinstance(X, np.ndarray) and X.dtype == object
                                          and X.ndim == 1):
        rows = list(X)
    else:
        raise ValueError(f"With embedding_dim set, X holds token ids: a list of 1-D "
                         f"integer arrays (one per sequence, e.g. Tokenizer().transform"
                         f"(texts)) or a 2-D integer array; got {type(X).__name__}"
                         f"{'' if not hasattr(X, 'shape') else f' of shape {X.shape}'}.")
    if not rows:
        raise ValueError("X holds no sequence of tokens.")
    sequences, top = [], 0
    for i, row in enumerate(rows):
        ids = np.asarray(row)
        if ids.ndim != 1 or (ids.dtype.kind not in "iu" and not (
                ids.size == 0 and ids.dtype.kind == "f")):
            raise ValueError(f"X[{i}] must be a 1-D array of integer token ids, got "
                             f"{ids.dtype} of shape {ids.shape}.")
        if ids.size and ids.min() < 0:
            raise ValueError(f"X[{i}] holds the negative token id {int(ids.min())}; ids "
                             f"run from 0.")
        if ids.size:
            top = max(top, int(ids.max()) + 1)
        if vocabulary_size is not None and ids.size and ids.max() >= vocabulary_size:
            raise ValueError(f"X[{i}] holds token id {int(ids.max())}, outside the "
                             f"vocabulary of {vocabulary_size} tokens (ids 0.."
                             f"{vocabulary_size - 1}): tokenize with the vocabulary the "
                             f"model was fitted with, or refit.")
        sequences.append(ids.astype(np.float64)[:, None])
    return sequences, top
