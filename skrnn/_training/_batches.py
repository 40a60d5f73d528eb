"""Minibatches grouped by length, and the early-stopping validation split."""
import warnings

import numpy as np
from sklearn.model_selection import train_test_split

def minibatches(lengths, batch_size, rng, shuffle):
    """Row indices of each minibatch: similar lengths together (less padding per batch),
    batches in random order when ``shuffle``."""
    n = len(lengths)
    tie_break = rng.permutation(n) if shuffle else np.arange(n)  # rng unused otherwise
    order = tie_break[np.argsort(lengths[tie_break], kind="stable")]
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if shuffle:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches


def resolve_batch_size(batch_size, n_train):
    """"auto" is 8 up to 256 sequences, ``n_train // 32`` up to 32 beyond: at least 32
    optimizer steps per epoch on small sets, where MLP's ``min(200, n)`` gave one.
    Never more than ``n_train``."""
    if batch_size == "auto":
        batch_size = min(32, max(8, n_train // 32))
    return min(batch_size, n_train)


MIN_VALIDATION = 10  # sequences: fewer make each epoch's validation score too coarse


def validation_split(data, fraction, rng):
    """Indices of the training rows and of the held-out validation rows, or (all rows,
    None) with a warning when the data are too few to hold any out.

    ``ceil(fraction * n)`` rows, and at least `MIN_VALIDATION`, are held out, as long
    as at least as many remain to train on. Random (stratified by ``data.stratify``
    when every class can have a member on both sides), or the most recent rows by
    ``data.steps_to_end`` when it is given (forecasting: validate on the latest windows,
    never on random ones).
    """
    n = data.n_samples
    rows = np.arange(n)
    n_val = max(int(np.ceil(fraction * n)), MIN_VALIDATION)
    if n - n_val < n_val:
        warnings.warn(
            f"early_stopping=True needs at least {2 * MIN_VALIDATION} training sequences "
            f"(windows, for a forecaster) to hold out {MIN_VALIDATION} for validation "
            f"(validation_fraction={fraction}), but there are {n}: training on all of "
            f"them without early stopping instead. Set early_stopping=False to silence "
            f"this warning.", UserWarning)
        return rows, None
    if data.steps_to_end is not None:
        val = np.sort(np.argsort(data.steps_to_end, kind="stable")[:n_val])
        return np.setdiff1d(rows, val), val
    stratify = data.stratify
    if stratify is not None:
        classes, counts = np.unique(stratify, return_counts=True)
        if counts.min() < 2 or len(classes) > min(n_val, n - n_val):
            stratify = None
    return train_test_split(rows, test_size=n_val,
                            random_state=rng.randint(np.iinfo(np.int32).max),
                            stratify=stratify)
