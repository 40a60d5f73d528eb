"""`n_models` of the classifier and the regressor: an ensemble of networks trained on the
same data from their own seeds, whose predictions are averaged."""
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.utils._param_validation import InvalidParameterError

from skrnn import RNNClassifier, RNNRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SMALL = dict(hidden_size=4, max_iter=4, batch_size=8, random_state=0)


def _data(seed=0, n=24):
    rng = np.random.RandomState(seed)
    lengths = rng.randint(3, 9, size=n)  # unequal lengths in one batch
    X = [rng.randn(T, 2) for T in lengths]
    yc = np.array(["a", "b", "c"])[np.arange(n) % 3]
    yr = np.array([x[:, 0].sum() for x in X])
    return X, yc, yr


def _single(est, i):
    """A one-network estimator that trains exactly as member ``i`` of ``est`` does:
    member 0 with ``random_state`` itself, member i with RandomState([random_state, i])."""
    seed = est.random_state if i == 0 else np.random.RandomState([est.random_state, i])
    return clone(est).set_params(n_models=1, random_state=seed)


@pytest.mark.parametrize("n_models", [2, 3])
def test_classifier_averages_the_probabilities_of_its_networks(n_models):
    X, y, _ = _data()
    est = RNNClassifier(**SMALL, n_models=n_models).fit(X, y)
    singles = [_single(est, i).fit(X, y) for i in range(n_models)]
    assert len(est._members) == n_models
    for single, member in zip(singles, est._members, strict=True):
        np.testing.assert_array_equal(single.params_, member.params, strict=True)
    expected = np.mean([s.predict_proba(X) for s in singles], axis=0)
    proba = est.predict_proba(X)
    np.testing.assert_allclose(proba, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(est.predict(X), est.classes_[expected.argmax(axis=1)])
    # the first network is the one the fitted attributes and get_weights describe
    np.testing.assert_array_equal(est.params_, singles[0].params_, strict=True)
    assert est.loss_curve_ == singles[0].loss_curve_
    for name, value in singles[0].get_weights().items():
        np.testing.assert_array_equal(est.get_weights()[name], value)


def test_one_model_is_the_model_without_an_ensemble():
    X, y, _ = _data()
    one = RNNClassifier(**SMALL).fit(X, y)
    three = RNNClassifier(**SMALL, n_models=3).fit(X, y)
    np.testing.assert_array_equal(one.params_, three.params_, strict=True)
    assert not np.array_equal(three._members[1].params, three._members[0].params)
    assert not np.array_equal(three._members[2].params, three._members[1].params)


def test_regressor_averages_its_networks_predictions():
    X, _, y = _data()
    est = RNNRegressor(**SMALL, n_models=3).fit(X, y)
    expected = np.mean([_single(est, i).fit(X, y).predict(X) for i in range(3)], axis=0)
    np.testing.assert_allclose(est.predict(X), expected, rtol=1e-5, atol=1e-6)


def test_per_step_targets_average_step_by_step():
    X, _, _ = _data()
    y = [np.cumsum(x[:, 0]) for x in X]  # one target per real step, unequal lengths
    est = RNNRegressor(**SMALL, n_models=2).fit(X, y)
    singles = [_single(est, i).fit(X, y).predict(X) for i in range(2)]
    pred = est.predict(X)
    assert [len(p) for p in pred] == [len(x) for x in X]
    for k, p in enumerate(pred):
        np.testing.assert_allclose(p, (singles[0][k] + singles[1][k]) / 2, rtol=1e-5,
                                   atol=1e-6)


def test_warm_start_and_partial_fit_continue_every_network():
    X, y, _ = _data()
    est = RNNClassifier(**SMALL, n_models=2).fit(X, y)
    before = [m.params.copy() for m in est._members]
    est.partial_fit(X, y)
    for old, member in zip(before, est._members, strict=True):
        assert not np.array_equal(old, member.params)
    # the same as continuing each network on its own
    reference = [_single(est, i).fit(X, y).partial_fit(X, y) for i in range(2)]
    for single, member in zip(reference, est._members, strict=True):
        np.testing.assert_array_equal(single.params_, member.params, strict=True)
    est.set_params(warm_start=True, max_iter=2).fit(X, y)
    assert len(est._members) == 2


def test_changing_n_models_under_warm_start_is_an_error_that_changes_nothing():
    X, y, _ = _data()
    est = RNNClassifier(**SMALL, n_models=2).fit(X, y)
    before = [m.params.copy() for m in est._members]
    with pytest.raises(ValueError, match=r"continues the 2 fitted network\(s\); "
                                         r"n_models=3 cannot change"):
        est.set_params(warm_start=True, n_models=3).fit(X, y)
    with pytest.raises(ValueError, match="partial_fit continues the 2"):
        est.partial_fit(X, y)
    assert len(est._members) == 2
    for old, member in zip(before, est._members, strict=True):
        np.testing.assert_array_equal(old, member.params, strict=True)


def test_a_failed_continued_fit_leaves_the_ensemble_as_it_was():
    X, y, _ = _data()
    est = RNNClassifier(**SMALL, n_models=2, warm_start=True).fit(X, y)
    before = [m.params.copy() for m in est._members]
    proba = est.predict_proba(X)
    with pytest.raises(ValueError, match="labels"):
        est.fit(X, np.where(y == "a", "z", y))  # a label the model has never seen
    for old, member in zip(before, est._members, strict=True):
        np.testing.assert_array_equal(old, member.params, strict=True)
    np.testing.assert_array_equal(est.predict_proba(X), proba)


def test_weights_built_estimator_is_one_network():
    X, y, _ = _data()
    fitted = RNNClassifier(**SMALL, n_models=1).fit(X, y)
    est = RNNClassifier(**SMALL, n_models=3).set_weights(fitted.get_weights(),
                                                          classes=fitted.classes_)
    assert len(est._members) == 1
    np.testing.assert_allclose(est.predict_proba(X), fitted.predict_proba(X), rtol=1e-6)
    with pytest.raises(ValueError, match="set n_models=1 to continue"):
        est.set_params(warm_start=True).fit(X, y)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "3"])
def test_n_models_is_validated(bad):
    X, y, _ = _data()
    with pytest.raises(InvalidParameterError, match="n_models"):
        RNNClassifier(n_models=bad).fit(X, y)


def test_set_weights_on_a_fitted_ensemble_leaves_one_network_of_those_weights():
    X, y, _ = _data()
    one = RNNClassifier(**SMALL, n_models=1).fit(X, y)
    est = RNNClassifier(**dict(SMALL, random_state=5), n_models=3).fit(X, y)
    est.set_weights(one.get_weights())
    assert len(est._members) == 1 and est._members[0] is est._state
    np.testing.assert_array_equal(est.predict_proba(X), one.predict_proba(X))
    with pytest.raises(ValueError, match="set n_models=1 to continue"):
        est.set_params(warm_start=True).fit(X, y)
