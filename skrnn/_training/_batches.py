"""Minibatches grouped by length, and the early-stopping validation split."""
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
    """MLP's rule: "auto" is ``min(200, n_train)``; never more than ``n_train``."""
    return min(200, n_train) if batch_size == "auto" else min(batch_size, n_train)


def validation_split(data, fraction, rng):
    """Indices of the training rows and of the held-out validation rows.

    Random (stratified by ``data.stratify`` when every class has two members), or the
    most recent rows by ``data.steps_to_end`` when it is given (forecasting: validate
    on the latest windows, never on random ones).
    """
    n = data.n_samples
    rows = np.arange(n)
    if data.steps_to_end is not None:
        n_val = int(np.ceil(fraction * n))
        val = np.sort(np.argsort(data.steps_to_end, kind="stable")[:n_val])
        train = np.setdiff1d(rows, val)
        if len(train) < 1:
            raise ValueError(f"validation_fraction={fraction} leaves no training window; "
                             f"use more data or turn early_stopping off.")
        return train, val
    stratify = data.stratify
    if stratify is not None and np.unique(stratify, return_counts=True)[1].min() < 2:
        stratify = None
    train, val = train_test_split(rows, test_size=fraction,
                                  random_state=rng.randint(np.iinfo(np.int32).max),
                                  stratify=stratify)
    if len(val) < 1 or len(train) < 1:
        raise ValueError(
            f"validation_fraction={fraction} leaves {len(train)} training and "
            f"{len(val)} validation sequences out of {n}; use more data or turn "
            f"early_stopping off.")
    return train, val
