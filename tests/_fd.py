"""Central finite differences, the one reference every gradient test compares with."""
import numpy as np

from skrnn._training._steps import add_penalty

EPS = 1e-6


def numeric_gradient(f, x, picks=None, eps=EPS):
    """Central differences of scalar ``f()`` with respect to the entries of ``x``.

    ``x`` is perturbed in place and restored; ``picks`` are flat positions (all by
    default). Returns an array shaped like ``x``, zero where not picked.
    """
    g = np.zeros_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size) if picks is None else picks:
        old = flat[i]
        flat[i] = old + eps
        up = f()
        flat[i] = old - eps
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return g


def assert_objective_gradient(est, data, n_picks=40, seed=1, tol=1e-6):
    """A fitted estimator's training objective on ``data`` (its model's weighted mean
    loss plus the L2 term, as one minibatch of every row) has the gradient finite
    differences give, at ``n_picks`` random parameters and the last 8 (the head's)."""
    model, params = est._model, est.params_
    rows = np.arange(data.n_samples)
    n_eff = float(data.sample_weight.sum())

    def objective(with_grad=False):
        loss, grad = model.loss_grad(params, data, rows)
        loss = add_penalty(loss, grad, params, model.penalised, est.alpha, n_eff)
        return (loss, grad) if with_grad else loss

    _, grad = objective(with_grad=True)
    picks = np.random.RandomState(seed).choice(params.size, size=n_picks, replace=False)
    picks = np.concatenate([picks, np.arange(params.size - 8, params.size)])
    numeric = numeric_gradient(objective, params, picks)
    for i in picks:
        assert abs(grad[i] - numeric[i]) <= tol * max(1.0, abs(numeric[i])), i
