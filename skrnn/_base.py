"""The one base class of skrnn's supervised estimators: hyperparameters and training.

Everything shared lives here, once: parameter validation, input conversion, the flat
parameter vector (the recurrent network's parameters followed by a linear head), the
minibatch training loop with its optimizers, clipping, L2, early stopping with the best
weights restored, the divergence guard, verbose progress, and batched inference.
Subclasses (`RNNClassifier`, `RNNRegressor`) add only their targets, loss and predict.

The training loop follows scikit-learn's ``MLPClassifier``: the same hyperparameter names
and meanings, ``loss_curve_``, ``best_loss_``, ``validation_scores_``, ``n_iter_``,
``t_``, and the same stopping rule (``tol`` over ``n_iter_no_change`` epochs).
"""
import time
import warnings
from abc import ABCMeta, abstractmethod
from dataclasses import replace
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, fit_context
from ._data import (check_feature_count, check_feature_names, check_sequences,
                    check_targets_for_sequences, fitted_feature_counts)
from ._losses import LOSSES
from ._network import RNNNetwork
from ._network._parallel import blas_single_thread
from ._optim import make_optimizer

INFERENCE_BATCH = 512  # rows per forward call at predict time (DESIGN: lesson 7)


class BaseRNN(BaseEstimator, metaclass=ABCMeta):
    """Base class for recurrent-network estimators. Not for direct use.

    See `RNNClassifier` and `RNNRegressor` for the parameters.
    """

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
        "n_jobs": [None, Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, cell="lstm", hidden_size=32, num_layers=1, bidirectional=False,
                 activation="tanh", dropout=0.0, solver="adam", learning_rate_init=0.001,
                 learning_rate="constant", power_t=0.5, momentum=0.9,
                 nesterovs_momentum=True, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 alpha=0.0001, batch_size="auto", max_iter=200, shuffle=True,
                 clip_norm=None, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None):
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bidirectional = bidirectional
        self.activation = activation
        self.dropout = dropout
        self.solver = solver
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate
        self.power_t = power_t
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.alpha = alpha
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.clip_norm = clip_norm
        self.clip_value = clip_value
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.verbose = verbose
        self.dtype = dtype
        self.n_jobs = n_jobs

    # ----------------------------------------------------------------- subclass hooks
    _loss_name = None  # key of skrnn._losses.LOSSES
    _multi_output = True  # several targets per sequence (or step) allowed

    @abstractmethod
    def _encode_targets(self, y, first_fit):
        """Targets (n_rows,) or (n_rows, k) -> float array (n_rows, n_outputs); may set
        fitted attributes such as ``classes_`` on the first fit."""

    @abstractmethod
    def _predict_batch(self, batch):
        """Predictions for a validated batch: an array, or per step a list of arrays."""

    _metric = None  # sklearn metric of `score`: accuracy (classifier), R^2 (regressor)

    def score(self, X, y, sample_weight=None):
        """Mean accuracy (classifier) or R^2 (regressor) of ``predict(X)`` against ``y``.

        With per-step targets every real step of every sequence counts once (weighted by
        its sequence's ``sample_weight``).

        Parameters
        ----------
        X : sequences, any accepted format (see the class docstring)
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        batch = self._validate_for_predict(X)
        y, mask = check_targets_for_sequences(batch, y, estimator_name=type(self).__name__,
                                              multi_output_allowed=self._multi_output)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, batch.n_samples)
        return self._score_batch(batch, y, mask, sample_weight)

    def _score_batch(self, batch, y, mask, sample_weight=None):
        pred = self._predict_batch(batch)
        if mask is not None:  # per step: all real steps, in row order
            pred, y = np.concatenate(pred), y[mask]
            if sample_weight is not None:
                sample_weight = np.repeat(sample_weight, batch.lengths)
        return self._metric(y, pred, sample_weight=sample_weight)

    # ------------------------------------------------------------------------ fit
    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model to sequences ``X`` and targets ``y``.

        Parameters
        ----------
        X : ndarray (n_samples, n_timesteps, n_features), ndarray (n_samples, n_timesteps),
            list of (T_i, n_features) arrays, or DataFrame with a (sequence id, time)
            MultiIndex
            Training sequences; lengths may differ.
        y : array-like (n_samples,) or (n_samples, n_outputs), or per-step targets (a list
            of (T_i,) arrays, or a Series with X's MultiIndex) for many-to-many
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sequence in the loss (each step of it, for per-step targets).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight)

    def _partial_fit(self, X, y, sample_weight, classes=None):
        """One epoch over ``X`` from the current weights (initialised on the first call)."""
        if not hasattr(self, "params_"):
            self._validate_params()  # fit does this through fit_context
            if classes is not None:
                self._declared_classes = np.unique(classes)
        return self._fit(X, y, sample_weight, incremental=True)

    def _fit(self, X, y, sample_weight=None, incremental=False):
        batch = check_sequences(X, dtype=self.dtype, estimator_name=type(self).__name__)
        y, mask = check_targets_for_sequences(batch, y, estimator_name=type(self).__name__,
                                              multi_output_allowed=self._multi_output)
        sample_weight = _check_sample_weight(sample_weight, batch.n_samples)
        fresh = not ((self.warm_start or incremental) and hasattr(self, "params_"))
        self._record_features(X, batch, fresh)
        return self._fit_batch(batch, y, mask, sample_weight, fresh, incremental)

    def _record_features(self, X, batch, fresh):
        """Set (fresh fit) or check the feature names and counts of the training X."""
        check_feature_names(self, X, reset=fresh)
        if fresh:
            counts = fitted_feature_counts(batch)
            self.n_features_in_ = counts.n_features_in_
            self._fitted_on_2d = counts.fitted_on_2d
            self._n_timesteps_in = counts.n_timesteps_in_
        else:
            self._check_features(batch)

    def _fit_batch(self, batch, y, mask, sample_weight, fresh, incremental=False):
        """Train on a validated batch: targets ``y`` per sequence, or per step where
        ``mask`` (n_samples, max_length) marks the real steps; ``fresh`` starts from new
        weights. Estimators that build their own training sequences (the forecaster)
        enter here."""
        self.per_step_ = mask is not None
        Y = self._encode_targets(y[mask] if self.per_step_ else y, fresh)
        sample_weight = sample_weight * self._class_weights(y[mask] if self.per_step_ else y,
                                                            mask)
        if fresh:
            self._rng = check_random_state(self.random_state)
            self._initialize(batch.n_features, Y.shape[1], self._rng)
        elif not incremental:
            self._rng = check_random_state(self.random_state)
        with blas_single_thread():
            if self.solver == "lbfgs":
                self._fit_lbfgs(batch, Y, mask, sample_weight)
            else:
                self._fit_stochastic(batch, y, Y, mask, sample_weight, self._rng,
                                     epochs=1 if incremental else self.max_iter,
                                     early_stopping=self.early_stopping and not incremental)
        return self

    def _fit_lbfgs(self, batch, Y, mask, sample_weight):
        """Full-batch L-BFGS (scipy) on the flat parameter vector, as MLP's "lbfgs".

        The objective must be deterministic, so dropout is not applied and there is no
        early stopping (as in MLP); ``max_iter`` bounds the iterations, ``tol`` is the
        gradient tolerance.
        """
        from scipy.optimize import minimize

        self._epoch_begins()  # once: the objective must stay fixed
        Y_rows = self._rows_of_targets(Y, mask)
        chunks = _minibatches(batch.lengths, INFERENCE_BATCH, None, shuffle=False)
        steps = batch.lengths if mask is not None else np.ones(batch.n_samples)
        total = float(np.dot(sample_weight, steps))
        n_eff = float(sample_weight.sum())
        history = []

        def objective(theta):
            self.params_[:] = theta
            loss, grad = 0.0, np.zeros(theta.size)
            for rows in chunks:
                share = float(np.dot(sample_weight[rows], steps[rows])) / total
                if share:
                    chunk_loss, chunk_grad = self._loss_grad(
                        batch, rows, Y_rows, mask, sample_weight, None, penalty=False)
                    loss += share * chunk_loss
                    grad += share * chunk_grad
            if self.alpha:
                p = theta[self._penalised]
                loss += 0.5 * self.alpha * float(np.dot(p, p)) / n_eff
                grad[self._penalised] += (self.alpha / n_eff) * p
            return loss, grad

        start = self.params_.astype(np.float64)
        result = minimize(objective, start, jac=True, method="L-BFGS-B",
                          callback=lambda intermediate_result: history.append(
                              float(intermediate_result.fun)),
                          options={"maxiter": self.max_iter, "maxfun": 15000,
                                   "gtol": self.tol})
        if not np.all(np.isfinite(result.x)):
            self._diverged(start.astype(self.dtype), result.fun)
            return
        self.params_[:] = result.x
        self.n_iter_ += int(result.nit)
        self.loss_curve_ += history
        self.best_loss_ = float(result.fun) if self.best_loss_ is None else \
            min(self.best_loss_, float(result.fun))
        if result.status == 1:
            warnings.warn(f"lbfgs failed to converge after {result.nit} iterations "
                          f"(max_iter={self.max_iter}): {result.message}. Increase "
                          f"max_iter or scale the data.", ConvergenceWarning)

    def _initial_states(self, rows):
        """Initial states (h0, c0) of training rows ``rows``; None: zeros (or learned).
        The forecaster's stateful mode carries states between chunks here."""
        return None, None

    def _epoch_begins(self):
        """Called before every epoch of the stochastic solvers (a hook; no-op here)."""

    def _class_weights(self, y, mask):
        """Per-sequence factors from ``class_weight`` (classifier); ones otherwise."""
        return 1.0

    def _make_network(self, input_size, hidden_size, num_layers, bidirectional):
        return RNNNetwork(self.cell, input_size, hidden_size, num_layers, bidirectional,
                          self.activation, dtype=self.dtype, n_threads=self.n_jobs or 1)

    @staticmethod
    def _head_init(rng, n_outputs, F):
        """A linear head's weights (Glorot, as MLP's output layer) and zero biases."""
        bound = np.sqrt(6.0 / (F + n_outputs))
        return [rng.uniform(-bound, bound, n_outputs * F), np.zeros(n_outputs)]

    @staticmethod
    def _weights_mask(net):
        """True at the network's weights, False at its biases (L2 spares biases, as MLP)."""
        mask = np.zeros(net.n_params, dtype=bool)
        for name, sl in net.layout.slices.items():
            mask[sl] = name.startswith("weight_")
        return mask

    def _build_params(self, n_features, n_outputs, rng):
        """Build the network(s) and return the initial flat parameters and the mask of
        the L2-penalised ones: the recurrent network, then the linear head."""
        self._net = self._make_network(n_features, self.hidden_size, self.num_layers,
                                       self.bidirectional)
        F = self._net.output_size
        self._head_shape = (n_outputs, F)
        params = np.concatenate([self._net.init_params(rng),
                                 *self._head_init(rng, n_outputs, F)])
        penalised = np.concatenate([self._weights_mask(self._net),
                                    np.ones(n_outputs * F, bool), np.zeros(n_outputs, bool)])
        return params, penalised

    def _initialize(self, n_features, n_outputs, rng):
        params, self._penalised = self._build_params(n_features, n_outputs, rng)
        self.params_ = params.astype(self.dtype)
        self.loss_curve_ = []
        self.validation_scores_ = [] if self.early_stopping else None
        self.best_loss_ = None if self.early_stopping else np.inf
        self.best_validation_score_ = -np.inf if self.early_stopping else None
        self.n_iter_ = 0
        self.t_ = 0
        self._optimizer = None if self.solver == "lbfgs" else make_optimizer(
            self.solver, self.params_, learning_rate_init=self.learning_rate_init,
            learning_rate=self.learning_rate,
            momentum=self.momentum if self.solver == "sgd" else 0.0,  # MLP: sgd only
            nesterov=self.nesterovs_momentum, power_t=self.power_t, beta_1=self.beta_1,
            beta_2=self.beta_2, epsilon=self.epsilon)

    def _split_validation(self, batch, y, mask, rng, early_stopping):
        """Indices of the training rows and of the held-out validation rows."""
        n = batch.n_samples
        rows = np.arange(n)
        if not early_stopping:
            return rows, None
        stratify = self._stratify(y) if not self.per_step_ else None
        train, val = train_test_split(rows, test_size=self.validation_fraction,
                                      random_state=rng.randint(np.iinfo(np.int32).max),
                                      stratify=stratify)
        if len(val) < 1 or len(train) < 1:
            raise ValueError(
                f"validation_fraction={self.validation_fraction} leaves "
                f"{len(train)} training and {len(val)} validation sequences out of {n}; "
                f"use more data or turn early_stopping off.")
        return train, val

    def _stratify(self, y):
        return None

    def _fit_stochastic(self, batch, y, Y, mask, sample_weight, rng, epochs, early_stopping):
        train, val = self._split_validation(batch, y, mask, rng, early_stopping)
        n_train = len(train)
        batch_size = min(200, n_train) if self.batch_size == "auto" else \
            min(self.batch_size, n_train)
        Y_rows = self._rows_of_targets(Y, mask)
        if not hasattr(self, "_no_improvement_count") or epochs > 1:
            self._no_improvement_count = 0
        best_params = self.params_.copy()
        start = time.perf_counter()
        for _ in range(epochs):
            self._epoch_begins()
            epoch_start_params = self.params_.copy()
            epoch_loss = 0.0
            for idx in _minibatches(batch.lengths[train], batch_size, rng, self.shuffle):
                rows = train[idx]
                loss, grad = self._loss_grad(batch, rows, Y_rows, mask, sample_weight, rng)
                if not (np.isfinite(loss) and np.all(np.isfinite(grad))):
                    self._diverged(epoch_start_params, loss)
                    return
                self._clip(grad)
                self._optimizer.update(grad)
                epoch_loss += loss * len(rows)
            self.n_iter_ += 1
            self.t_ += n_train
            self.loss_curve_.append(epoch_loss / n_train)
            if early_stopping:
                score = self._score_batch(_subset(batch, val), y[val],
                                          None if mask is None else mask[val])
                self.validation_scores_.append(score)
                if score < self.best_validation_score_ + self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                if score > self.best_validation_score_:
                    self.best_validation_score_ = score
                    best_params = self.params_.copy()
            else:
                best = np.inf if self.best_loss_ is None else self.best_loss_
                if self.loss_curve_[-1] > best - self.tol:
                    self._no_improvement_count += 1
                else:
                    self._no_improvement_count = 0
                self.best_loss_ = min(best, self.loss_curve_[-1])
            if self.verbose:
                self._report(start, early_stopping)
            self._optimizer.iteration_ends(self.t_)
            if self._no_improvement_count > self.n_iter_no_change:
                what = "Validation score" if early_stopping else "Training loss"
                msg = (f"{what} did not improve more than tol={self.tol:f} for "
                       f"{self.n_iter_no_change} consecutive epochs.")
                if self._optimizer.trigger_stopping(msg, self.verbose):
                    break
                self._no_improvement_count = 0
        else:
            if epochs > 1:
                warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                              f"reached and the optimization hasn't converged yet.",
                              ConvergenceWarning)
        if early_stopping:
            self.params_[:] = best_params  # the best weights, restored

    def _report(self, start, early_stopping):
        line = f"Epoch {self.n_iter_}, loss = {self.loss_curve_[-1]:.8f}"
        if early_stopping:
            line += f", validation score = {self.validation_scores_[-1]:.6f}"
        print(f"{line}, time = {time.perf_counter() - start:.2f}s", flush=True)

    def _diverged(self, good_params, loss):
        self.params_[:] = good_params
        warnings.warn(
            f"Training diverged in epoch {self.n_iter_ + 1}: the loss became {loss} (or a "
            f"gradient did). Training stopped and the weights from the end of epoch "
            f"{self.n_iter_} are kept. Lower learning_rate_init, or set clip_norm "
            f"(e.g. 1.0).", ConvergenceWarning)

    def _clip(self, grad):
        if self.clip_value is not None:
            np.clip(grad, -self.clip_value, self.clip_value, out=grad)
        if self.clip_norm is not None:
            norm = float(np.sqrt(np.dot(grad, grad)))
            if norm > self.clip_norm:
                grad *= self.clip_norm / norm

    @staticmethod
    def _rows_of_targets(Y, mask):
        """Per-step targets back to (n_samples, max_length, n_outputs); else as is."""
        if mask is None:
            return Y
        out = np.zeros(mask.shape + (Y.shape[1],), dtype=Y.dtype)
        out[mask] = Y
        return out

    # ------------------------------------------------------------- loss, gradient
    def _split_params(self, params):
        n_rnn = self._net.n_params
        n_out, F = self._head_shape
        W = params[n_rnn:n_rnn + n_out * F].reshape(n_out, F)
        return params[:n_rnn], W, params[n_rnn + n_out * F:]

    def _loss_grad(self, batch, rows, Y_rows, mask, sample_weight, rng, penalty=True):
        """Weighted mean loss of a minibatch and its gradient for the flat ``params_``."""
        lengths = batch.lengths[rows]
        T = int(lengths.max())
        X = batch.X[rows, :T]
        rnn_p, W, b = self._split_params(self.params_)
        masks = None if rng is None else self._dropout_masks(len(rows), T, rng)
        h0, c0 = self._initial_states(rows)
        out, _, cache = self._net.forward(rnn_p, X, lengths, h0=h0, c0=c0,
                                          dropout_masks=masks,
                                          return_sequences=self.per_step_)
        if self.per_step_:
            step = mask[rows, :T]
            H = out[step]                       # (n_steps, F), valid steps only
            Y = Y_rows[rows, :T][step]
            w = np.repeat(sample_weight[rows], lengths)  # steps in row order, as H's
        else:
            H, Y = out, Y_rows[rows]
            w = sample_weight[rows]
        total = w.sum()
        if total <= 0:
            return 0.0, np.zeros_like(self.params_)  # a minibatch of zero weight
        w = (w / total).astype(self.params_.dtype)
        loss, dZ = LOSSES[self._loss_name](H @ W.T + b, Y, w)
        d_H = dZ @ W
        if self.per_step_:
            d_out = np.zeros_like(out)
            d_out[step] = d_H
        else:
            d_out = d_H
        g_rnn = self._net.backward(rnn_p, cache, d_out, input_grad=False)[0]
        grad = np.concatenate([g_rnn, (dZ.T @ H).ravel(), dZ.sum(axis=0)])
        if penalty:
            loss = self._add_penalty(loss, grad, float(sample_weight[rows].sum()))
        return loss, grad.astype(self.params_.dtype, copy=False)

    def _add_penalty(self, loss, grad, n_eff):
        """L2 on the weights, added to ``grad`` in place; returns the penalised loss.
        Scaled by the minibatch's total sample weight ``n_eff`` (its size when
        unweighted), so that a weight of 2 means what a repeated sequence means."""
        if not self.alpha:
            return loss
        p = self.params_[self._penalised]
        grad[self._penalised] += (self.alpha / n_eff) * p
        return loss + 0.5 * self.alpha * float(np.dot(p, p)) / n_eff

    def _dropout_masks(self, n, T, rng):
        if not self.dropout or self.num_layers < 2:
            return None
        keep = 1.0 - self.dropout
        F = self._net.output_size
        return [(rng.random_sample((n, T, F)) < keep).astype(self.dtype) / keep
                for _ in range(self.num_layers - 1)]

    # -------------------------------------------------------------------- weights
    def get_weights(self):
        """The fitted parameters as a dict of named copies, in PyTorch's names.

        The recurrent layers use ``torch.nn.RNN/LSTM/GRU``'s ``state_dict`` names, shapes
        and gate order (``weight_ih_l0``, ``weight_hh_l0_reverse``, ...; the peephole
        LSTM adds ``w_ci_l0`` etc., a learned initial state ``h0_l0``); the linear head is
        ``head.weight`` (n_outputs, n_directions * hidden_size) and ``head.bias``
        (n_outputs,), like a ``torch.nn.Linear``.

        Returns
        -------
        weights : dict of str to ndarray
        """
        check_is_fitted(self, "params_")
        return {name: view.copy() for name, view in self._named_views(self.params_).items()}

    def _named_views(self, params):
        """Writeable views of ``params`` by name (see `get_weights`)."""
        rnn_p, W, b = self._split_params(params)
        return dict(self._net.views(rnn_p), **{"head.weight": W, "head.bias": b})

    def set_weights(self, weights):
        """Overwrite the fitted parameters with named arrays (see `get_weights`).

        To load a PyTorch model ``rnn`` (``torch.nn.LSTM(..., batch_first=True)``) with a
        ``torch.nn.Linear`` head ``lin`` reading its last state, fit once to fix the
        shapes (e.g. ``max_iter=1``), then::

            est.set_weights({**rnn.state_dict(), "head.weight": lin.weight,
                             "head.bias": lin.bias})

        Tensors are converted with ``numpy.asarray`` (CPU tensors, detached).

        Parameters
        ----------
        weights : mapping of str to array-like
            Every name of `get_weights`, with the same shapes; extra names are an error.

        Returns
        -------
        self : object
        """
        check_is_fitted(self, "params_")
        expected = self.get_weights()
        missing = sorted(set(expected) - set(weights))
        extra = sorted(set(weights) - set(expected))
        if missing or extra:
            raise ValueError(f"set_weights needs exactly the names of get_weights(); "
                             f"missing {missing}, unexpected {extra}.")
        targets = self._named_views(self.params_)
        for name, value in weights.items():
            value = np.asarray(_detach(value), dtype=self.params_.dtype)
            if value.shape != targets[name].shape:
                raise ValueError(f"{name} has shape {value.shape}, expected "
                                 f"{targets[name].shape}.")
            targets[name][...] = value
        return self

    # ------------------------------------------------------------------ inference
    def _check_features(self, batch):
        check_feature_count(batch, self.n_features_in_, fitted_on_2d=self._fitted_on_2d,
                            n_timesteps_in_=self._n_timesteps_in,
                            estimator_name=type(self).__name__)

    def _validate_for_predict(self, X):
        check_is_fitted(self, "params_")
        batch = check_sequences(X, dtype=self.dtype, estimator_name=type(self).__name__)
        check_feature_names(self, X, reset=False)
        self._check_features(batch)
        return batch

    def _forward_head(self, batch):
        """Head outputs: (n_samples, n_outputs), or per step a list of (T_i, n_outputs)."""
        rnn_p, W, b = self._split_params(self.params_)
        order = np.argsort(-batch.lengths, kind="stable")  # similar lengths together
        outs = [None] * batch.n_samples
        with blas_single_thread():
            for start in range(0, batch.n_samples, INFERENCE_BATCH):
                rows = order[start:start + INFERENCE_BATCH]
                lengths = batch.lengths[rows]
                T = int(lengths.max())
                out, _, _ = self._net.forward(rnn_p, batch.X[rows, :T], lengths,
                                              return_sequences=self.per_step_,
                                              training=False)
                Z = out @ W.T + b
                for i, r in enumerate(rows):
                    outs[r] = Z[i, :lengths[i]] if self.per_step_ else Z[i]
        return outs if self.per_step_ else np.asarray(outs, dtype=self.params_.dtype)


