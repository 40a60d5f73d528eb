"""`BaseRNN`: the scikit-learn surface every trained skrnn estimator shares.

It holds the hyperparameters and their validation, turns them into a network, a model
and a training configuration, drives ``skrnn._training`` for ``fit`` / ``partial_fit`` /
``warm_start``, keeps the fitted attributes (named as `MLPClassifier`'s), and exchanges
weights in PyTorch's names. A subclass adds:

- ``_loss``: the head's loss (a key of ``skrnn._models.LOSSES``);
- ``_training_data(X, y, sample_weight, fresh)``: its training sequences and targets
  as a `TrainingData`, with the fitted attributes they define;
- ``_make_model(data)``: the model to train on a `TrainingData`, by default a
  `SequenceModel` (network, linear head, ``_loss``);
- ``_head_scale()``: the units the head's outputs are exchanged in (default: as is);

and its own outputs (``predict``, ``transform``, ``score``).
"""
import copy
import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real

import numpy as np
from joblib import effective_n_jobs
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._compat import CallbackSupportMixin, Interval, StrOptions, with_callbacks
from .._data import (check_feature_count, check_feature_names, check_sequences,
                     feature_names_of, fitted_feature_counts)
from .._models import SequenceModel, n_input_columns
from .._network import RNNNetwork
from .._training import TrainingConfig, new_state, train
from ._callbacks import FitInputs, FitProgress, training_attributes


def store_parameters(estimator, values):
    """Set every ``__init__`` argument as an attribute, unchanged (scikit-learn's
    rule); ``values`` is the ``locals()`` of ``__init__``."""
    for name, value in values.items():
        if name not in ("self", "__class__"):
            setattr(estimator, name, value)


# joblib's convention, as scikit-learn's: None is 1, -1 all cores, -2 all but one, ...
N_JOBS = [None, Interval(Integral, 1, None, closed="left"),
          Interval(Integral, None, -1, closed="right")]


def n_threads(n_jobs):
    """The number of threads ``n_jobs`` asks for (joblib's rule)."""
    return max(1, effective_n_jobs(n_jobs))


