"""Static (per-sequence) inputs in the four inject modes: gradients against finite
differences, a task only a model that reads them can solve, both ways of passing them
(X's columns and the ``static`` argument, also routed as metadata through Pipeline and
GridSearchCV), persistence, and the errors by message."""
import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline

from _fd import assert_objective_gradient, numeric_gradient
from skrnn import RNNClassifier, RNNRegressor, load, save
from skrnn.preprocessing import SequenceScaler

MODES = ("par", "init", "pre", "merge")
LENGTHS = (5, 3, 7, 2, 6, 4)


def _ragged(seed=0, n_static=3):
    rng = np.random.RandomState(seed)
    X = [rng.normal(size=(L, 2)) for L in LENGTHS]
    return X, rng.normal(size=(len(X), n_static)) * 5 + 2, rng


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("settings", [
    dict(cell="lstm", bidirectional=True),
    dict(cell="gru", num_layers=2, pooling=["last", "attention"], patch_size=2),
], ids=["lstm-bi", "gru-2layers-attention-patch2"])
def test_static_objective_gradient_matches_finite_differences(mode, settings):
    X, S, rng = _ragged()
    y = rng.normal(size=(len(X), 2))
    est = RNNRegressor(hidden_size=3, alpha=0.1, max_iter=1, n_models=1,
                       dtype="float64", random_state=0, static_mode=mode,
                       **{"patch_size": 1, **settings}).fit(X, y, static=S)
    data = est._training_data(X, y, None, fresh=False, static=S)[0]
    assert data.static.shape == (len(X), 3)
    assert_objective_gradient(est, data, n_picks=60)


@pytest.mark.parametrize("mode", MODES)
def test_static_per_step_objective_gradient_matches_finite_differences(mode):
    X, S, rng = _ragged(1)
    y = [rng.randint(0, 3, size=len(x)) for x in X]
    est = RNNClassifier(hidden_size=3, max_iter=1, n_models=1, dtype="float64",
                        bidirectional=True, random_state=0, static_mode=mode).fit(
        X, y, static=S)
    assert [len(p) for p in est.predict(X, static=S)] == list(LENGTHS)
    assert_objective_gradient(est, est._training_data(X, y, None, fresh=False,
                                                      static=S)[0])


