"""`check_targets_for_sequences`: validate y against a SequenceBatch.

Two kinds of targets:

* **per sequence** (many-to-one): one entry (or one row of outputs) per sequence;
* **per step** (many-to-many): one entry per time step of each sequence, returned padded
  to the batch's ``max_length`` together with the mask of real steps.

With (id, time) DataFrame X, pandas targets are aligned by label: a Series or DataFrame
indexed by sequence id to ``batch.ids``, one with the (id, time) MultiIndex of X to
``batch.row_index``. Other targets (arrays, lists, and any pandas y with other X) are
taken by position, in batch order.
"""
import numpy as np
import pandas as pd
from sklearn.utils import assert_all_finite, check_array, column_or_1d

from ._batch import pad_rows, step_mask
from ._common import assert_finite_rows, label, reject_complex

_FEW = 5


def check_targets_for_sequences(batch, y, *, multi_output_allowed=True, per_step=None,
                                allow_missing=False, estimator_name=None):
    """Validate and align targets to a validated X.

    Parameters
    ----------
    batch : SequenceBatch
        The validated X (from `check_sequences`).
    y : array-like, list of array-like, pandas.Series or pandas.DataFrame
        Per-sequence targets: shape (n_samples,) or (n_samples, n_outputs). Per-step
        targets: a list of (T_i,) or (T_i, n_outputs) arrays (one per sequence, lengths
        equal to X's), a Series/DataFrame with X's (sequence id, time) MultiIndex, or,
        with ``per_step=True``, a padded array (n_samples, max_length[, n_outputs]).
        Labels of any dtype are kept (classifiers encode them later).
    multi_output_allowed : bool, default=True
        Accept several outputs per sequence or per step. If False, per-sequence y is
        raveled with sklearn's `column_or_1d` (a column vector warns).
    per_step : bool, optional
        Whether y holds per-step targets. By default it is inferred from the container:
        a list or tuple of ndarrays or pandas objects, a 1-D object array of arrays, or
        pandas with a 2-level MultiIndex means per step; anything else (including a
        list of lists) means per sequence.
    allow_missing : bool, default=False
        Per-step targets only: a missing target (NaN, None, pandas.NA; every output of
        the step, for several outputs) means "no target at this step", and the step is
        left out of ``mask``. Infinity stays an error, and so does a step with some of
        its outputs missing.
    estimator_name : str, optional
        The estimator's class name, for messages.

    Returns
    -------
    y : ndarray
        Per sequence: shape (n_samples,) or (n_samples, n_outputs). Per step: shape
        (n_samples, max_length) or (n_samples, max_length, n_outputs), zeros (empty
        strings for string labels) past each sequence's length.
    mask : ndarray of shape (n_samples, max_length), dtype bool, or None
        Per step: True at real steps (with ``allow_missing``, those with a target).
        Per sequence: None.

    Raises
    ------
    ValueError
        y is None; the number of targets is not the number of sequences (both counts
        are given); pandas y whose ids or (id, time) rows do not match X's (a few
        missing and extra labels are listed); per-step lengths that differ from X's
        (the first mismatch is named); NaN or infinity in y.
    """
    if y is None:
        raise ValueError(f"{estimator_name or 'This estimator'} requires y to be passed, "
                         f"but the target y is None.")
    if per_step is None:
        per_step = _looks_per_step(y)
    if per_step:
        rows = _per_step_rows(batch, y)
        rows = _check_outputs(rows, multi_output_allowed, estimator_name)
        describe = _step_describer(batch, rows)
        observed = _observed_steps(rows, batch, describe) if allow_missing else None
        checked = rows if observed is None else rows[observed]
        assert_finite_rows(checked, batch.lengths if observed is None else
                           _observed_lengths(batch, observed), allow_nan=False,
                           input_name="y", describe=describe if observed is None else
                           _observed_describer(batch, observed, describe))
        mask = step_mask(batch.lengths, batch.max_length)
        if observed is not None:
            mask[mask] = observed
        return pad_rows(rows, batch.lengths, batch.max_length), mask
    return _per_sequence(batch, y, multi_output_allowed, estimator_name), None


def _is_array(obj):
    return isinstance(obj, (np.ndarray, pd.Series, pd.DataFrame)) and np.ndim(obj) >= 1


