"""`RNNRegressor`: a linear head and squared error on the supervised template."""
import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if

from ._base import stochastic_solver
from ._docs import FITTED_ATTRIBUTES, SHARED_PARAMETERS
from ._supervised import SupervisedRNN, Targets


class RNNRegressor(RegressorMixin, SupervisedRNN):
    __doc__ = """Recurrent-network sequence regressor (linear head, squared error).

    The network reads each sequence (any X format below, lengths may differ) and a linear
    head reads its last state (both directions concatenated when bidirectional); with
    per-step targets it reads every step instead (many-to-many).

    X may be a 3-D array (n_samples, n_timesteps, n_features), a 2-D array (univariate
    sequences of one length), a list of (T_i, n_features) arrays, or a DataFrame indexed
    by (sequence id, time) with y indexed by sequence id. Standardise y when its scale
    is far from 1 (`sklearn.compose.TransformedTargetRegressor`): the head starts at 0.

    Parameters
    ----------
""" + SHARED_PARAMETERS + """
    Attributes
    ----------
""" + FITTED_ATTRIBUTES + """\
    per_step_ : bool
        Whether the model was fitted on per-step targets.

    Examples
    --------
    >>> import numpy as np
    >>> from skrnn import RNNRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(80, 6, 1))
    >>> y = X[:, :, 0].mean(axis=1)
    >>> reg = RNNRegressor(hidden_size=8, max_iter=300, random_state=0).fit(X, y)
    >>> reg.score(X, y) > 0.9
    True
    """
    _loss = "squared_error"
    _metric = staticmethod(r2_score)

    score = SupervisedRNN.score  # ahead of RegressorMixin's: per-step targets score per step

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # y of shape (n_samples, n_outputs)
        return tags

    @available_if(stochastic_solver)
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch of training from the current weights (initialised on the first call).

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        return self._partial_fit(X, y, sample_weight)

    def _encode_targets(self, y, fresh):
        y = np.asarray(y, dtype=np.float64)
        fitted = {"_y_1d": y.ndim == 1} if fresh else {}
        return Targets(y.reshape(len(y), -1).astype(self.dtype), fitted)

    def _predictions(self, Z):
        return (Z[:, 0] if self._y_1d else Z).astype(np.float64)
