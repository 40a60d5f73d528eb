"""`input_gradients` (saliency) against central finite differences of `predict_proba`
and `predict` in float64, in every input container, and its errors by message."""
import numpy as np
import pandas as pd
import pytest

from skrnn import RNNClassifier, RNNRegressor

LENGTHS = (5, 3, 7, 2, 6, 4)


def _sequences(seed=0, n_features=2):
    rng = np.random.RandomState(seed)
    return [rng.normal(size=(L, n_features)) for L in LENGTHS], rng


def _finite_differences(output, X, eps=1e-6):
    """d output(X)[i] / d X[i][t, f] for every sequence i, step t and feature f."""
    grads = []
    for i, x in enumerate(X):
        g = np.zeros_like(x)
        for t in range(x.shape[0]):
            for f in range(x.shape[1]):
                up = [a.copy() for a in X]
                down = [a.copy() for a in X]
                up[i][t, f] += eps
                down[i][t, f] -= eps
                g[t, f] = (output(up)[i] - output(down)[i]) / (2 * eps)
        grads.append(g)
    return grads


def _assert_close(actual, expected):
    assert len(actual) == len(expected)
    scale = max(np.abs(e).max() for e in expected)
    assert scale > 1e-4  # the test must be able to fail
    for a, e in zip(actual, expected):
        assert a.shape == e.shape
        np.testing.assert_allclose(a, e, rtol=1e-5, atol=1e-7 * scale)


CLASSIFIERS = [
    dict(cell="gru", bidirectional=True, pooling=["last", "attention"], patch_size=2,
         n_models=2),
    dict(cell="lstm", num_layers=2, pooling="mean", patch_size=1, n_models=1,
         learn_initial_state=True),
    dict(cell="peephole_lstm", patch_size=3, n_models=1),
]


@pytest.mark.parametrize("settings", CLASSIFIERS, ids=["gru-bi-attention-patch2-ensemble",
                                                       "lstm-2layers-mean-h0",
                                                       "peephole-patch3"])
def test_classifier_saliency_is_the_gradient_of_the_predicted_probability(settings):
    X, _ = _sequences()
    y = np.array(list("abcabc"))
    clf = RNNClassifier(hidden_size=3, max_iter=5, dtype="float64", random_state=0,
                        **settings).fit(X, y)
    predicted = clf.predict_proba(X).argmax(axis=1)
    expected = _finite_differences(
        lambda Z: clf.predict_proba(Z)[np.arange(len(Z)), predicted], X)
    _assert_close(clf.input_gradients(X), expected)


def test_classifier_saliency_of_a_given_class_one_or_per_sequence():
    X, _ = _sequences(1)
    y = np.array(list("abcabc"))
    clf = RNNClassifier(hidden_size=3, max_iter=5, n_models=1, dtype="float64",
                        random_state=0).fit(X, y)
    b = list(clf.classes_).index("b")
    _assert_close(clf.input_gradients(X, target="b"),
                  _finite_differences(lambda Z: clf.predict_proba(Z)[:, b], X))
    per_sequence = np.array(list("ccbbaa"))
    columns = np.searchsorted(clf.classes_, per_sequence)
    _assert_close(clf.input_gradients(X, target=per_sequence), _finite_differences(
        lambda Z: clf.predict_proba(Z)[np.arange(len(Z)), columns], X))


def test_regressor_saliency_is_in_the_units_of_y_for_the_chosen_output():
    X, rng = _sequences(2)
    y = np.column_stack([rng.normal(size=6) * 100 + 5, rng.normal(size=6)])
    reg = RNNRegressor(cell="rnn", hidden_size=3, bidirectional=True, pooling="max",
                       max_iter=5, n_models=2, dtype="float64", random_state=0).fit(X, y)
    _assert_close(reg.input_gradients(X, target=0),
                  _finite_differences(lambda Z: reg.predict(Z)[:, 0], X))
    index = np.array([1, 0, 1, 0, 1, 0])
    _assert_close(reg.input_gradients(X, target=index), _finite_differences(
        lambda Z: reg.predict(Z)[np.arange(len(Z)), index], X))


