"""The estimators' training objective (head, loss, L2, sample weights, per-step targets)
against central finite differences in float64."""
import numpy as np
import pytest

from skrnn import RNNClassifier, RNNRegressor
from skrnn._data import check_sequences, check_targets_for_sequences


def _problem(per_step, classifier, seed=0):
    rng = np.random.RandomState(seed)
    X = [rng.normal(size=(L, 2)) for L in (3, 5, 2, 4)]
    if per_step:
        y = [rng.randint(0, 3, size=len(x)) if classifier else rng.normal(size=len(x))
             for x in X]
    else:
        y = np.array([0, 1, 2, 1]) if classifier else rng.normal(size=4)
    return X, y, rng.uniform(0.5, 2.0, size=4)


@pytest.mark.parametrize("per_step", [False, True], ids=["per-sequence", "per-step"])
@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_objective_gradient_matches_finite_differences(Estimator, per_step):
    X, y, w = _problem(per_step, Estimator is RNNClassifier)
    est = Estimator(cell="gru", hidden_size=3, bidirectional=True, alpha=0.3, max_iter=1,
                    dtype="float64", random_state=0).fit(X, y, sample_weight=w)
    batch = check_sequences(X, dtype=np.float64)
    y, mask = check_targets_for_sequences(batch, y)
    targets = est._rows_of_targets(est._encode_targets(y if mask is None else y[mask],
                                                       False), mask)
    rows = np.arange(len(X))

    def objective():
        return est._loss_grad(batch, rows, targets, mask, w, None)[0]

    _, grad = est._loss_grad(batch, rows, targets, mask, w, None)
    params = est.params_
    picks = np.random.RandomState(1).choice(params.size, size=40, replace=False)
    picks = np.concatenate([picks, np.arange(params.size - 8, params.size)])  # the head
    eps = 1e-6
    for i in picks:
        old = params[i]
        params[i] = old + eps
        up = objective()
        params[i] = old - eps
        down = objective()
        params[i] = old
        numeric = (up - down) / (2 * eps)
        assert abs(grad[i] - numeric) <= 1e-6 * max(1.0, abs(numeric)), i
