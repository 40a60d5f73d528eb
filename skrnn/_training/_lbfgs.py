"""Full-batch L-BFGS (scipy) on the flat parameter vector, as MLP's "lbfgs" solver."""
import time
import warnings

import numpy as np
from scipy import __version__ as scipy_version
from sklearn.exceptions import ConvergenceWarning

from ._batches import minibatches
from ._steps import diverged

# scipy >= 1.11 ends a minimisation whose callback raises StopIteration; before, the
# exception would escape, so a callback's request to stop is ignored there.
STOPPABLE = tuple(int(part) for part in scipy_version.split(".")[:2]) >= (1, 11)

CHUNK_ROWS = 512  # rows per loss_grad call: bounds the memory of a full-batch objective


def fit_lbfgs(model, data, state, config, monitor):
    """Minimise the whole objective (weighted mean loss plus L2) with L-BFGS-B.

    The objective must be deterministic, so dropout is not applied and there is no
    early stopping (as in MLP); ``max_iter`` bounds the iterations, ``tol`` is the
    gradient tolerance. Carried states (stateful training) are computed once, from the
    starting weights, and ``data.redraw`` is not called, so that the objective stays
    fixed. ``monitor`` sees every
    iteration as an epoch (see `train`); ``verbose`` prints one line per iteration.
    """
    from scipy.optimize import minimize

    params = state.params
    states = None if data.previous is None else model.carried_states(params, data)
    chunks = minibatches(data.lengths, CHUNK_ROWS, None, shuffle=False)
    steps = data.lengths if data.per_step else np.ones(data.n_samples)
    total = float(np.dot(data.sample_weight, steps))
    n_eff = float(data.sample_weight.sum())
    penalised, alpha = model.penalised, config.alpha
    history = []

    def objective(theta):
        params[:] = theta
        loss, grad = 0.0, np.zeros(theta.size)
        for rows in chunks:
            share = float(np.dot(data.sample_weight[rows], steps[rows])) / total
            if share:
                chunk_loss, chunk_grad = model.loss_grad(params, data, rows, rng=None,
                                                         states=states)
                loss += share * chunk_loss
                grad += share * chunk_grad
        if alpha:
            p = theta[penalised]
            loss += 0.5 * alpha * float(np.dot(p, p)) / n_eff
            grad[penalised] += (alpha / n_eff) * p
        return loss, grad

    clock = time.perf_counter()

    def iteration_ends(intermediate_result):
        history.append(float(intermediate_result.fun))
        if config.verbose:
            print(f"Iteration {state.n_iter + len(history)}, loss = {history[-1]:.8f}, "
                  f"time = {time.perf_counter() - clock:.2f}s", flush=True)
        if monitor.epoch_ends(intermediate_result.x) and STOPPABLE:
            raise StopIteration  # scipy ends the minimisation at this iterate
        monitor.epoch_begins()

    start = params.astype(np.float64)
    monitor.epoch_begins()
    result = minimize(objective, start, jac=True, method="L-BFGS-B",
                      callback=iteration_ends,
                      options={"maxiter": config.max_iter, "maxfun": 15000,
                               "gtol": config.tol})
    if not (np.all(np.isfinite(result.x)) and np.isfinite(result.fun)):
        diverged(state, None if state.n_iter == 0 else start.astype(params.dtype),
                 state.n_iter, result.fun)
        return
    params[:] = result.x
    state.n_iter += int(result.nit)
    state.loss_curve += history
    state.best_loss = float(result.fun) if state.best_loss is None else \
        min(state.best_loss, float(result.fun))
    if result.status == 1:
        warnings.warn(f"lbfgs failed to converge after {result.nit} iterations "
                      f"(max_iter={config.max_iter}): {result.message}. Increase "
                      f"max_iter or scale the data.", ConvergenceWarning)