def _looks_per_step(y):
    if isinstance(y, (pd.Series, pd.DataFrame)):
        return y.index.nlevels == 2
    if isinstance(y, (list, tuple)) or (isinstance(y, np.ndarray) and y.dtype == object
                                        and y.ndim == 1):
        return len(y) > 0 and _is_array(y[0])
    return False


def _few(labels):
    labels = list(labels)
    shown = ", ".join(label(value) for value in labels[:_FEW])
    return shown + (", ..." if len(labels) > _FEW else "")


def _hint_2d(batch):
    if batch.input_kind != "2d":
        return ""
    return (" X was read as 2-D: one row per sequence, one column per time step. If X is "
            "a long table with one row per time step, index it by (sequence id, time) "
            "first: X.set_index([id_column, time_column]).")


def _positions(index, wanted, what, fix):
    """Positions of the ``wanted`` labels in y's ``index``, which must match exactly.

    ``what`` names the labels in the plural ("sequence ids"); ``fix`` ends the message.
    """
    if index.has_duplicates:
        repeated = index[index.duplicated()].unique()
        raise ValueError(f"y's index repeats some {what} ({_few(repeated)}): each must "
                         f"appear once.")
    positions = index.get_indexer(wanted)
    missing = wanted[positions < 0]
    extra = index[~index.isin(wanted)]
    if len(missing) or len(extra):
        raise ValueError(
            f"y's index does not match X's {what}: {len(missing)} are missing from y "
            f"({_few(missing) or 'none'}) and {len(extra)} are in y but not in X "
            f"({_few(extra) or 'none'}). {fix}")
    return positions


def _per_sequence(batch, y, multi_output_allowed, estimator_name):
    """(n_samples,) or (n_samples, n_outputs) targets, aligned by id for pandas X."""
    if batch.ids is not None and isinstance(y, (pd.Series, pd.DataFrame)):
        y = y.iloc[_positions(
            y.index, batch.ids, "sequence ids",
            "Index y by the ids of X's first index level, or pass y.to_numpy() to match "
            "by position (X's sequences are in order of first appearance of their ids).")]
    reject_complex(y, "y", "give the real and imaginary parts as two outputs")
    if multi_output_allowed:
        y = check_array(y, ensure_2d=False, dtype=None, ensure_min_samples=0,
                        input_name="y", estimator=estimator_name)
        if y.ndim > 2:
            raise ValueError(
                f"y has shape {y.shape}; per-sequence targets must be (n_samples,) or "
                f"(n_samples, n_outputs). Give per-step targets as a list of (T_i,) or "
                f"(T_i, n_outputs) arrays, one per sequence.")
    else:
        y = column_or_1d(y, warn=True)
        assert_all_finite(y, input_name="y", estimator_name=estimator_name)
    if len(y) != batch.n_samples:
        raise ValueError(
            f"X has {batch.n_samples} sequences but y has {len(y)} targets: per-sequence "
            f"targets need one entry per sequence.{_hint_2d(batch)}")
    return y


def _sequence_name(batch, i):
    if batch.ids is not None:
        return f"sequence {label(batch.ids[i])} (X's sequence {i})"
    return f"X[{i}]"


def _per_step_rows(batch, y):
    """Per-step targets as flat rows in batch order: (sum(lengths),[ n_outputs])."""
    if isinstance(y, (pd.Series, pd.DataFrame)) and y.index.nlevels == 2:
        if batch.row_index is None:
            raise ValueError(
                "y has a 2-level (sequence id, time) MultiIndex, but X is not a DataFrame "
                "with such an index, so there is nothing to align y with. Pass y as a "
                "list of per-sequence arrays, in X's order.")
        positions = _positions(
            y.index, batch.row_index, "(sequence id, time) pairs",
            "Per-step targets need one row per row of X, with the same index.")
        return y.to_numpy()[positions]
    if isinstance(y, (list, tuple)) or (isinstance(y, np.ndarray) and y.dtype == object
                                        and y.ndim == 1 and _looks_per_step(y)):
        return _stack_sequences(batch, y)
    y = np.asarray(y)
    if y.ndim not in (2, 3) or y.shape[:2] != (batch.n_samples, batch.max_length):
        raise ValueError(
            f"Per-step y given as an array must have shape (n_samples, max_length) or "
            f"(n_samples, max_length, n_outputs) = ({batch.n_samples}, {batch.max_length}"
            f"[, n_outputs]), got {y.shape}.{_hint_2d(batch)}")
    return y[step_mask(batch.lengths, batch.max_length)]