def _joint_task(n, seed):
    """The label needs the sequence and the static vector together: the sign of the
    sequence's (scaled) mean plus the first static feature."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 12, 1))
    S = rng.normal(size=(n, 2))
    return X, S, (X[:, :, 0].mean(axis=1) * np.sqrt(12) + S[:, 0] > 0).astype(int)


def test_every_mode_uses_a_static_input_a_model_without_it_cannot():
    X, S, y = _joint_task(300, 0)
    X_test, S_test, y_test = _joint_task(300, 1)
    options = dict(hidden_size=8, n_models=1, max_iter=60, learning_rate_init=0.01,
                   random_state=0)
    blind = RNNClassifier(**options).fit(X, y).score(X_test, y_test)
    assert blind < 0.75
    for mode in MODES:
        clf = RNNClassifier(static_mode=mode, **options).fit(X, y, static=S)
        assert clf.score(X_test, y_test, static=S_test) > 0.85, mode


def _long_frame(X, S):
    rows = [(f"s{i}", t, *x[t], *S[i]) for i, x in enumerate(X) for t in range(len(x))]
    frame = pd.DataFrame(rows, columns=["id", "time", "a", "b", "age", "size", "kind"])
    return frame.set_index(["id", "time"])


def test_static_columns_of_the_frame_equal_the_static_argument():
    X, S, rng = _ragged(2)
    y = np.array(list("ababab"))
    frame = _long_frame(X, S)
    options = dict(hidden_size=3, max_iter=5, n_models=2, static_mode="init",
                   random_state=0)
    by_columns = RNNClassifier(static_features=["age", "size", "kind"], **options).fit(
        frame, pd.Series(y, index=[f"s{i}" for i in range(6)]))
    by_argument = RNNClassifier(**options).fit(X, y, static=S)
    assert by_columns.n_static_in_ == by_argument.n_static_in_ == 3
    assert by_columns.n_features_in_ == 2
    np.testing.assert_array_equal(by_columns.predict_proba(frame),
                                  by_argument.predict_proba(X, static=S))
    shuffled = frame.sample(frac=1.0, random_state=0)  # rows in any order
    gradients = by_columns.input_gradients(shuffled)
    assert list(gradients.columns) == ["a", "b"] and gradients.index.equals(shuffled.index)
    np.testing.assert_array_equal(gradients.loc[frame.index].to_numpy(), np.concatenate(
        by_argument.input_gradients(X, static=S)))


def test_static_input_gradients_match_finite_differences_of_predict_proba():
    X, S, _ = _ragged(3)
    clf = RNNClassifier(hidden_size=3, max_iter=5, n_models=1, static_mode="pre",
                        dtype="float64", random_state=0).fit(X, list("abcabc"), static=S)
    grads = clf.input_gradients(X, target="b", static=S)
    b = list(clf.classes_).index("b")
    for i in (0, 3):
        def proba(i=i):
            return clf.predict_proba(X, static=S)[i, b]
        np.testing.assert_allclose(grads[i], numeric_gradient(proba, X[i]), rtol=1e-5,
                                   atol=1e-9)


def test_static_inputs_travel_as_metadata_through_pipeline_and_grid_search():
    X, S, y = _joint_task(60, 2)
    with sklearn.config_context(enable_metadata_routing=True):
        est = RNNClassifier(hidden_size=4, max_iter=3, n_models=1, random_state=0)
        est.set_fit_request(static=True).set_predict_request(static=True)
        est.set_score_request(static=True)
        pipe = make_pipeline(SequenceScaler(), est).fit(X, y, static=S)
        direct = RNNClassifier(hidden_size=4, max_iter=3, n_models=1, random_state=0)
        direct.fit(SequenceScaler().fit_transform(X), y, static=S)
        np.testing.assert_array_equal(pipe.predict(X, static=S),
                                      direct.predict(SequenceScaler().fit_transform(X),
                                                     static=S))
        cv = KFold(2)
        search = GridSearchCV(est, {"hidden_size": [4]}, cv=cv).fit(X, y, static=S)
        expected = [RNNClassifier(hidden_size=4, max_iter=3, n_models=1, random_state=0)
                    .fit(X[train], y[train], static=S[train])
                    .score(X[test], y[test], static=S[test])
                    for train, test in cv.split(X)]
        np.testing.assert_array_equal(
            [search.cv_results_[f"split{k}_test_score"][0] for k in range(2)], expected)


def test_static_model_round_trips_through_a_file_and_continues(tmp_path):
    X, S, rng = _ragged(4)
    y = rng.normal(size=len(X))
    reg = RNNRegressor(hidden_size=3, max_iter=3, n_models=2, static_mode="merge",
                       random_state=0).fit(X, y, static=S)
    save(reg, tmp_path / "m.skrnn")
    loaded = load(tmp_path / "m.skrnn")
    np.testing.assert_array_equal(loaded.predict(X, static=S), reg.predict(X, static=S))
    mean = reg._static_mean.copy()
    reg.partial_fit(X, y, static=S + 100.0)  # continues with the fitted scaling
    np.testing.assert_array_equal(reg._static_mean, mean)


@pytest.mark.parametrize("call,match", [
    (lambda est, X, S: est.predict(X),
     r"This RNNClassifier was fitted with 3 static feature\(s\): pass "
     r"static=<array \(n_samples, 3\)>\."),
    (lambda est, X, S: est.predict(X, static=S[:, :2]),
     r"static has 2 features, but this RNNClassifier was fitted with 3\."),
    (lambda est, X, S: est.predict(X, static=S[:4]),
     r"X has 6 sequences but static has 4 rows"),
    (lambda est, X, S: est.predict(X, static=S[:, 0]),
     r"static must be 2-D, \(n_samples, n_static\)"),
    (lambda est, X, S: est.predict(X, static=np.where(S > 3, np.nan, S)),
     r"Input static contains NaN"),
])
def test_static_errors_at_predict_name_what_to_pass(call, match):
    X, S, _ = _ragged(5)
    est = RNNClassifier(hidden_size=2, max_iter=1, n_models=1).fit(X, list("ababab"),
                                                                   static=S)
    with pytest.raises(ValueError, match=match):
        call(est, X, S)


def test_static_errors_at_fit_name_the_sequence_and_the_parameter():
    X, S, _ = _ragged(6)
    frame = _long_frame(X, S)
    frame.loc[("s2", 1), "size"] += 1.0
    y = pd.Series(list("ababab"), index=[f"s{i}" for i in range(6)])
    with pytest.raises(ValueError, match=r"Static feature 'size' varies within sequence "
                                         r"'s2': a static feature has one value per "
                                         r"sequence"):
        RNNClassifier(static_features=["size"], max_iter=1).fit(frame, y)
    with pytest.raises(ValueError, match=r"static_features names columns that X does "
                                         r"not have: \['weight'\]"):
        RNNClassifier(static_features=["weight"], max_iter=1).fit(frame, y)
    with pytest.raises(ValueError, match=r"either from X's columns named in "
                                         r"static_features or from the static argument"):
        RNNClassifier(static_features=["age"], max_iter=1).fit(frame, y, static=S)
    with pytest.raises(ValueError, match=r"static_features=\['age'\] names columns of a "
                                         r"DataFrame X indexed by \(sequence id, time\)"):
        RNNClassifier(static_features=["age"], max_iter=1).fit(X, list("ababab"))
    with pytest.raises(ValueError, match=r"static_mode='init' sets the initial state"):
        RNNClassifier(static_features=["age"], static_mode="init",
                      learn_initial_state=True, max_iter=1).fit(frame, y)
    plain = RNNClassifier(hidden_size=2, max_iter=1, n_models=1).fit(X, list("ababab"))
    with pytest.raises(ValueError, match=r"was fitted without static features; call it "
                                         r"without static"):
        plain.predict(X, static=S)
