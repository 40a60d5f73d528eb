"""Per-step targets with gaps: a missing target (NaN, None) means no target at that step,
left out of the loss, the validation score and `score`; checked against finite
differences, against fits on the same data without those steps, and by message."""
import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from _fd import assert_objective_gradient
from skrnn import RNNClassifier, RNNRegressor

LENGTHS = (6, 4, 7, 5)


def _sequences(seed=0):
    rng = np.random.RandomState(seed)
    return [rng.normal(size=(L, 2)) for L in LENGTHS], rng


def _with_gaps(y, gaps):
    y = [np.array(t, dtype=float) for t in y]
    for i, t in gaps:
        y[i][t] = np.nan
    return y


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_objective_with_gaps_has_the_finite_difference_gradient(Estimator):
    X, rng = _sequences()
    y = [rng.randint(0, 3, size=len(x)) for x in X] if Estimator is RNNClassifier \
        else [rng.normal(size=len(x)) for x in X]
    y = _with_gaps(y, [(0, 1), (0, 4), (2, 0), (3, 4)])
    est = Estimator(cell="gru", hidden_size=3, bidirectional=True, alpha=0.2, max_iter=1,
                    n_models=1, dtype="float64", random_state=0).fit(
        X, y, sample_weight=[1.0, 2.0, 0.5, 1.5])
    data = est._training_data(X, y, np.array([1.0, 2.0, 0.5, 1.5]), fresh=False)[0]
    assert data.observed is not None and data.observed.sum() == sum(LENGTHS) - 4
    assert_objective_gradient(est, data)


def test_trailing_gaps_train_exactly_as_the_sequences_cut_before_them():
    """A forward network's output at step t reads steps 0..t only, so targets missing
    at the end of a sequence are the same objective as that sequence cut short."""
    X, rng = _sequences(1)
    y = [rng.normal(size=len(x)) for x in X]
    cut = [4, 4, 3, 5]
    gappy = [np.concatenate([t[:c], np.full(len(t) - c, np.nan)]) for t, c in zip(y, cut)]
    options = dict(cell="lstm", hidden_size=3, solver="lbfgs", max_iter=15, n_models=1,
                   dtype="float64", random_state=0)
    with_gaps = RNNRegressor(**options).fit(X, gappy)
    short = RNNRegressor(**options).fit([x[:c] for x, c in zip(X, cut)],
                                        [t[:c] for t, c in zip(y, cut)])
    np.testing.assert_allclose(with_gaps.params_, short.params_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(with_gaps.loss_curve_, short.loss_curve_, rtol=1e-10)


def test_classifier_labels_with_gaps_score_only_the_labelled_steps():
    X, rng = _sequences(2)
    y = [rng.choice(np.array(["a", "b", "c"], dtype=object), size=len(x)) for x in X]
    y[0][2], y[1][0], y[3][1] = None, np.nan, None
    clf = RNNClassifier(hidden_size=4, max_iter=30, n_models=1, learning_rate_init=0.02,
                        random_state=0).fit(X, y)
    assert clf.classes_.tolist() == ["a", "b", "c"]
    predicted = clf.predict(X)
    assert [len(p) for p in predicted] == list(LENGTHS)  # a prediction at every step
    labelled = [np.array([v is not None and v == v for v in t]) for t in y]
    correct = np.concatenate([p[m] == t[m] for p, t, m in zip(predicted, y, labelled)])
    assert clf.score(X, y) == pytest.approx(correct.mean())
    weights = np.array([1.0, 3.0, 1.0, 2.0])
    expected = np.average(correct, weights=np.concatenate(
        [np.full(m.sum(), w) for m, w in zip(labelled, weights)]))
    assert clf.score(X, y, sample_weight=weights) == pytest.approx(expected)


def test_gaps_work_with_class_weights_early_stopping_and_cross_validation():
    rng = np.random.RandomState(3)
    X = [rng.normal(size=(L, 1)) for L in rng.randint(4, 9, size=40)]
    y = [(x[:, 0] > 0).astype(float) for x in X]
    for t in y[::3]:
        t[1] = np.nan
    y[5][:] = np.nan  # a sequence without any target: it adds nothing
    clf = RNNClassifier(hidden_size=4, max_iter=5, n_models=1, early_stopping=True,
                        class_weight="balanced", random_state=0).fit(X, y)
    assert np.isfinite(clf.validation_scores_).all()
    assert clf.classes_.tolist() == [0.0, 1.0]
    scores = cross_val_score(RNNRegressor(hidden_size=4, max_iter=5, n_models=1,
                                          random_state=0), X, y, cv=2)
    assert np.isfinite(scores).all()


@pytest.mark.parametrize("y,match", [
    ([np.array([[1.0, np.nan], [1.0, 2.0], [0.0, 1.0]]), np.ones((2, 2))],
     r"y is missing at y\[0\]\[0\] \(sequence 0, time step 0, output 1\) but not at the "
     r"other outputs of that step\. A missing target \(NaN\) means no target at that "
     r"step: mark all of its outputs missing, or none\."),
    ([np.full(3, np.nan), np.full(2, np.nan)],
     r"y has no target at any step: every per-step target is missing \(NaN\)\."),
    ([np.array([1.0, np.nan, np.inf]), np.ones(2)],
     r"infinity at y\[0\]\[2\] \(sequence 0, time step 2\)"),
])
def test_gaps_that_cannot_be_meant_are_errors(y, match):
    X = [np.zeros((3, 1)), np.ones((2, 1))]
    with pytest.raises(ValueError, match=match):
        RNNRegressor(hidden_size=2, max_iter=1).fit(X, y)


def test_a_missing_per_sequence_target_stays_an_error():
    X, _ = _sequences(4)
    with pytest.raises(ValueError, match="NaN"):
        RNNRegressor(hidden_size=2, max_iter=1).fit(X, [1.0, np.nan, 2.0, 3.0])
