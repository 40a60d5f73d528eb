"""`SupervisedRNN`: the template of the estimators that map sequences X to targets y.

The network reads each sequence and a linear head reads its last state (both directions
concatenated when bidirectional); with per-step targets it reads every real step instead
(many-to-many). A subclass (`RNNClassifier`, `RNNRegressor`) adds only:

- ``_loss``: the head's loss;
- ``_encode_targets(y, fresh)``: its targets as head outputs (a `Targets`);
- ``_predictions(Z)``: head outputs (n, n_outputs) to predictions;
- ``_metric``: the scikit-learn metric of `score`.
"""
from abc import abstractmethod
from numbers import Integral
from typing import NamedTuple, Optional

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval, StrOptions, fit_context
from .._data import (check_sequences, check_static, check_targets_for_sequences,
                     like_input, real_steps, static_columns, step_mask)
from .._models import POOLINGS, STATIC_MODES, SequenceModel, n_input_columns
from .._training import TrainingData
from ._base import BaseRNN, _detach, check_sample_weight
from ._output import by_sequence_id
from ._token_input import TokenInputMixin


# Recurrent steps "auto" patches the longest training sequence into: few enough that
# gradients survive backpropagation through time, enough to keep the order of events.
AUTO_PATCH_STEPS = 64


class Targets(NamedTuple):
    """Encoded targets of one fit.

    values : ndarray (n_rows, n_outputs), the head's targets in the model's dtype; a
        row per sequence, or per real step of every sequence (in row order).
    fitted : dict of the fitted attributes they define (``classes_``, ...).
    weights : ndarray (n_rows,) or None, per-row factors of the loss (class weights).
    stratify : ndarray (n_rows,) or None, labels to stratify the validation split by.
    """

    values: np.ndarray
    fitted: dict
    weights: Optional[np.ndarray] = None
    stratify: Optional[np.ndarray] = None


