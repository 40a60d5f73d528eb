"""`RNNClassifier` and `RNNRegressor`: a head, a loss and predict on the shared base."""
import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets

from ._base import BaseRNN, _stochastic_solver
from ._compat import StrOptions
from ._losses import softmax

# The parameters every estimator on BaseRNN shares, documented once.
SHARED_PARAMETERS = """\
    cell : {"lstm", "gru", "rnn", "peephole_lstm"}, default="lstm"
    hidden_size : int, default=32
    num_layers : int, default=1
    bidirectional : bool, default=False
    activation : {"tanh", "relu"}, default="tanh"
        Of the Elman cell (``cell="rnn"``).
    dropout : float in [0, 1), default=0.0
        Between stacked layers, drawn from ``random_state``.
    solver : {"adam", "sgd", "rmsprop"}, default="adam"
    learning_rate_init : float, default=0.001
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of the "sgd" solver, with MLPClassifier's meanings.
    power_t : float, default=0.5
    momentum : float, default=0.9
        Of the "sgd" solver only, as in MLPClassifier.
    nesterovs_momentum : bool, default=True
    beta_1, beta_2, epsilon : float, defaults 0.9, 0.999, 1e-8
        Of the "adam" solver (``epsilon`` also of "rmsprop").
    alpha : float, default=0.0001
        L2 penalty on the weights (not the biases), scaled like MLP's.
    batch_size : int or "auto", default="auto"
        Sequences per minibatch; "auto" is ``min(200, n_samples)``. Minibatches group
        sequences of similar length, so little padding is computed.
    max_iter : int, default=200
        Epochs.
    shuffle : bool, default=True
    clip_norm, clip_value : float or None, default=None
        Clip the gradient by its global norm / element-wise.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the sequences (stratified for the
        classifier), stop when the validation score stops improving and restore the best
        weights.
    validation_fraction : float, default=0.1
    n_iter_no_change : int, default=10
    tol : float, default=1e-4
    warm_start : bool, default=False
    random_state : int, RandomState or None, default=None
        Governs initialisation, shuffling, dropout and the validation split.
    verbose : bool, default=False
        One line per epoch: loss, validation score, time.
    dtype : {"float32", "float64"}, default="float32"
    n_jobs : int or None, default=None
        Threads for the recurrent passes (batch shards); None means 1.
"""

_SHARED_DOC = """
    The network reads each sequence (any X format below, lengths may differ) and a linear
    head reads its last state (both directions concatenated when bidirectional); with
    per-step targets it reads every step instead (many-to-many).

    Parameters
    ----------
""" + SHARED_PARAMETERS + """\
    class_weight : dict, "balanced" or None, default=None
        RNNClassifier only: weights of the classes in the loss, as in scikit-learn.

    Attributes
    ----------
    loss_curve_ : list of float
    validation_scores_ : list of float or None
    best_loss_ : float or None
    best_validation_score_ : float or None
    n_iter_ : int
    t_ : int
        Training sequences seen.
    n_features_in_ : int
        Features per time step; for a 2-D X (read as univariate sequences of fixed
        length) the number of columns, as scikit-learn expects, and a 2-D X at predict
        time must then have that many.
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame.
    params_ : ndarray of shape (n_params,)
        All parameters in one vector: the recurrent network's, then the head's.
    per_step_ : bool
        Whether the model was fitted on per-step targets (many-to-many).
"""


