"""scikit-learn's own estimator checks, on small settings to keep them fast."""
from sklearn.utils.estimator_checks import parametrize_with_checks

from skrnn import RNNClassifier, RNNRegressor

SMALL = dict(hidden_size=8, max_iter=200, learning_rate_init=0.01, random_state=0,
             dtype="float64")


@parametrize_with_checks([RNNClassifier(**SMALL), RNNRegressor(**SMALL)])
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