@pytest.mark.filterwarnings("ignore:X has feature names")
def test_saliency_comes_back_in_the_callers_container():
    rng = np.random.RandomState(3)
    X3 = rng.normal(size=(6, 5, 2))
    y = np.array(list("ababab"))
    clf = RNNClassifier(hidden_size=3, max_iter=3, n_models=1, random_state=0).fit(X3, y)
    as_list = clf.input_gradients(list(X3))
    g3 = clf.input_gradients(X3)
    assert isinstance(g3, np.ndarray) and g3.shape == X3.shape and g3.dtype == np.float32
    np.testing.assert_array_equal(g3, np.stack(as_list))
    # a long (id, time) frame, rows shuffled: X's own index, columns and row order
    frame = pd.DataFrame(X3.reshape(-1, 2), columns=["u", "v"],
                         index=pd.MultiIndex.from_product([list("pqrstu"), range(5)],
                                                          names=["id", "time"]))
    shuffled = frame.sample(frac=1.0, random_state=0)
    g = clf.input_gradients(shuffled)
    assert isinstance(g, pd.DataFrame) and g.index.equals(shuffled.index)
    assert list(g.columns) == ["u", "v"]
    np.testing.assert_array_equal(g.loc[frame.index].to_numpy(), g3.reshape(-1, 2))
    # univariate 2-D input: (n_samples, n_timesteps)
    X2 = X3[:, :, 0]
    clf2 = RNNClassifier(hidden_size=3, max_iter=3, n_models=1, random_state=0).fit(X2, y)
    g2 = clf2.input_gradients(X2)
    assert g2.shape == X2.shape
    np.testing.assert_array_equal(g2, clf2.input_gradients(X2[:, :, None])[:, :, 0])


def test_saliency_leaves_the_model_as_it_was():
    X, _ = _sequences(4)
    y = np.array(list("ababab"))
    clf = RNNClassifier(hidden_size=3, max_iter=3, n_models=2, random_state=0).fit(X, y)
    before = [p.copy() for p in clf._member_params()]
    proba = clf.predict_proba(X)
    clf.input_gradients(X)
    for p, q in zip(before, clf._member_params()):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(clf.predict_proba(X), proba)


@pytest.mark.parametrize("target,match", [
    ("z", r"target holds \['z'\], which are not classes of this model; classes_ is "
          r"\['a', 'b'\]\."),
    (np.array(["a", "b"]), r"target must be one label of classes_ or one per sequence "
                           r"\(6\), got an array of shape \(2,\)\."),
])
def test_classifier_saliency_rejects_an_unknown_target(target, match):
    X, _ = _sequences(5)
    clf = RNNClassifier(hidden_size=2, max_iter=1, n_models=1).fit(X, list("ababab"))
    with pytest.raises(ValueError, match=match):
        clf.input_gradients(X, target=target)


def test_regressor_saliency_errors_name_the_output_to_choose():
    X, rng = _sequences(6)
    reg = RNNRegressor(hidden_size=2, max_iter=1, n_models=1).fit(X, rng.normal(size=(6, 2)))
    with pytest.raises(ValueError, match=r"This RNNRegressor has 2 outputs: pass target, "
                                         r"the index \(0\.\.1\) of the one to explain"):
        reg.input_gradients(X)
    with pytest.raises(ValueError, match=r"target must be an output index in 0\.\.1"):
        reg.input_gradients(X, target=2)


def test_saliency_of_a_per_step_model_is_an_error():
    X, rng = _sequences(7)
    y = [rng.randint(0, 2, size=len(x)) for x in X]
    clf = RNNClassifier(hidden_size=2, max_iter=1, n_models=1).fit(X, y)
    with pytest.raises(ValueError, match="input_gradients explains one prediction per "
                                         "sequence; this RNNClassifier was fitted on "
                                         "per-step targets"):
        clf.input_gradients(X)