class BaseRNN(CallbackSupportMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of the trained recurrent estimators. Not for direct use: see
    `RNNClassifier`, `RNNRegressor`, `RNNForecaster` and `RNNEncoder`.

    Training reports its progress to scikit-learn's callbacks (``set_callbacks``,
    e.g. ``sklearn.callback.ProgressBar``), epoch by epoch (see ``_callbacks``)."""

    _parameter_constraints: dict = {
        "cell": [StrOptions({"rnn", "lstm", "gru", "peephole_lstm"})],
        "hidden_size": [Interval(Integral, 1, None, closed="left")],
        "num_layers": [Interval(Integral, 1, None, closed="left")],
        "bidirectional": ["boolean"],
        "activation": [StrOptions({"tanh", "relu"})],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "solver": [StrOptions({"adam", "sgd", "rmsprop", "lbfgs"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "clip_norm": [None, Interval(Real, 0, None, closed="neither")],
        "clip_value": [None, Interval(Real, 0, None, closed="neither")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "dtype": [StrOptions({"float32", "float64"})],
        "n_jobs": N_JOBS,
        "init": [StrOptions({"uniform", "glorot", "orthogonal", "identity"})],
        "forget_bias": [None, Interval(Real, None, None, closed="neither")],
        "learn_initial_state": ["boolean"],
        "gru_variant": [StrOptions({"pytorch", "cho"})],
    }

    def __init__(self, *, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="constant", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size=200, max_iter=200, shuffle=True,
                 clip_norm=None, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="uniform", forget_bias=None, learn_initial_state=False,
                 gru_variant="pytorch"):
        store_parameters(self, locals())

    # ------------------------------------------------------------ extension points
    _loss = None  # key of skrnn._models.LOSSES

    @abstractmethod
    def _training_data(self, X, y, sample_weight, fresh):
        """Validate the input and build the training set.

        Returns ``(data, fitted)``: a `TrainingData`, and a dict of the fitted
        attributes it defines (set on the estimator once training has succeeded).
        ``fresh`` is False when training continues (``warm_start``, ``partial_fit``).
        """

    def _make_model(self, data):
        """The model a fresh fit trains: the network and a linear head with ``_loss``,
        reading the data's static inputs (if any) as ``static_mode`` says."""
        n_static = 0 if data.static is None else data.static.shape[1]
        mode = getattr(self, "static_mode", None)
        return SequenceModel(self._network(data.X.shape[2]
                                           + n_input_columns(mode, n_static)),
                             data.targets.shape[-1], self._loss, self.dropout,
                             init=self._init_options(), n_static=n_static,
                             static_mode=mode)

    def _init_options(self):
        """``init`` and ``forget_bias`` as keywords of ``RNNNetwork.init_params``."""
        if self.init == "identity":  # IRNN (Le et al. 2015): identity recurrence
            return {"scheme": "glorot", "forget_bias": self.forget_bias,
                    "identity_recurrent": True}
        return {"scheme": self.init, "forget_bias": self.forget_bias}

    def _head_scale(self):
        """(mean, scale) (n_outputs,) by which the head's outputs become the user's
        units (the regressor's standardised targets), or None: `get_weights` and
        `set_weights` exchange the head in the user's units."""
        return None

    # ----------------------------------------------------------------- training
    def _network(self, input_size, hidden_size=None, num_layers=None, bidirectional=None,
                 learn_init_state=None):
        """A network of this estimator's cell; sizes default to the hyperparameters."""
        return RNNNetwork(
            self.cell, input_size, self.hidden_size if hidden_size is None else hidden_size,
            self.num_layers if num_layers is None else num_layers,
            self.bidirectional if bidirectional is None else bidirectional,
            self.activation, self.gru_variant,
            self.learn_initial_state if learn_init_state is None else learn_init_state,
            dtype=self.dtype, n_threads=n_threads(self.n_jobs))

    def _check_settings(self):
        """Reject hyperparameters that would do nothing with the others, before any
        work: each names the one to change. Dropout without a layer to drop between
        only warns (the model is exactly that of ``dropout=0``, so a grid over
        ``num_layers`` and ``dropout`` stays usable)."""
        if self.activation != "tanh" and self.cell != "rnn":
            raise ValueError(
                f"activation={self.activation!r} applies to cell='rnn' only: the "
                f"{self.cell!r} cell's gates use sigmoid and tanh. Set cell='rnn', or "
                f"leave activation='tanh'.")
        if self.gru_variant != "pytorch" and self.cell != "gru":
            raise ValueError(
                f"gru_variant={self.gru_variant!r} applies to cell='gru' only; the "
                f"{self.cell!r} cell has no reset gate. Set cell='gru', or leave "
                f"gru_variant='pytorch'.")
        if self.dropout and self.num_layers < 2:
            warnings.warn(
                f"dropout={self.dropout!r} does nothing with num_layers=1: dropout acts "
                f"between stacked layers. Set num_layers >= 2 to use it, or dropout=0.",
                UserWarning, stacklevel=3)

    def _fit(self, X, y, sample_weight=None, incremental=False, **metadata):
        """Train on X (and y): fresh, or on from the fitted weights (``warm_start``,
        and every ``partial_fit`` after the first); ``metadata`` (static inputs) goes
        to ``_training_data``."""
        self._check_settings()
        fresh = not ((self.warm_start or incremental) and hasattr(self, "params_"))
        data, fitted = self._training_data(X, y, sample_weight, fresh, **metadata)
        config = TrainingConfig.from_params(self.get_params())
        model, previous = self._start(data, fresh, incremental)
        self._set_members(model, self._train_members(
            model, data, config, previous, incremental,
            inputs=FitInputs(X, y, sample_weight, fitted)))
        self._set_fitted(fitted)
        return self

    # ------------------------------------------------------------------ ensembles
    def _n_members(self):
        """Networks a fit trains: ``n_models`` where an estimator has it, else 1."""
        return getattr(self, "n_models", 1)

    def _start(self, data, fresh, incremental=False):
        """``(model, previous states)`` a fit starts from: a fresh model and a None
        per network, or copies of the fitted ones (so that a call that fails or is
        interrupted changes nothing)."""
        if fresh:
            return self._make_model(data), [None] * self._n_members()
        self._check_member_count(incremental)
        return copy.deepcopy((self._model, self._fitted_members()))

    def _check_member_count(self, incremental=False):
        """Continued training needs as many fitted networks as ``n_models`` asks."""
        n, fitted = self._n_members(), len(self._fitted_members())
        if fitted != n:
            how = "partial_fit" if incremental else "warm_start=True"
            raise ValueError(f"{how} continues the {fitted} fitted network(s); "
                             f"n_models={n} cannot change between fits (set "
                             f"n_models={fitted} to continue them, or fit afresh "
                             f"with warm_start=False).")

    @with_callbacks  # tears the callbacks down, also for partial_fit
    def _train_members(self, model, data, config, previous, incremental=False, *,
                       inputs):
        """Train one network per entry of ``previous`` (a state to continue, or None
        for fresh weights), each with its own generator (`member_generator`), telling
        the callbacks (`FitProgress`; ``inputs``, a `FitInputs`, is what they see)."""
        n_epochs, leaf = 1 if incremental else config.max_iter, "epoch"
        if config.solver == "lbfgs":  # one more: the iteration that finds none to do
            n_epochs, leaf = config.max_iter + 1, "iteration"
        progress = FitProgress(self, inputs, model, len(previous), n_epochs, leaf)
        members = []
        for i, state in enumerate(previous):
            if config.verbose and len(previous) > 1:
                print(f"Network {i + 1} of {len(previous)}", flush=True)
            monitor = progress.network(i)
            members.append(self._train(model, data, config, state,
                                       member_generator(self.random_state, i),
                                       incremental, monitor))
            progress.network_ends(monitor, members[-1])
        progress.ends()
        return members

    def _set_members(self, model, members):
        """Keep the trained ``members``; the first is the one whose parameters
        ``params_``, `get_weights` and `set_weights` show."""
        self._model, self._state, self._members = model, members[0], members
        self.__dict__.update(training_attributes(members[0]))

    def _fitted_members(self):
        """The fitted networks' training states (one for a model saved before
        ensembles)."""
        return self.__dict__.get("_members") or [self._state]

    def _member_params(self):
        """The parameter vectors of the fitted networks."""
        return [state.params for state in self._fitted_members()]

    def _train(self, model, data, config, state, rng, incremental=False, monitor=None):
        """Train ``model`` on ``data`` from ``state`` (None: fresh weights drawn from
        ``rng``), telling ``monitor`` (see `FitProgress.network`); the trained
        state."""
        if state is None:
            state = new_state(model.init_params(rng), config, rng)
        else:
            if not incremental:
                state.rng = rng
            model.dropout = self.dropout
        if monitor is not None:
            monitor.state = state
        train(model, data, state, config, incremental=incremental, monitor=monitor)
        return state

    def _set_fitted(self, fitted):
        """Set the fitted attributes a successful fit defines; ``feature_names_in_``
        None removes it (fitted on data without column names)."""
        fitted = dict(fitted)
        if "feature_names_in_" in fitted:
            names = fitted.pop("feature_names_in_")
            if names is None:
                self.__dict__.pop("feature_names_in_", None)
            else:
                self.feature_names_in_ = names
        self.__dict__.update(fitted)

    def _partial_fit(self, X, y, sample_weight=None, metadata=None, **fitted):
        """One epoch from the current weights (initialised on the first call); the
        keywords are fitted attributes that only the first call sets, ``metadata``
        those of ``_fit``."""
        metadata = metadata or {}
        if hasattr(self, "params_"):
            return self._fit(X, y, sample_weight, incremental=True, **metadata)
        self._validate_params()  # fit does this through fit_context
        saved = dict(self.__dict__)
        self._set_fitted(fitted)
        try:
            return self._fit(X, y, sample_weight, incremental=True, **metadata)
        except BaseException:  # the first call's keywords must not outlive it
            self.__dict__.clear()
            self.__dict__.update(saved)
            raise

    def _sequence_features(self, X, batch, fresh):
        """Feature names and counts of the sequences X (validated as ``batch``): the
        fitted attributes a fresh fit sets, else checked against them."""
        if not fresh:
            check_feature_names(self, X, reset=False)
            self._check_features(batch)
            return {}
        counts = fitted_feature_counts(batch)
        return {"feature_names_in_": feature_names_of(X),
                "n_features_in_": counts.n_features_in_,
                "_fitted_on_2d": counts.fitted_on_2d,
                "_n_timesteps_in": counts.n_timesteps_in_}

    # ------------------------------------------------------------------ weights
    def get_weights(self):
        """The fitted parameters as a dict of named copies, in PyTorch's names.

        The recurrent layers use ``torch.nn.RNN/LSTM/GRU``'s ``state_dict`` names, shapes
        and gate order (``weight_ih_l0``, ``weight_hh_l0_reverse``, ...; the peephole
        LSTM adds ``w_ci_l0`` etc.); the linear head is ``head.weight``
        (n_outputs, n_directions * hidden_size) and ``head.bias`` (n_outputs,), like a
        ``torch.nn.Linear``.

        Returns
        -------
        weights : dict of str to ndarray
        """
        check_is_fitted(self, "params_")
        weights = {name: view.copy()
                   for name, view in self._model.named_views(self.params_).items()}
        if self._head_scale() is not None:
            mean, scale = self._head_scale()
            # in float64, so that set_weights(get_weights()) restores them exactly
            weights["head.weight"] = weights["head.weight"] * scale[:, None]
            weights["head.bias"] = weights["head.bias"] * scale + mean
        return weights

    def set_weights(self, weights):
        """Overwrite the parameters with named arrays (see `get_weights`).

        On a fitted estimator the names and shapes are those of `get_weights`; an
        ensemble (``n_models`` > 1) becomes the one network of these weights, so that
        predictions come from exactly them (continuing it with ``warm_start`` then needs
        ``n_models=1``). An
        unfitted `RNNClassifier` or `RNNRegressor` is built from the weights: the input
        size is read from ``weight_ih_l0`` (divided by ``patch_size``; "auto" reads one
        step at a time) and the number of outputs from ``head.weight``; the result
        predicts as a fitted model does (the classifier's ``classes_`` are
        ``0 .. n_outputs - 1`` unless ``classes`` is given to its `set_weights`). So a
        PyTorch model ``rnn`` (``torch.nn.LSTM(..., batch_first=True)``) with a
        ``torch.nn.Linear`` head ``lin`` reading its last state loads as::

            est = RNNClassifier(cell="lstm", hidden_size=rnn.hidden_size)
            est.set_weights({**rnn.state_dict(), "head.weight": lin.weight,
                             "head.bias": lin.bias})

        Tensors are converted with ``numpy.asarray`` (CPU tensors, detached). Nothing
        changes unless every array is valid.

        Parameters
        ----------
        weights : mapping of str to array-like
            Every name of `get_weights`, with the same shapes, real and finite; extra
            names are an error.

        Returns
        -------
        self : object
        """
        return self._set_weights(weights)

    def _set_weights(self, weights, **options):
        """`set_weights`; ``options`` go to `_model_for_weights` (the classifier's
        ``classes``)."""
        if hasattr(self, "params_"):
            model, params, fitted = self._model, None, None
        else:
            model, params, fitted = self._model_for_weights(weights, **options)
        targets = model.named_views(self.params_ if params is None else params)
        values = _checked_weights(weights, targets)
        if params is None and self._head_scale() is not None:
            mean, scale = self._head_scale()
            values["head.weight"] = values["head.weight"] / scale[:, None]
            values["head.bias"] = (values["head.bias"] - mean) / scale
        if fitted is not None:  # built from the weights: now set every fitted attribute
            state = new_state(params, TrainingConfig.from_params(self.get_params()),
                              check_random_state(self.random_state))
            self._set_members(model, [state])  # one network, whatever n_models says
            self._set_fitted(fitted)
        for name, value in values.items():
            targets[name][...] = value
        if len(self._fitted_members()) > 1:  # predictions now come from these weights
            self._members = [self._state]
        return self

    def _model_for_weights(self, weights, **options):
        """``(model, params, fitted)`` of an unfitted estimator built from ``weights``
        (zero parameters, to be overwritten); estimators that need data to be built
        raise (the classifier and the regressor override this)."""
        raise ValueError(f"{type(self).__name__} is not fitted: fit it once (e.g. with "
                         f"max_iter=1) before set_weights, to fix its shapes.")

    # ---------------------------------------------------------------- inference
    def _check_features(self, batch):
        check_feature_count(batch, self.n_features_in_, fitted_on_2d=self._fitted_on_2d,
                            n_timesteps_in_=self._n_timesteps_in,
                            estimator_name=type(self).__name__)

    def _validate_for_predict(self, X):
        """Check that the estimator is fitted and X like the training X; the batch."""
        check_is_fitted(self, "params_")
        batch = check_sequences(X, dtype=self.dtype, estimator_name=type(self).__name__)
        check_feature_names(self, X, reset=False)
        self._check_features(batch)
        return batch


