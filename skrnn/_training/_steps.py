"""What a training step does besides the optimizer: L2, clipping, the divergence guard."""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning


def add_penalty(loss, grad, params, penalised, alpha, n_eff):
    """L2 on the penalised parameters, added to ``grad`` in place; returns the penalised
    loss. Scaled by the minibatch's total sample weight ``n_eff`` (its size when
    unweighted), so that a weight of 2 means what a repeated sequence means (as MLP)."""
    if not alpha or n_eff <= 0:
        return loss
    p = params[penalised]
    grad[penalised] += (alpha / n_eff) * p
    return loss + 0.5 * alpha * float(np.dot(p, p)) / n_eff


def clip(grad, clip_value, clip_norm):
    """Clip ``grad`` in place: element-wise to ``clip_value``, then by global norm."""
    if clip_value is not None:
        np.clip(grad, -clip_value, clip_value, out=grad)
    if clip_norm is not None:
        norm = float(np.sqrt(np.dot(grad, grad)))
        if norm > clip_norm:
            grad *= clip_norm / norm


# A minibatch loss this many times every earlier one of the call (and 1, the order of a
# loss on standardised targets or of a cross-entropy at random weights) means the run
# blew up: nothing that trains does that. Finite losses of 1e29 used to pass, with
# weights that predict NaN on other inputs.
BLOW_UP = 1e6
# An epoch's loss this many times the lowest one so far is worth a warning.
GROWTH = 1e2


def blew_up(loss, grad, highest):
    """True when a step's loss or gradient is not finite, or the loss is `BLOW_UP`
    times ``max(highest, 1)`` (``highest``: the call's highest loss so far, None at
    its first step, whose loss is the reference)."""
    if not (np.isfinite(loss) and np.all(np.isfinite(grad))):
        return True
    return highest is not None and loss > BLOW_UP * max(highest, 1.0)


def diverged(state, good_params, good_epoch, loss):
    """Keep ``good_params`` (the last weights whose loss was finite and not blown up,
    those at the end of epoch ``good_epoch``) and say so; raise ValueError
    when there are none (None: only the random initial weights are left)."""
    advice = ("Lower learning_rate_init, set clip_norm (e.g. 1.0), or scale the inputs "
              "(e.g. with SequenceScaler).")
    if good_params is None:
        raise ValueError(
            f"Training diverged in the first epoch (the loss became {loss:.3g}), so "
            f"there are no trained weights to keep. {advice}")
    state.params[:] = good_params
    warnings.warn(
        f"Training diverged: the loss became {loss:.3g} (or a gradient or weight "
        f"overflowed) after {state.n_iter} epoch(s). Training stopped and the weights "
        f"from the end of epoch {good_epoch} are kept. {advice}", ConvergenceWarning)


def warn_if_growing(loss_curve, warned):
    """Warn once per call when an epoch's loss is `GROWTH` times the lowest so far;
    returns whether a warning has been given."""
    if warned or len(loss_curve) < 2:
        return warned
    low = min(loss_curve[:-1])
    if loss_curve[-1] > GROWTH * max(low, 1e-12):
        warnings.warn(
            f"The training loss grew from {low:.3g} to {loss_curve[-1]:.3g} in epoch "
            f"{len(loss_curve)}: training is unstable. Lower learning_rate_init or set "
            f"clip_norm (e.g. 1.0).", ConvergenceWarning)
        return True
    return False


class DivergenceGuard:
    """The divergence guard of one `fit_stochastic` call.

    It keeps the last weights known good: weights from which a finite, not blown-up
    loss was computed (see `blew_up`). The weights at the start of an epoch become
    known good once that epoch's first step has checked them; until then the start of
    the epoch before is. On a bad step or non-finite weights it puts those back and
    warns (`diverged`), or raises when they are the random initial weights. It also
    warns, once, when an epoch's loss grows by orders of magnitude.
    """

    def __init__(self, state):
        self.state, self.stopped, self.warned = state, False, False
        self.highest = None  # highest minibatch loss of the call so far
        trained = state.n_iter > 0
        self.good, self.good_epoch = (state.params.copy(), state.n_iter) if trained \
            else (None, 0)

    def epoch_starts(self, params):
        self.start, self.start_epoch, self.checked = params.copy(), self.state.n_iter, False

    def step_is_sound(self, loss, grad):
        if blew_up(loss, grad, self.highest):
            self._stop(loss)
            return False
        if not self.checked:
            self.good, self.good_epoch, self.checked = self.start, self.start_epoch, True
        self.highest = loss if self.highest is None else max(self.highest, loss)
        return True

    def weights_are_finite(self, params):
        if np.all(np.isfinite(params)):
            return True
        self._stop(np.inf)  # an update overflowed
        return False

    def check_final_weights(self, model, data, rows, states):
        """Check the weights the last update left (no step has computed a loss from
        them yet; `weights_are_finite` has seen them); put the last good ones back when
        their loss blew up."""
        loss, grad = model.loss_grad(self.state.params, data, rows, rng=None,
                                     states=states)
        if blew_up(loss, grad, self.highest):
            self._stop(loss)

    def epoch_ends(self):
        self.warned = warn_if_growing(self.state.loss_curve, self.warned)

    def _stop(self, loss):
        self.stopped = True
        # epoch 0's weights are the random initial ones: nothing worth keeping
        diverged(self.state, self.good if self.good_epoch else None, self.good_epoch, loss)
