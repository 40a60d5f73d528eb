"""The estimators' training objective (head, loss, L2, sample and class weights, per-step
targets) against central finite differences in float64."""
import numpy as np
import pytest

from skrnn import RNNClassifier, RNNRegressor
from _fd import assert_objective_gradient


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
    data = est._training_data(X, y, w, fresh=False)[0]
    assert_objective_gradient(est, data)


@pytest.mark.parametrize("settings", [dict(pooling=["last", "attention"], patch_size=2),
                                      dict(pooling="max", bidirectional=True),
                                      dict(pooling="mean", cell="lstm", init="orthogonal",
                                           forget_bias=1.0)],
                         ids=["last+attention-patch2", "max-bi", "mean-lstm-orthogonal"])
@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_pooled_and_patched_objective_gradient_matches_finite_differences(Estimator,
                                                                          settings):
    X, y, w = _problem(False, Estimator is RNNClassifier)
    est = Estimator(**{**dict(cell="gru", hidden_size=3, alpha=0.3, max_iter=1,
                              dtype="float64", random_state=0), **settings}
                    ).fit(X, y, sample_weight=w)
    assert_objective_gradient(est, est._training_data(X, y, w, fresh=False)[0])