def member_generator(random_state, i):
    """The random generator of network ``i`` of an ensemble: the first uses
    ``random_state``'s own (so one model trains exactly as without an ensemble), the
    others are seeded by ``(random_state, i)`` for an int, freshly for None, and by a
    draw from it for a RandomState."""
    if i == 0:
        return check_random_state(random_state)
    if isinstance(random_state, Integral):
        return np.random.RandomState([int(random_state), i])
    if random_state is None:
        return np.random.RandomState()
    return np.random.RandomState(random_state.randint(2 ** 31 - 1))


def stochastic_solver(estimator):
    """``partial_fit`` exists only for stochastic solvers, as in MLP (L-BFGS needs the
    whole data set at once)."""
    if estimator.solver == "lbfgs":
        raise AttributeError("partial_fit is only available for stochastic solvers "
                             f"('adam', 'sgd', 'rmsprop'), not {estimator.solver!r}.")
    return True


def check_sample_weight(sample_weight, n_samples):
    """(n_samples,) float64 weights, ones when None; negative weights are an error."""
    if sample_weight is None:
        return np.ones(n_samples)
    sample_weight = np.asarray(sample_weight, dtype=np.float64)
    if sample_weight.ndim == 0:
        return np.full(n_samples, float(sample_weight))
    if sample_weight.shape != (n_samples,):
        raise ValueError(f"sample_weight.shape == {sample_weight.shape}, expected "
                         f"({n_samples},): one weight per sequence.")
    if np.any(sample_weight < 0) or not np.all(np.isfinite(sample_weight)):
        raise ValueError("sample_weight must be finite and non-negative.")
    if not sample_weight.any():
        raise ValueError("Sample weights must contain at least one non-zero number.")
    return sample_weight


def _checked_weights(weights, targets):
    """``weights`` as float64 arrays, checked against the named views ``targets``:
    exactly their names, their shapes, real finite numbers."""
    if not hasattr(weights, "keys"):
        raise TypeError(f"set_weights needs a mapping of names to arrays (as "
                        f"get_weights() returns), got {type(weights).__name__}.")
    missing = sorted(set(targets) - set(weights))
    extra = sorted(set(weights) - set(targets))
    if missing or extra:
        raise ValueError(f"set_weights needs exactly the names of get_weights(); "
                         f"missing {missing}, unexpected {extra}.")
    values = {}
    for name in targets:
        value = np.asarray(_detach(weights[name]))
        if value.dtype.kind not in "iuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {value.dtype}.")
        value = value.astype(np.float64)
        if value.shape != targets[name].shape:
            raise ValueError(f"{name} has shape {value.shape}, expected "
                             f"{targets[name].shape}.")
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name} holds {int((~np.isfinite(value)).sum())} NaN or "
                             f"infinite value(s); weights must be finite.")
        values[name] = value
    return values


def _detach(value):
    """A torch tensor's data (without importing torch); anything else as is."""
    detach = getattr(value, "detach", None)
    return detach().cpu() if callable(detach) else value
