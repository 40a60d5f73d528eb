"""`RNNClassifier`: a softmax head and cross-entropy on the supervised template."""
import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.metrics import accuracy_score
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets

from .._compat import StrOptions
from .._models import softmax
from ._base import stochastic_solver, store_parameters
from ._docs import FITTED_ATTRIBUTES, RECIPE, SUPERVISED_PARAMETERS, shared_parameters
from ._supervised import SupervisedRNN, Targets


class RNNClassifier(ClassifierMixin, SupervisedRNN):
    __doc__ = """Recurrent-network sequence classifier (softmax head, cross-entropy).

    The network reads each sequence (any X format below, lengths may differ) and a linear
    head reads its last state (both directions concatenated when bidirectional); with
    per-step labels it reads every step instead (sequence tagging).

    X may be a 3-D array (n_samples, n_timesteps, n_features), a 2-D array (univariate
    sequences of one length), a list of (T_i, n_features) arrays, or a DataFrame indexed
    by (sequence id, time) with y indexed by sequence id.

    Parameters
    ----------
""" + shared_parameters(RECIPE) + SUPERVISED_PARAMETERS + """\
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes in the loss, as in scikit-learn.

    Attributes
    ----------
""" + FITTED_ATTRIBUTES + """\
    per_step_ : bool
        Whether the model was fitted on per-step labels.
    n_static_in_ : int
        Static features per sequence the model reads (0: none).
    classes_ : ndarray of shape (n_classes,)

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
    _loss = "softmax_cross_entropy"
    _multi_output = False
    _metric = staticmethod(accuracy_score)
    _parameter_constraints: dict = {
        **SupervisedRNN._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

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
                 embedding_dim=None, vocabulary_size=None, class_weight=None):
        store_parameters(self, locals())

    score = SupervisedRNN.score  # ahead of ClassifierMixin's: per-step labels score per step

    @available_if(stochastic_solver)
    def partial_fit(self, X, y, classes=None, sample_weight=None, static=None):
        """One epoch of training from the current weights.

        All or nothing: a call that raises, or is interrupted (``KeyboardInterrupt``),
        leaves the estimator exactly as it was before it. Training that diverges keeps
        the last weights whose loss was sound, with a ``ConvergenceWarning``, or raises
        ValueError when no epoch had been completed.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,), or per-step labels
        classes : array-like of shape (n_classes,), default=None
            Every class the model will see; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None
        static : array-like of shape (n_samples, n_static), default=None
            Static features, as in `fit`.

        Returns
        -------
        self : object
        """
        if classes is None and not hasattr(self, "params_"):
            raise ValueError("classes must be passed on the first call to partial_fit: "
                             "every label the model will ever see.")
        return self._partial_fit(X, y, sample_weight, {"static": static},
                                 _declared_classes=None if classes is None
                                 else np.unique(classes))

    def _encode_targets(self, y, fresh, weights):
        check_classification_targets(y)
        if fresh:
            declared = self.__dict__.pop("_declared_classes", None)  # from partial_fit
            classes = np.unique(y) if declared is None else declared
            if declared is not None:
                _check_known_labels(y, classes)
            if len(classes) < 2:
                raise ValueError(
                    f"RNNClassifier needs samples of at least 2 classes in the data, but "
                    f"the data contains only one class: {classes[0]!r}.")
        else:
            classes = self.classes_
            _check_known_labels(y, classes)
        index = np.searchsorted(classes, y)
        Y = np.zeros((len(y), len(classes)), dtype=self.dtype)
        Y[np.arange(len(y)), index] = 1.0
        weights = None if self.class_weight is None else \
            compute_class_weight(self.class_weight, classes=classes, y=y)[index]
        return Targets(Y, {"classes_": classes}, weights=weights, stratify=y)

    def set_weights(self, weights, *, classes=None):
        """Overwrite the parameters with named arrays (see `get_weights`); an unfitted
        classifier is built from them (see `BaseRNN.set_weights`).

        Parameters
        ----------
        weights : mapping of str to array-like
            Every name of `get_weights`, with the same shapes, real and finite.
        classes : array-like of shape (n_outputs,), default=None
            The labels of the head's outputs, sorted, for an unfitted classifier
            (default: ``0 .. n_outputs - 1``); ignored once fitted.

        Returns
        -------
        self : object
        """
        return self._set_weights(weights, classes=classes)

    def _targets_for_weights(self, n_outputs, classes=None):
        if classes is None:
            return {"classes_": np.arange(n_outputs)}
        classes = np.asarray(classes)
        if classes.shape != (n_outputs,) or not np.array_equal(np.unique(classes),
                                                               classes):
            raise ValueError(f"classes must be {n_outputs} distinct labels in sorted "
                             f"order (as numpy.unique gives), one per output of "
                             f"head.weight, got {classes.tolist()!r}.")
        return {"classes_": classes}

    def _predictions(self, Z):
        return self.classes_[softmax(Z).argmax(axis=1)]

    def _explained_outputs(self, batch, target, static):
        n = batch.n_samples
        if target is None:  # each sequence's predicted class
            return softmax(self._head_outputs(batch, static)).argmax(axis=1)
        labels = np.asarray(target)
        if labels.ndim > 1 or (labels.ndim == 1 and labels.shape != (n,)):
            raise ValueError(f"target must be one label of classes_ or one per sequence "
                             f"({n}), got an array of shape {labels.shape}.")
        unknown = np.setdiff1d(labels.ravel(), self.classes_)
        if len(unknown):
            raise ValueError(f"target holds {unknown.tolist()!r}, which are not classes "
                             f"of this model; classes_ is {self.classes_.tolist()!r}.")
        return np.broadcast_to(np.searchsorted(self.classes_, labels), (n,))

    def _output_cotangent(self, Z, index):
        P = softmax(Z.astype(np.float64))
        rows = np.arange(len(index))
        p = P[rows, index]
        G = -P * p[:, None]  # d p_c / d Z = p_c (e_c - p)
        G[rows, index] += p
        return G

    @staticmethod
    def _combine(outputs):
        """Logits whose softmax is the mean of the networks' probabilities (soft
        voting): a network that is unsure weighs less than one that is sure."""
        with np.errstate(divide="ignore"):  # a probability of 0 gives a logit of -inf
            return np.log(np.mean([softmax(Z) for Z in outputs], axis=0))

    def predict_proba(self, X, static=None):
        """Class probabilities.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        static : array-like of shape (n_samples, n_static), default=None
            The sequences' static features, if the model was fitted with them.

        Returns
        -------
        proba : ndarray (n_samples, n_classes), or per step a list of (T_i, n_classes)
            An array for every input, a (sequence id, time) frame too: scikit-learn's
            scorers select its columns by position. Rows follow the ids' order in X.
        """
        Z = self._head_outputs(*self._predict_inputs(X, static)[1:])
        return self._per_sequence(softmax, Z)

    def predict_log_proba(self, X, static=None):
        """Logarithm of `predict_proba`."""
        return self._per_sequence(np.log, self.predict_proba(X, static))


def _check_known_labels(y, classes):
    unseen = np.setdiff1d(np.unique(y), classes)
    if len(unseen):
        raise ValueError(f"y contains labels {unseen.tolist()} that are not in classes "
                         f"{classes.tolist()}; pass every label in `classes` on the "
                         f"first partial_fit, or refit.")