class RNNClassifier(ClassifierMixin, BaseRNN):
    __doc__ = """Recurrent-network sequence classifier (softmax head, cross-entropy).
    """ + _SHARED_DOC + """    classes_ : ndarray of shape (n_classes,)

    Examples
    --------
    >>> import numpy as np
    >>> from skrnn import RNNClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 8, 2))
    >>> y = np.where(X[:, :, 0].sum(axis=1) > 0, "up", "down")
    >>> clf = RNNClassifier(hidden_size=8, max_iter=150, random_state=0).fit(X, y)
    >>> clf.predict(X[:3]).shape, clf.classes_.tolist()
    ((3,), ['down', 'up'])
    >>> clf.score(X, y) > 0.9
    True
    """
    _loss_name = "softmax_cross_entropy"
    _multi_output = False
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    # The shared parameters are spelled out (scikit-learn reads them from the signature);
    # tests/test_estimators.py checks they keep the base's defaults.
    def __init__(self, cell='lstm', hidden_size=32, num_layers=1, bidirectional=False,
                 activation='tanh', dropout=0.0, solver='adam', learning_rate_init=0.001,
                 learning_rate='constant', power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-08,
                 alpha=0.0001, batch_size='auto', max_iter=200, shuffle=True,
                 clip_norm=None, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=0.0001,
                 warm_start=False, random_state=None, verbose=False, dtype='float32',
                 n_jobs=None, class_weight=None):
        super().__init__(cell=cell, hidden_size=hidden_size, num_layers=num_layers,
                         bidirectional=bidirectional, activation=activation,
                         dropout=dropout, solver=solver,
                         learning_rate_init=learning_rate_init,
                         learning_rate=learning_rate, power_t=power_t, momentum=momentum,
                         nesterovs_momentum=nesterovs_momentum, beta_1=beta_1,
                         beta_2=beta_2, epsilon=epsilon, alpha=alpha,
                         batch_size=batch_size, max_iter=max_iter, shuffle=shuffle,
                         clip_norm=clip_norm, clip_value=clip_value,
                         early_stopping=early_stopping,
                         validation_fraction=validation_fraction,
                         n_iter_no_change=n_iter_no_change, tol=tol, warm_start=warm_start,
                         random_state=random_state, verbose=verbose, dtype=dtype,
                         n_jobs=n_jobs)
        self.class_weight = class_weight

    @available_if(_stochastic_solver)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One epoch of training from the current weights.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,), or per-step labels
        classes : array-like of shape (n_classes,), default=None
            Every class the model will see; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        if classes is None and not hasattr(self, "params_"):
            raise ValueError("classes must be passed on the first call to partial_fit: "
                             "every label the model will ever see.")
        return self._partial_fit(X, y, sample_weight, classes)

    def _encode_targets(self, y, first_fit):
        check_classification_targets(y)
        if first_fit:
            declared = self.__dict__.pop("_declared_classes", None)  # from partial_fit
            self.classes_ = np.unique(y) if declared is None else declared
            if declared is not None:
                self._check_known_labels(y)
            if len(self.classes_) < 2:
                raise ValueError(
                    f"RNNClassifier needs samples of at least 2 classes in the data, but "
                    f"the data contains only one class: {self.classes_[0]!r}.")
        else:
            self._check_known_labels(y)
        Y = np.zeros((len(y), len(self.classes_)), dtype=self.dtype)
        Y[np.arange(len(y)), np.searchsorted(self.classes_, y)] = 1.0
        return Y

    def _check_known_labels(self, y):
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if len(unseen):
            raise ValueError(f"y contains labels {unseen.tolist()} that are not in classes "
                             f"{self.classes_.tolist()}; pass every label in `classes` on "
                             f"the first partial_fit, or refit.")

    def _class_weights(self, y, mask):
        if self.class_weight is None:
            return 1.0
        per_label = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        weights = per_label[np.searchsorted(self.classes_, y)]
        if mask is None:
            return weights
        # per-step labels: a sequence weighs the mean of its steps' class weights
        per_step = np.zeros(mask.shape)
        per_step[mask] = weights
        return per_step.sum(axis=1) / mask.sum(axis=1)

    def _stratify(self, y):
        _, counts = np.unique(y, return_counts=True)
        return y if counts.min() >= 2 else None

    _metric = staticmethod(accuracy_score)
    score = BaseRNN.score  # ahead of ClassifierMixin's: per-step targets score per step

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)

        Returns
        -------
        proba : ndarray (n_samples, n_classes), or per step a list of (T_i, n_classes)
        """
        return self._proba_batch(self._validate_for_predict(X))

    def _proba_batch(self, batch):
        Z = self._forward_head(batch)
        if self.per_step_:
            return [softmax(z) for z in Z]
        return softmax(Z)

    def predict_log_proba(self, X):
        """Logarithm of `predict_proba`."""
        proba = self.predict_proba(X)
        if self.per_step_:
            return [np.log(p) for p in proba]
        return np.log(proba)

    def predict(self, X):
        """Predicted labels: (n_samples,), or per step a list of (T_i,) arrays."""
        return self._predict_batch(self._validate_for_predict(X))

    def _predict_batch(self, batch):
        proba = self._proba_batch(batch)
        if self.per_step_:
            return [self.classes_[p.argmax(axis=1)] for p in proba]
        return self.classes_[proba.argmax(axis=1)]


class RNNRegressor(RegressorMixin, BaseRNN):
    @available_if(_stochastic_solver)
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

    __doc__ = """Recurrent-network sequence regressor (linear head, squared error).
    """ + _SHARED_DOC + """
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
    _loss_name = "squared_error"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # y of shape (n_samples, n_outputs)
        return tags

    def _encode_targets(self, y, first_fit):
        y = np.asarray(y, dtype=np.float64)
        if first_fit:
            self._y_1d = y.ndim == 1
        return y.reshape(len(y), -1).astype(self.dtype)

    _metric = staticmethod(r2_score)
    score = BaseRNN.score  # ahead of RegressorMixin's: per-step targets score per step

    def predict(self, X):
        """Predicted targets: (n_samples,) or (n_samples, n_outputs), or per step a list
        of (T_i,) / (T_i, n_outputs) arrays."""
        return self._predict_batch(self._validate_for_predict(X))

    def _predict_batch(self, batch):
        Z = self._forward_head(batch)
        if self.per_step_:
            return [(z[:, 0] if self._y_1d else z).astype(np.float64) for z in Z]
        return (Z[:, 0] if self._y_1d else Z).astype(np.float64)
