"""The feature-count rule between fit and predict.

scikit-learn's checks fit on a 2-D X of shape (n_samples, k) and then require
``n_features_in_ == k`` and an error ``"X has {n} features, but {Estimator} is expecting
{k} features as input"`` when a later 2-D X has another column count. For sequences,
though, the features are the channels at each step and lengths may vary. The rule:

* **Fit on 2-D input** (an array or a DataFrame without a MultiIndex) makes a
  *fixed-length univariate* model: the network sees one feature per step, and the
  estimator records ``n_features_in_ = n_timesteps_in_ = k``, sklearn's meaning of the
  columns. At predict time a 2-D X must have exactly ``k`` columns (sklearn's message);
  sequence input (3-D, list, (id, time) DataFrame) must have 1 feature per step and may
  have any length, since the user then states the time axis explicitly.
* **Fit on sequence input** (3-D, list, (id, time) DataFrame) records
  ``n_features_in_ = n_features`` (channels) and no ``n_timesteps_in_``. At predict
  time any format must have ``n_features_in_`` features per step; a 2-D X counts as
  one feature per step (univariate sequences), so it is accepted only when
  ``n_features_in_ == 1``, and then with any number of columns.
"""
from typing import NamedTuple, Optional


class FeatureCounts(NamedTuple):
    """What an estimator records at fit time (see `fitted_feature_counts`)."""

    n_features_in_: int
    n_timesteps_in_: Optional[int]
    fitted_on_2d: bool


def fitted_feature_counts(batch):
    """The feature counts an estimator records when it is fitted on ``batch``.

    Parameters
    ----------
    batch : SequenceBatch
        The validated training X.

    Returns
    -------
    counts : FeatureCounts
        ``n_features_in_``: the number of columns for 2-D input (sklearn's meaning,
        here the number of time steps), the number of features per step otherwise.
        ``n_timesteps_in_``: the number of columns for 2-D input, else None.
        ``fitted_on_2d``: whether X was 2-D.
    """
    if batch.input_kind == "2d":
        return FeatureCounts(batch.max_length, batch.max_length, True)
    return FeatureCounts(batch.n_features, None, False)


def check_feature_count(batch, n_features_in_, *, fitted_on_2d, n_timesteps_in_=None,
                        estimator_name=None):
    """Check a predict-time batch against what the estimator was fitted on.

    The rule (module docstring): after a fit on 2-D input, a 2-D X must have
    ``n_timesteps_in_`` columns and any other format must be univariate (1 feature per
    step, any length). After a fit on sequences, every format must have
    ``n_features_in_`` features per step, a 2-D X counting as 1.

    Parameters
    ----------
    batch : SequenceBatch
        The validated X passed to predict, transform or score.
    n_features_in_ : int
        The estimator's ``n_features_in_`` (see `fitted_feature_counts`).
    fitted_on_2d : bool
        Whether the estimator was fitted on 2-D input.
    n_timesteps_in_ : int, optional
        Columns of the 2-D training X; defaults to ``n_features_in_``, which the rule
        makes equal to it. Ignored unless ``fitted_on_2d``.
    estimator_name : str, optional
        The estimator's class name, for the message.

    Raises
    ------
    ValueError
        ``"X has {n} features, but {estimator_name} is expecting {m} features as
        input."`` followed by what the counts mean and how to fix the input.
    """
    name = estimator_name or "the estimator"
    is_2d = batch.input_kind == "2d"
    if fitted_on_2d:
        n_steps = n_features_in_ if n_timesteps_in_ is None else n_timesteps_in_
        if is_2d and batch.max_length != n_steps:
            raise ValueError(
                f"X has {batch.max_length} features, but {name} is expecting {n_steps} "
                f"features as input. {name} was fitted on a 2-D array, read as "
                f"univariate sequences of {n_steps} time steps (one column per step), so "
                f"a 2-D X must have {n_steps} columns. To predict on sequences of other "
                f"lengths, pass them as a 3-D array (n_samples, n_timesteps, 1) or a "
                f"list of 1-D arrays.")
        if not is_2d and batch.n_features != 1:
            raise ValueError(
                f"X has {batch.n_features} features, but {name} is expecting 1 "
                f"features as input. {name} was fitted on a 2-D array, i.e. on "
                f"univariate sequences, so each time step of X must hold 1 feature.")
        return
    if batch.n_features != n_features_in_:
        if is_2d:
            detail = (
                f"X is 2-D, which is read as univariate sequences (one column per time "
                f"step), but {name} was fitted on sequences with {n_features_in_} "
                f"features per step: pass a 3-D array (n_samples, n_timesteps, "
                f"{n_features_in_}), a list of (T_i, {n_features_in_}) arrays or a "
                f"DataFrame with {n_features_in_} columns and a (sequence id, time) "
                f"MultiIndex.")
        else:
            detail = (
                f"Features are the values at each time step: the last axis of a 3-D "
                f"array, the columns of each sequence in a list or of a (sequence id, "
                f"time) DataFrame; {name} was fitted with {n_features_in_}.")
        raise ValueError(f"X has {batch.n_features} features, but {name} is expecting "
                         f"{n_features_in_} features as input. {detail}")
