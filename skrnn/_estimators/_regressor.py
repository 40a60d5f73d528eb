"""`RNNRegressor`: a linear head and squared error on the supervised template."""
import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if

from ._base import stochastic_solver, store_parameters
from ._docs import FITTED_ATTRIBUTES, RECIPE, SUPERVISED_PARAMETERS, shared_parameters
from ._supervised import SupervisedRNN, Targets


class RNNRegressor(RegressorMixin, SupervisedRNN):
    __doc__ = """Recurrent-network sequence regressor (linear head, squared error).

    The network reads each sequence (any X format below, lengths may differ) and a linear
    head reads its last state (both directions concatenated when bidirectional); with
    per-step targets it reads every step instead (many-to-many).

    X may be a 3-D array (n_samples, n_timesteps, n_features), a 2-D array (univariate
    sequences of one length), a list of (T_i, n_features) arrays, or a DataFrame indexed
    by (sequence id, time) with y indexed by sequence id.

    The targets are standardised internally (each output by its training mean and
    standard deviation, undone by `predict`), so that their scale does not decide how
    fast the head learns; ``loss_curve_`` and ``best_loss_`` are therefore in units of
    the standardised targets, while `get_weights` and `set_weights` exchange the head
    in the targets' own units, float64 (as a ``torch.nn.Linear`` head predicting y
    would be).
    ``warm_start`` and ``partial_fit`` keep the first fit's scale.

    Parameters
    ----------
""" + shared_parameters(RECIPE) + SUPERVISED_PARAMETERS + """
    Attributes
    ----------
""" + FITTED_ATTRIBUTES + """\
    per_step_ : bool
        Whether the model was fitted on per-step targets.
    n_static_in_ : int
        Static features per sequence the model reads (0: none).

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

    def __init__(self, *, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="adaptive", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size="auto", max_iter=200, shuffle=True,
                 clip_norm=1.0, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="orthogonal", forget_bias=1.0, learn_initial_state=False,
                 gru_variant="pytorch", pooling=("last", "max"), patch_size="auto",
                 n_models=5, static_features=None, static_mode="par",
                 embedding_dim=None, vocabulary_size=None):
        store_parameters(self, locals())

    score = SupervisedRNN.score  # ahead of RegressorMixin's: per-step targets score per step

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # y of shape (n_samples, n_outputs)
        return tags

    @available_if(stochastic_solver)
    def partial_fit(self, X, y, sample_weight=None, static=None):
        """One epoch of training from the current weights (initialised on the first call).

        All or nothing: a call that raises, or is interrupted (``KeyboardInterrupt``),
        leaves the estimator exactly as it was before it. Training that diverges keeps
        the last weights whose loss was sound, with a ``ConvergenceWarning``, or raises
        ValueError when no epoch had been completed.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets
        sample_weight : array-like of shape (n_samples,), default=None
        static : array-like of shape (n_samples, n_static), default=None
            Static features, as in `fit`.

        Returns
        -------
        self : object
        """
        return self._partial_fit(X, y, sample_weight, {"static": static})

    def _encode_targets(self, y, fresh, weights):
        try:
            y = np.asarray(y, dtype=np.float64)
        except ValueError as error:
            raise ValueError(f"RNNRegressor needs numeric targets y: {error}.") from None
        Y = y.reshape(len(y), -1)
        if fresh:
            # weighted, so that a weight of 2 means what a repeated sequence means
            mean = np.average(Y, axis=0, weights=weights)
            scale = np.sqrt(np.average((Y - mean) ** 2, axis=0, weights=weights))
            scale[scale == 0] = 1.0
            fitted = {"_y_1d": y.ndim == 1, "_y_mean": mean, "_y_scale": scale}
        else:
            fitted, mean, scale = {}, self._y_mean, self._y_scale
        return Targets(((Y - mean) / scale).astype(self.dtype), fitted)

    def _targets_for_weights(self, n_outputs):
        return {"_y_1d": n_outputs == 1, "_y_mean": np.zeros(n_outputs),
                "_y_scale": np.ones(n_outputs)}

    def _head_scale(self):
        return self._y_mean, self._y_scale

    def _explained_outputs(self, batch, target, static):
        n, k = batch.n_samples, len(self._y_scale)
        if target is None:
            if k > 1:
                raise ValueError(f"This RNNRegressor has {k} outputs: pass target, the "
                                 f"index (0..{k - 1}) of the one to explain, or one per "
                                 f"sequence.")
            return np.zeros(n, dtype=np.int64)
        index = np.asarray(target)
        if index.ndim > 1 or (index.ndim == 1 and index.shape != (n,)) or \
                index.dtype.kind not in "iu" or index.min() < 0 or index.max() >= k:
            raise ValueError(f"target must be an output index in 0..{k - 1}, one for all "
                             f"sequences or one per sequence ({n}); got {target!r:.60}.")
        return np.broadcast_to(index, (n,))

    def _output_cotangent(self, Z, index):
        G = np.zeros(Z.shape)
        G[np.arange(len(index)), index] = self._y_scale[index]  # in the units of y
        return G

    def _predictions(self, Z):
        y = Z.astype(np.float64) * self._y_scale + self._y_mean
        return y[:, 0] if self._y_1d else y
