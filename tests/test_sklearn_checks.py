"""scikit-learn's own estimator checks, on small settings to keep them fast."""
import pytest
from sklearn.utils.estimator_checks import (check_sample_weight_equivalence_on_dense_data,
                                            parametrize_with_checks)

from skrnn import EchoStateEncoder, RNNClassifier, RNNRegressor
from skrnn.preprocessing import SequenceDifferencer, WindowAggregator

SMALL = dict(hidden_size=8, max_iter=200, learning_rate_init=0.01, random_state=0, n_models=1,
             dtype="float64")

MINIBATCH_REASON = (
    "Minibatch training: repeating a sample (what this check compares a weight of 2 with) "
    "changes the minibatches and the random stream, so the two fits differ, as for "
    "MLPClassifier with solver='sgd'. With full-batch, unshuffled training they must "
    "agree, and test_sample_weight_equals_repetition_with_full_batch checks exactly that.")


def expected_failures(estimator):
    # The regressor's instance trains full-batch (batch_size=1000), so it passes; the
    # classifier's keeps minibatches and does not.
    if isinstance(estimator, RNNClassifier) and estimator.solver != "lbfgs":
        return {"check_sample_weight_equivalence_on_dense_data": MINIBATCH_REASON}
    return {}


@parametrize_with_checks([RNNClassifier(**SMALL), RNNRegressor(**dict(SMALL, batch_size=1000)),
                          # 10 L-BFGS iterations: by 20 the rounding differences between
                          # a weight of 2 and a repeated row grow past the check's 1e-7
                          RNNClassifier(**dict(SMALL, solver="lbfgs", max_iter=10)),
                          # an ensemble of two networks averaging their probabilities
                          RNNClassifier(**dict(SMALL, n_models=2, max_iter=100))],
                         expected_failed_checks=expected_failures)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


# No expected failures: the reservoir is drawn from random_state alone, and fit learns
# nothing from the data but its shape.
@parametrize_with_checks([EchoStateEncoder(n_reservoir=8),
                          EchoStateEncoder(n_reservoir=6, pooling="concat", washout=2,
                                           leak_rate=0.5, dtype="float64"),
                          # window 2: the checks' 2-D X have as few as 2 columns (steps)
                          WindowAggregator(window=2),
                          WindowAggregator(window=2, statistics=("mean", "std", "log_std",
                                                                 "min", "max", "last")),
                          SequenceDifferencer(),
                          SequenceDifferencer(order=2, keep_original=False)])
def test_sklearn_compatible_transformer(estimator, check):
    check(estimator)


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_sample_weight_equals_repetition_with_full_batch(Estimator):
    estimator = Estimator(**dict(SMALL, max_iter=30, batch_size=100_000, shuffle=False))
    check_sample_weight_equivalence_on_dense_data(Estimator.__name__, estimator)
