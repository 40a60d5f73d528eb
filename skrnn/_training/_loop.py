"""The minibatch training loop: epochs, optimizer steps, clipping, L2, early stopping with
the best weights restored, the divergence guard and progress lines.

It follows scikit-learn's ``MLPClassifier``: the same hyperparameters and meanings, the
same history (``loss_curve``, ``best_loss``, ``validation_scores``, ``n_iter``, ``t``)
and the same stopping rule (``tol`` over ``n_iter_no_change`` epochs).
"""
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .._network import blas_single_thread
from ._batches import minibatches, resolve_batch_size, validation_split
from ._data import TrainingState
from ._lbfgs import fit_lbfgs
from ._optim import make_optimizer
from ._steps import DivergenceGuard, add_penalty, clip


def new_state(params, config, rng):
    """A fresh `TrainingState` for ``params`` (updated in place by the optimizer)."""
    optimizer = None if config.solver == "lbfgs" else make_optimizer(
        config.solver, params, learning_rate_init=config.learning_rate_init,
        learning_rate=config.learning_rate,
        momentum=config.momentum if config.solver == "sgd" else 0.0,  # MLP: sgd only
        nesterov=config.nesterovs_momentum, power_t=config.power_t,
        beta_1=config.beta_1, beta_2=config.beta_2, epsilon=config.epsilon)
    early = config.early_stopping
    return TrainingState(params=params, optimizer=optimizer, rng=rng,
                         validation_scores=[] if early else None,
                         best_loss=None if early else np.inf,
                         best_validation_score=-np.inf if early else None)


def train(model, data, state, config, *, incremental=False, monitor=None):
    """Train ``model`` on ``data`` from ``state`` (updated in place).

    Parameters
    ----------
    model : object with the model protocol (see ``skrnn._training``)
    data : TrainingData
    state : TrainingState
        ``state.params`` is trained in place.
    config : TrainingConfig
    incremental : bool, default=False
        One epoch without early stopping (``partial_fit``) instead of ``max_iter``.
    monitor : object or None, default=None
        Told of progress (see `Silent`): ``epoch_begins()`` before each epoch (an
        L-BFGS iteration), ``epoch_ends(params)`` after each completed one, with the
        parameters it ended with (L-BFGS: scipy's float64 iterate, to be copied, not
        kept); a true return value stops training there, as a
        converged run stops (no ``ConvergenceWarning``).
    """
    monitor = Silent() if monitor is None else monitor
    with blas_single_thread():  # per-step GEMMs are too small for BLAS threads
        if config.solver == "lbfgs":
            fit_lbfgs(model, data, state, config, monitor)
        else:
            fit_stochastic(model, data, state, config,
                           epochs=1 if incremental else config.max_iter,
                           early_stopping=config.early_stopping and not incremental,
                           monitor=monitor)


class Silent:
    """The monitor `train` uses when given none: it watches nothing, stops nothing."""

    def epoch_begins(self):
        pass

    def epoch_ends(self, params):
        return False


FINAL_CHECK_ROWS = 8  # rows whose loss checks the final weights: its scale is all it needs


def fit_stochastic(model, data, state, config, epochs, early_stopping, monitor):
    """``epochs`` epochs of minibatch steps (see `train`)."""
    rng, params = state.rng, state.params
    train_rows, val = (validation_split(data, config.validation_fraction, rng)
                       if early_stopping else (np.arange(data.n_samples), None))
    early_stopping = val is not None  # too few sequences to hold any out
    n_train = len(train_rows)
    batch_size = resolve_batch_size(config.batch_size, n_train)
    if epochs > 1:
        state.no_improvement_count = 0
    best_params = params.copy()
    guard = DivergenceGuard(state)
    start = time.perf_counter()
    for _ in range(epochs):
        monitor.epoch_begins()
        epoch = data if data.redraw is None or state.n_iter == 0 else data.redraw(rng)
        states = None if epoch.previous is None else model.carried_states(params, epoch)
        guard.epoch_starts(params)
        epoch_loss = 0.0
        for idx in minibatches(epoch.lengths[train_rows], batch_size, rng, config.shuffle):
            rows = train_rows[idx]
            loss, grad = model.loss_grad(params, epoch, rows, rng=rng, states=states)
            loss = add_penalty(loss, grad, params, model.penalised, config.alpha,
                               float(epoch.sample_weight[rows].sum()))
            if not guard.step_is_sound(loss, grad):
                break
            clip(grad, config.clip_value, config.clip_norm)
            state.optimizer.update(grad)
            epoch_loss += loss * len(rows)
        if guard.stopped or not guard.weights_are_finite(params):
            if early_stopping:  # the best validated weights (or the call's first)
                params[:] = best_params
            return
        state.n_iter += 1
        state.t += n_train
        state.loss_curve.append(epoch_loss / n_train)
        guard.epoch_ends()
        if early_stopping:
            score = model.score(params, epoch, val)
            state.validation_scores.append(score)
            if score < state.best_validation_score + config.tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            if score > state.best_validation_score:
                state.best_validation_score = score
                best_params = params.copy()
        else:
            best = np.inf if state.best_loss is None else state.best_loss
            if state.loss_curve[-1] > best - config.tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            state.best_loss = min(best, state.loss_curve[-1])
        if config.verbose:
            report(state, start, early_stopping)
        state.optimizer.iteration_ends(state.t)
        if monitor.epoch_ends(params):  # a callback asked to stop: no warning
            break
        if state.no_improvement_count > config.n_iter_no_change:
            what = "Validation score" if early_stopping else "Training loss"
            msg = (f"{what} did not improve more than tol={config.tol:f} for "
                   f"{config.n_iter_no_change} consecutive epochs.")
            if state.optimizer.trigger_stopping(msg, config.verbose):
                break
            state.no_improvement_count = 0
    else:
        if epochs > 1 and config.tol > 0:  # tol=0 asks for the whole budget: no warning
            warnings.warn(f"Stochastic Optimizer: Maximum iterations ({config.max_iter}) "
                          f"reached and the optimization hasn't converged yet.",
                          ConvergenceWarning)
    if early_stopping:
        params[:] = best_params  # the best validated weights (or the call's first)
    else:  # the last update was never checked: a loss from the final weights
        guard.check_final_weights(model, epoch, rows[:FINAL_CHECK_ROWS], states)


def report(state, start, early_stopping):
    """One progress line per epoch (``verbose``), as MLP prints it, with the time."""
    line = f"Epoch {state.n_iter}, loss = {state.loss_curve[-1]:.8f}"
    if early_stopping:
        line += f", validation score = {state.validation_scores[-1]:.6f}"
    print(f"{line}, time = {time.perf_counter() - start:.2f}s", flush=True)