def _stack_sequences(batch, y):
    if len(y) != batch.n_samples:
        raise ValueError(
            f"X has {batch.n_samples} sequences but y has {len(y)} per-step target "
            f"arrays: give one array per sequence.{_hint_2d(batch)}")
    arrays = []
    for i, (target, length) in enumerate(zip(y, batch.lengths)):
        array = target.to_numpy() if isinstance(target, (pd.Series, pd.DataFrame)) \
            else np.asarray(target)
        if array.ndim not in (1, 2):
            raise ValueError(f"y[{i}] has shape {array.shape}; per-step targets must be "
                             f"(T_i,) or (T_i, n_outputs).")
        if len(array) != length:
            raise ValueError(
                f"y[{i}] has {len(array)} steps but {_sequence_name(batch, i)} has "
                f"{length}: per-step targets need exactly one target per time step. (If "
                f"y holds one row of outputs per sequence, pass it as a 2-D array.)")
        if arrays and array.shape[1:] != arrays[0].shape[1:]:
            raise ValueError(
                f"y[{i}] has shape {array.shape} but y[0] has {arrays[0].shape}: every "
                f"sequence needs the same number of outputs per step.")
        arrays.append(array)
    return np.concatenate(arrays)


def _observed_steps(rows, batch, describe):
    """(sum(lengths),) True at the steps with a target; a step with only some of its
    outputs missing is an error."""
    missing = np.asarray(pd.isna(rows)).reshape(len(rows), -1)
    if not missing.any():
        return None
    whole = missing.all(axis=1)
    partial = missing.any(axis=1) & ~whole
    if partial.any():
        sequence, step = _locate(batch, int(np.argmax(partial)))
        output = int(np.argmax(missing[int(np.argmax(partial))]))
        raise ValueError(
            f"y is missing at {describe(sequence, step, output)} but not at the other "
            f"outputs of that step. A missing target (NaN) means no target at that step: "
            f"mark all of its outputs missing, or none.")
    if whole.all():
        raise ValueError("y has no target at any step: every per-step target is "
                         "missing (NaN). Give a target at one step at least.")
    return ~whole


def _locate(batch, row):
    ends = np.cumsum(batch.lengths)
    sequence = int(np.searchsorted(ends, row, side="right"))
    return sequence, row - int(ends[sequence] - batch.lengths[sequence])


def _observed_lengths(batch, observed):
    """Observed steps per sequence, for `assert_finite_rows` on the observed rows."""
    ends = np.cumsum(batch.lengths)
    return np.add.reduceat(observed.astype(np.int64), ends - batch.lengths)


def _observed_describer(batch, observed, describe):
    """``describe`` for positions among the observed rows only."""
    positions = np.flatnonzero(observed)
    starts = np.cumsum(_observed_lengths(batch, observed)) - _observed_lengths(batch,
                                                                               observed)

    def locate(sequence, step, output):
        row = positions[starts[sequence] + step]
        return describe(*_locate(batch, int(row)), output)

    return locate


def _check_outputs(rows, multi_output_allowed, estimator_name):
    reject_complex(rows, "y", "give the real and imaginary parts as two outputs")
    if rows.ndim == 2 and not multi_output_allowed:
        if rows.shape[1] != 1:
            raise ValueError(
                f"y has {rows.shape[1]} outputs per step, but "
                f"{estimator_name or 'this estimator'} supports one output per step.")
        rows = rows[:, 0]
    return rows


def _step_describer(batch, rows):
    starts = np.cumsum(batch.lengths) - batch.lengths

    def describe(sequence, step, output):
        out = f", output {output}" if rows.ndim == 2 and rows.shape[1] > 1 else ""
        if batch.row_index is not None:
            seq_id, time = batch.row_index[starts[sequence] + step]
            return f"sequence {label(seq_id)}, time {label(time)}{out}"
        return f"y[{sequence}][{step}] (sequence {sequence}, time step {step}{out})"

    return describe
