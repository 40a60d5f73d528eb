"""The one place skrnn imports private scikit-learn code.

- ``Interval``, ``StrOptions``: hyperparameter constraints (``_parameter_constraints``),
  validated by ``fit_context`` before ``fit`` runs, as scikit-learn's own estimators do.
  skrnn's ``Interval`` refuses booleans (``hidden_size=True`` is a mistake, not 1),
  which scikit-learn's accepts because ``bool`` is an ``int``.
- ``fit_context``: scikit-learn's ``_fit_context`` decorator.
- ``feature_names_of``: the names ``fit`` would record for X (scikit-learn's rule:
  string column names of a DataFrame), without setting anything, so that a fit can set
  them only once it has succeeded.
- ``check_feature_names``: sets and checks ``feature_names_in_`` with the exact messages
  scikit-learn's estimator checks expect. scikit-learn has no public function for it
  alone (``validate_data`` also counts ``X.shape[1]`` as features, wrong for 3-D input).
  It moved from ``BaseEstimator`` to ``sklearn.utils.validation`` in 1.6.
- ``CallbackSupportMixin``, ``with_callbacks``: scikit-learn's callback API
  (``sklearn.callback``, public since 1.9); on older versions a mixin without
  ``set_callbacks`` and a decorator that changes nothing (``CALLBACKS`` is False).
"""
import numpy as np
from sklearn.base import _fit_context as fit_context
from sklearn.utils._param_validation import Interval as _Interval
from sklearn.utils._param_validation import StrOptions

from sklearn.utils.validation import _get_feature_names

try:
    from sklearn.utils.validation import _check_feature_names
except ImportError:  # scikit-learn < 1.6
    def _check_feature_names(estimator, X, *, reset):
        estimator._check_feature_names(X, reset=reset)

try:
    from sklearn.callback import CallbackSupportMixin, with_callbacks
    CALLBACKS = True
except ImportError:  # scikit-learn < 1.9: no callbacks to support
    CALLBACKS = False

    class CallbackSupportMixin:
        """No callback API in this scikit-learn: nothing to add."""

    def with_callbacks(method):
        return method

__all__ = ["CALLBACKS", "CallbackSupportMixin", "Interval", "StrOptions",
           "check_feature_names", "feature_names_of", "fit_context", "with_callbacks"]


class Interval(_Interval):
    """scikit-learn's ``Interval``, but a bool is not a number here: ``True`` fails
    with scikit-learn's message ("must be an int in the range [1, inf). Got True")."""

    def is_satisfied_by(self, val):
        return not isinstance(val, (bool, np.bool_)) and super().is_satisfied_by(val)


def check_feature_names(estimator, X, *, reset):
    """Set (``reset=True``, at fit) or check ``estimator.feature_names_in_``.

    Call it with the raw X. Column names of a DataFrame are what count: the features of
    a (sequence id, time) frame, the time steps of a frame read as 2-D. Arrays and lists
    have none (a warning follows if the estimator was fitted with names).

    Parameters
    ----------
    estimator : estimator instance
    X : array-like, list or DataFrame
        The X given to fit, predict, transform or score.
    reset : bool
        True in ``fit``: record the names (or delete a stale ``feature_names_in_``).
        False afterwards: check them, raising scikit-learn's ValueError on mismatch.
    """
    _check_feature_names(estimator, X, reset=reset)


def feature_names_of(X):
    """The ``feature_names_in_`` a fit on X records (ndarray of str), or None."""
    return _get_feature_names(X)
