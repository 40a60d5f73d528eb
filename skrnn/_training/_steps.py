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


def diverged(state, good_params, loss):
    """Keep ``good_params`` and say so: the loss or a gradient is not finite."""
    state.params[:] = good_params
    warnings.warn(
        f"Training diverged in epoch {state.n_iter + 1}: the loss became {loss} (or a "
        f"gradient did). Training stopped and the weights from the end of epoch "
        f"{state.n_iter} are kept. Lower learning_rate_init, or set clip_norm "
        f"(e.g. 1.0).", ConvergenceWarning)