class SupervisedRNN(TokenInputMixin, BaseRNN):
    """Base of `RNNClassifier` and `RNNRegressor`. Not for direct use."""

    _multi_output = True  # several targets per sequence (or step) allowed
    _metric = None  # sklearn metric of `score`: accuracy (classifier), R^2 (regressor)
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "pooling": [StrOptions(set(POOLINGS)), list, tuple],
        "patch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "n_models": [Interval(Integral, 1, None, closed="left")],
        "static_features": [list, tuple, None],
        "static_mode": [StrOptions(set(STATIC_MODES))],
        **TokenInputMixin._token_constraints,
    }

    @abstractmethod
    def _encode_targets(self, y, fresh, weights):
        """Targets (n_rows,) or (n_rows, k), per sequence or per real step, with the
        sample weight of each row (n_rows,) -> `Targets`."""

    @abstractmethod
    def _predictions(self, Z):
        """Head outputs (n, n_outputs) -> predictions (n,) or (n, n_outputs)."""

    @abstractmethod
    def _explained_outputs(self, batch, target, static):
        """The output `input_gradients` differentiates for each sequence of ``batch``
        (with its static inputs): ``target`` checked, as indices (n_samples,) into the
        head's outputs."""

    @abstractmethod
    def _output_cotangent(self, Z, index):
        """The gradient (n, n_outputs) of each sequence's explained output (one
        network's share of it) with respect to that network's head outputs Z."""

    @staticmethod
    def _combine(outputs):
        """The ensemble's head outputs (n, n_outputs) from its networks' (a list of
        them): their mean. The classifier averages probabilities instead."""
        return np.mean(outputs, axis=0)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, static=None):
        """Fit the model to sequences ``X`` and targets ``y``.

        All or nothing: a call that raises, or is interrupted (``KeyboardInterrupt``),
        leaves the estimator exactly as it was before it. Training that diverges keeps
        the last weights whose loss was sound, with a ``ConvergenceWarning``, or raises
        ValueError when no epoch had been completed.

        Parameters
        ----------
        X : ndarray (n_samples, n_timesteps, n_features), ndarray (n_samples, n_timesteps),
            list of (T_i, n_features) arrays, or DataFrame with a (sequence id, time)
            MultiIndex
            Training sequences; lengths may differ.
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets (a list
            of (T_i,) arrays, or a Series with X's MultiIndex) for many-to-many
            Targets. A missing per-step target (NaN, None) means no target at that
            step: it is left out of the loss and the validation score.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sequence in the loss (each step of it, for per-step targets).
        static : array-like of shape (n_samples, n_static), default=None
            Static (per-sequence) features, in X's sequence order, entering as
            ``static_mode`` says (or name columns of X in ``static_features``); then
            `predict` and `score` need them too. Through a `Pipeline` or
            `GridSearchCV` they travel as metadata (``set_fit_request(static=True)``).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, static=static)

    def _pooling(self):
        """``pooling`` as a tuple of known names."""
        pooling = (self.pooling,) if isinstance(self.pooling, str) else tuple(self.pooling)
        unknown = [p for p in pooling if p not in POOLINGS]
        if not pooling or unknown:
            raise ValueError(f"pooling must be one of {POOLINGS} or a list of them, got "
                             f"{self.pooling!r}.")
        return pooling

    def _make_model(self, data):
        """The network (reading ``patch_size`` steps at a time) with a head reading
        the ``pooling`` of each sequence (every step, for per-step targets: there is
        nothing to pool)."""
        patch = self._patch_size(data)
        n_static = 0 if data.static is None else data.static.shape[1]
        embedding = self._embedding(data)
        width = data.X.shape[2] if embedding is None else embedding[1]
        network = self._network(width * patch + n_input_columns(self.static_mode,
                                                                n_static))
        pooling = ("last",) if data.per_step else self._pooling()
        return SequenceModel(network, data.targets.shape[-1], self._loss, self.dropout,
                             pooling=pooling, patch_size=patch, init=self._init_options(),
                             n_static=n_static, static_mode=self.static_mode,
                             embedding=embedding)

    def _patch_size(self, data):
        """``patch_size``, with "auto" resolved on the training lengths: the smallest
        patch that reads the longest sequence in at most `AUTO_PATCH_STEPS` steps
        (1 for per-step targets)."""
        if self.patch_size != "auto":
            return self.patch_size
        if data.per_step:
            return 1
        return max(1, -(-int(data.lengths.max()) // AUTO_PATCH_STEPS))

    @property
    def patch_size_(self):
        """The patch size the fitted network reads (``patch_size`` resolved)."""
        check_is_fitted(self, "params_")
        return self._model.patch_size

    # ------------------------------------------------------------ static inputs
    def _check_settings(self):
        super()._check_settings()
        if self.static_features is not None and self.learn_initial_state and \
                self.static_mode == "init":
            raise ValueError("static_mode='init' sets the initial state from the static "
                             "features, so learn_initial_state=True has nothing to learn; "
                             "use one or the other.")

    def _split_static(self, X, static):
        """``(X without its static columns, raw static values (n, s) or None)``."""
        if self.static_features is None:
            return X, static
        if static is not None:
            raise ValueError("Static features come either from X's columns named in "
                             "static_features or from the static argument, not both.")
        return static_columns(X, self.static_features)

    def _static_inputs(self, static, batch, fresh):
        """Static inputs standardised with the training statistics (set on a fresh
        fit): ``(values (n, s) in the model's dtype or None, fitted attributes)``."""
        if static is None:
            if not fresh and getattr(self, "n_static_in_", 0):
                raise ValueError(self._missing_static_message())
            return None, ({"n_static_in_": 0} if fresh else {})
        values = check_static(static, batch.n_samples)
        if fresh:
            mean = values.mean(axis=0)
            scale = values.std(axis=0)
            scale[scale == 0] = 1.0
            fitted = {"n_static_in_": values.shape[1], "_static_mean": mean,
                      "_static_scale": scale}
        else:
            self._check_static_count(values)
            fitted, mean, scale = {}, self._static_mean, self._static_scale
        return ((values - mean) / scale).astype(self.dtype), fitted

    def _missing_static_message(self):
        return (f"This {type(self).__name__} was fitted with {self.n_static_in_} static "
                f"feature(s): pass static=<array (n_samples, {self.n_static_in_})>"
                + (f" (or X with the columns {list(self.static_features)!r})"
                   if self.static_features is not None else "") + ".")

    def _check_static_count(self, values):
        n_fitted = getattr(self, "n_static_in_", 0)
        if not n_fitted:
            raise ValueError(f"This {type(self).__name__} was fitted without static "
                             f"features; call it without static.")
        if values.shape[1] != n_fitted:
            raise ValueError(f"static has {values.shape[1]} features, but this "
                             f"{type(self).__name__} was fitted with {n_fitted}.")

    def _predict_inputs(self, X, static):
        """``(X without static columns, its validated batch, the standardised static
        inputs or None)``."""
        X, static = self._split_static(X, static)
        X = self._fitted_token_input(X)
        batch = self._validate_for_predict(X)
        if static is None:
            if getattr(self, "n_static_in_", 0):
                raise ValueError(self._missing_static_message())
            return X, batch, None
        values = check_static(static, batch.n_samples)
        self._check_static_count(values)
        return X, batch, ((values - self._static_mean) / self._static_scale).astype(
            self.dtype)

    def _training_data(self, X, y, sample_weight, fresh, static=None):
        name = type(self).__name__
        self._pooling()
        X, static = self._split_static(X, static)
        X, token_fitted = self._token_sequences(X, fresh)
        batch = check_sequences(X, dtype=self.dtype, estimator_name=name)
        static, static_fitted = self._static_inputs(static, batch, fresh)
        y, mask = check_targets_for_sequences(batch, y, estimator_name=name,
                                              multi_output_allowed=self._multi_output,
                                              allow_missing=True)
        sample_weight = check_sample_weight(sample_weight, batch.n_samples)
        fitted = self._sequence_features(X, batch, fresh)
        per_step = mask is not None
        if per_step and self.patch_size not in (1, "auto"):
            raise ValueError(f"patch_size={self.patch_size} reads several steps as one, "
                             f"so it cannot predict a target at every step; use "
                             f"patch_size=1 with per-step targets.")
        targets = self._encode_targets(
            y[mask] if per_step else y, fresh,
            np.broadcast_to(sample_weight[:, None], mask.shape)[mask] if per_step
            else sample_weight)
        values, weights = targets.values, targets.weights
        if per_step:  # back to (n_samples, max_length, n_outputs), zeros past the end
            padded = np.zeros(mask.shape + values.shape[1:], dtype=values.dtype)
            padded[mask] = values
            values = padded
            if weights is not None:  # a sequence weighs the mean of its steps' weights
                per_step_weights = np.zeros(mask.shape)
                per_step_weights[mask] = weights
                weights = per_step_weights.sum(axis=1) / np.maximum(mask.sum(axis=1), 1)
        if weights is not None:
            sample_weight = sample_weight * weights
        observed = None
        if per_step and mask.sum() < batch.lengths.sum():  # some steps have no target
            observed = mask
        data = TrainingData(X=batch.X, lengths=batch.lengths, targets=values,
                            sample_weight=sample_weight, per_step=per_step,
                            stratify=None if per_step else targets.stratify,
                            observed=observed, static=static)
        return data, dict(fitted, per_step_=per_step, **targets.fitted, **static_fitted,
                          **token_fitted)

    def _model_for_weights(self, weights, **options):
        """The model an unfitted estimator gets from ``weights`` (see `set_weights`):
        the input size from ``weight_ih_l0``, the outputs from ``head.weight``."""
        self._validate_params()
        pooling = self._pooling()
        shapes = {}
        for name in ("weight_ih_l0", "head.weight"):
            if not hasattr(weights, "keys") or name not in weights:
                raise ValueError(f"set_weights on an unfitted {type(self).__name__} "
                                 f"reads the input size and the number of outputs from "
                                 f"'weight_ih_l0' and 'head.weight'; {name!r} is missing.")
            shapes[name] = np.shape(_detach(weights[name]))
            if len(shapes[name]) != 2:
                raise ValueError(f"{name} must be 2-D, got shape {shapes[name]}.")
        patch = 1 if self.patch_size == "auto" else self.patch_size
        n_inputs, n_outputs = shapes["weight_ih_l0"][1], shapes["head.weight"][0]
        embedding, token_fitted = None, {}
        if self.embedding_dim is not None:  # a torch.nn.Embedding's table, by name
            table = np.shape(_detach(weights["embedding.weight"])) \
                if "embedding.weight" in weights else None
            if table is None or len(table) != 2 or table[1] != self.embedding_dim or \
                    n_inputs != self.embedding_dim * patch:
                raise ValueError(f"set_weights on an unfitted {type(self).__name__} with "
                                 f"embedding_dim={self.embedding_dim} needs "
                                 f"'embedding.weight' of shape (vocabulary size, "
                                 f"{self.embedding_dim}) and weight_ih_l0 reading "
                                 f"{self.embedding_dim * patch} inputs; got "
                                 f"{table} and {shapes['weight_ih_l0']}.")
            embedding = (table[0], self.embedding_dim)
            token_fitted = {"vocabulary_size_": table[0]}
            n_inputs = patch  # one feature per step: the token id
        if n_inputs % patch or n_inputs == 0 or n_outputs == 0:
            raise ValueError(f"weight_ih_l0 has shape {shapes['weight_ih_l0']}: its "
                             f"{n_inputs} inputs are not a multiple of patch_size={patch} "
                             f"features.")
        model = SequenceModel(self._network(shapes["weight_ih_l0"][1]), n_outputs,
                              self._loss, self.dropout, pooling=pooling, patch_size=patch,
                              init=self._init_options(), embedding=embedding)
        fitted = {"feature_names_in_": None, "n_features_in_": n_inputs // patch,
                  "_fitted_on_2d": False, "_n_timesteps_in": None, "per_step_": False,
                  "n_static_in_": 0, **token_fitted,
                  **self._targets_for_weights(n_outputs, **options)}
        return model, np.zeros(model.n_params, dtype=self.dtype), fitted

    @abstractmethod
    def _targets_for_weights(self, n_outputs, **options):
        """The target attributes of a model built from weights with ``n_outputs``."""

    # ---------------------------------------------------------------- outputs
    def _head_outputs(self, batch, static=None):
        """Head outputs: (n_samples, n_outputs), or per step a list of (T_i, n_outputs);
        of the ensemble (`_combine`) when there are several networks."""
        outputs = [self._model.predict(params, batch.X, batch.lengths, self.per_step_,
                                       static)
                   for params in self._member_params()]
        if len(outputs) == 1:
            return outputs[0]
        if self.per_step_:
            return [self._combine([out[k] for out in outputs])
                    for k in range(len(outputs[0]))]
        return self._combine(outputs)

    def _per_sequence(self, function, Z):
        """``function`` applied to the outputs of each sequence, or of the batch."""
        return [function(z) for z in Z] if self.per_step_ else function(Z)

    def _predict_batch(self, batch, static=None):
        return self._per_sequence(self._predictions, self._head_outputs(batch, static))

    def predict(self, X, static=None):
        """Predict the targets of sequences ``X``.

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        static : array-like of shape (n_samples, n_static), default=None
            The sequences' static features, if the model was fitted with them.

        Returns
        -------
        y_pred : ndarray (n_samples,) or (n_samples, n_outputs), or per step a list of
            (T_i,) / (T_i, n_outputs) arrays. For a DataFrame on a (sequence id, time)
            MultiIndex, per-sequence predictions are a pandas Series (a DataFrame for
            several outputs) indexed by the sequence ids, in their order in X.
        """
        _, batch, static = self._predict_inputs(X, static)
        return by_sequence_id(self._predict_batch(batch, static), batch)

    def input_gradients(self, X, target=None, static=None):
        """Saliency: the gradient of each sequence's prediction with respect to every
        value of its input, step by step and feature by feature.

        Large magnitudes mark the steps and features that moved the prediction most
        (Simonyan et al. 2014's saliency maps; the input gradients of Hinton's
        lectures). For an ensemble (``n_models`` > 1) it is the gradient of the
        averaged prediction. Gradients are with respect to the X this estimator
        receives: inside a `Pipeline`, pass it the earlier steps' output
        (``pipe[:-1].transform(X)``).

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        target : label, int, array-like of shape (n_samples,) or None, default=None
            What is differentiated. The classifier: the probability of the class
            ``target`` (a label of ``classes_``, one for all sequences or one per
            sequence); None, that of each sequence's predicted class. The regressor:
            output ``target`` (an index into the outputs, one or per sequence), in the
            units of y; None is the only output (an error with several).
        static : array-like of shape (n_samples, n_static), default=None
            The sequences' static features, if the model was fitted with them (held
            fixed: the gradients are those of X's values).

        Returns
        -------
        gradients : X's layout and container with one gradient per input value: an
            ndarray (n_samples, n_timesteps, n_features) or (n_samples, n_timesteps)
            for array input, a list of (T_i, n_features) (or (T_i,)) arrays for a list,
            a DataFrame (or Series) with X's index and columns for a (sequence id, time)
            frame (without the columns of ``static_features``).
        """
        if self.embedding_dim is not None:
            raise ValueError("input_gradients differentiates with respect to input "
                             "values; with embedding_dim set, X holds token ids, which "
                             "have no gradient.")
        X, batch, static = self._predict_inputs(X, static)
        if self.per_step_:
            raise ValueError(f"input_gradients explains one prediction per sequence; "
                             f"this {type(self).__name__} was fitted on per-step "
                             f"targets.")
        index = self._explained_outputs(batch, target, static)
        members = self._member_params()
        total = np.zeros(batch.X.shape, dtype=members[0].dtype)
        for params in members:
            total += self._model.input_gradient(
                params, batch.X, batch.lengths,
                lambda Z, rows: self._output_cotangent(Z, index[rows]) / len(members),
                static)
        return like_input(real_steps(total, batch.lengths), batch, X)

    def score(self, X, y, sample_weight=None, static=None):
        """Mean accuracy (classifier) or R^2 (regressor) of ``predict(X)`` against ``y``.

        With per-step targets every real step of every sequence counts once (weighted by
        its sequence's ``sample_weight``).

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets
        sample_weight : array-like of shape (n_samples,), default=None
        static : array-like of shape (n_samples, n_static), default=None
            The sequences' static features, if the model was fitted with them.

        Returns
        -------
        score : float
        """
        _, batch, static = self._predict_inputs(X, static)
        y, mask = check_targets_for_sequences(batch, y, estimator_name=type(self).__name__,
                                              multi_output_allowed=self._multi_output,
                                              allow_missing=True)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, batch.n_samples)
        pred = self._predict_batch(batch, static)
        if mask is not None:  # per step: the real steps with a target, in row order
            kept = mask[step_mask(batch.lengths, batch.max_length)]
            pred, y = np.concatenate(pred)[kept], y[mask]
            if sample_weight is not None:
                sample_weight = np.repeat(sample_weight, batch.lengths)[kept]
        return self._metric(y, pred, sample_weight=sample_weight)
