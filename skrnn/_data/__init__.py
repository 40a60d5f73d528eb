"""Input validation and conversion: every estimator calls this layer first.

Any accepted X (3-D array, 2-D array, list of unequal-length sequences, DataFrame with
a (sequence id, time) MultiIndex) becomes a `SequenceBatch`: a zero-padded float array
``(n_samples, max_length, n_features)`` and the explicit ``lengths``. Padding is never a
data marker, and NaN or infinity inside a sequence is an error naming where it is. This
package uses numpy, pandas and scikit-learn's public validation helpers only; it never
imports numba.

Feature counts between fit and predict (the full rule is in ``_features``):

* after a fit on 2-D input (n_samples, k), the model is fixed-length univariate:
  ``n_features_in_ = n_timesteps_in_ = k`` as scikit-learn's checks require, a later
  2-D X must have k columns, and sequence input must have 1 feature per step;
* after a fit on sequences, ``n_features_in_`` is the number of features per step and
  every later X must have that many (a 2-D X counts as 1).

Feature names (``feature_names_in_``) are set and checked by `check_feature_names`, a
thin wrapper over scikit-learn's own (private) helper, on the raw X.

Order of pandas sequences: first appearance of each id in the frame; each sequence's
rows are sorted by time. Targets indexed by id are aligned to that order.
"""
from ._batch import SequenceBatch, pad_rows, step_mask
from .._compat import check_feature_names, feature_names_of
from ._frames import frame_values
from ._features import FeatureCounts, check_feature_count, fitted_feature_counts
from ._common import label, reject_complex
from ._sequences import check_sequences
from ._targets import check_targets_for_sequences
from ._restore import like_input, like_sequences, real_steps
from ._static import check_static, static_columns
from ._tokens import tokens_as_sequences

__all__ = [
    "FeatureCounts",
    "SequenceBatch",
    "check_feature_count",
    "check_feature_names",
    "check_sequences",
    "check_static",
    "check_targets_for_sequences",
    "feature_names_of",
    "fitted_feature_counts",
    "frame_values",
    "label",
    "like_input",
    "like_sequences",
    "pad_rows",
    "real_steps",
    "reject_complex",
    "static_columns",
    "step_mask",
    "tokens_as_sequences",
]