def _stochastic_solver(estimator):
    """``partial_fit`` exists only for stochastic solvers, as in MLP (L-BFGS needs the
    whole data set at once)."""
    if estimator.solver == "lbfgs":
        raise AttributeError("partial_fit is only available for stochastic solvers "
                             f"('adam', 'sgd', 'rmsprop'), not {estimator.solver!r}.")
    return True


def _detach(value):
    """A torch tensor's data (without importing torch); anything else as is."""
    detach = getattr(value, "detach", None)
    return detach().cpu() if callable(detach) else value


def _check_sample_weight(sample_weight, n_samples):
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


def _minibatches(lengths, batch_size, rng, shuffle):
    """Row indices of each minibatch: similar lengths together (less padding per batch),
    batches in random order when ``shuffle``."""
    n = len(lengths)
    tie_break = rng.permutation(n) if shuffle else np.arange(n)  # rng unused otherwise
    order = tie_break[np.argsort(lengths[tie_break], kind="stable")]
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if shuffle:
        batches = [batches[i] for i in rng.permutation(len(batches))]
    return batches


def _subset(batch, rows):
    """The rows ``rows`` of a SequenceBatch, trimmed to their own longest length."""
    lengths = batch.lengths[rows]
    return replace(batch, X=batch.X[rows, :int(lengths.max())], lengths=lengths, ids=None,
                   row_index=None)
