"""RNNClassifier / RNNRegressor behaviour: formats, sklearn integration, training
features and errors. Small, seeded problems."""
import pickle
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, cross_val_score

from skrnn import RNNClassifier, RNNRegressor

FAST = dict(hidden_size=6, max_iter=30, learning_rate_init=0.02, random_state=0, n_models=1)


def ragged(n=40, seed=0):
    """Unequal-length 2-channel sequences; the label is the sign of channel 0's sum."""
    rng = np.random.RandomState(seed)
    X = [rng.normal(size=(rng.randint(3, 12), 2)) for _ in range(n)]
    y = np.array(["pos" if x[:, 0].sum() > 0 else "neg" for x in X])
    return X, y


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def test_ragged_list_input_learns_and_predicts_labels():
    X, y = ragged(80)
    clf = RNNClassifier(**dict(FAST, max_iter=60)).fit(X, y)
    assert clf.classes_.tolist() == ["neg", "pos"]
    assert clf.score(X, y) > 0.85
    proba = clf.predict_proba(X)
    assert proba.shape == (80, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba))


def test_pandas_multiindex_input_aligns_y_by_id_and_records_feature_names():
    X, y = ragged(30)
    frames = [pd.DataFrame(x, columns=["a", "b"]).assign(id=f"s{i}", t=np.arange(len(x)))
              for i, x in enumerate(X)]
    df = pd.concat(frames).set_index(["id", "t"])
    y_series = pd.Series(y, index=[f"s{i}" for i in range(30)])[::-1]  # shuffled order
    clf = RNNClassifier(**FAST).fit(df, y_series)
    assert clf.feature_names_in_.tolist() == ["a", "b"]
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_list = clf.predict(X)
    pred = clf.predict(df)
    assert isinstance(pred, pd.Series)
    assert pred.index.tolist() == [f"s{i}" for i in range(30)] and pred.index.name == "id"
    np.testing.assert_array_equal(pred.to_numpy(), from_list)
    # the ids follow X's order of first appearance, whatever it is
    backwards = df.loc[[f"s{i}" for i in range(29, -1, -1)]]
    assert clf.predict(backwards).equals(pred[::-1])
    # probabilities stay an array: scikit-learn's scorers index their columns by position
    assert isinstance(clf.predict_proba(df), np.ndarray)


def test_regressor_predicts_pandas_by_id_for_one_and_several_outputs():
    X, _ = ragged(20)
    df = pd.concat([pd.DataFrame(x, columns=["a", "b"]) for x in X], keys=[f"q{i}" for i in
                   range(20)], names=["id", "t"])
    y = np.column_stack([np.arange(20.0), -np.arange(20.0)])
    one = RNNRegressor(**FAST).fit(df, y[:, 0]).predict(df)
    two = RNNRegressor(**FAST).fit(df, y).predict(df)
    assert isinstance(one, pd.Series) and one.index.tolist() == [f"q{i}" for i in range(20)]
    assert isinstance(two, pd.DataFrame) and two.shape == (20, 2)
    assert two.index.equals(one.index) and two.columns.tolist() == [0, 1]
    np.testing.assert_array_equal(
        RNNRegressor(**FAST).fit(X, y[:, 0]).predict(X), one.to_numpy())


def test_same_seed_gives_bit_identical_predictions_and_pickle_round_trips():
    X, y = ragged()
    a = RNNClassifier(**FAST).fit(X, y)
    b = RNNClassifier(**FAST).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    c = pickle.loads(pickle.dumps(a))
    np.testing.assert_array_equal(c.predict_proba(X), a.predict_proba(X))
    path = joblib.dump(a, __import__("tempfile").mktemp(suffix=".joblib"))[0]
    np.testing.assert_array_equal(joblib.load(path).predict_proba(X), a.predict_proba(X))


def test_clone_and_cross_val_score_on_ragged_input():
    X, y = ragged(60)
    clf = RNNClassifier(**FAST)
    assert clone(clf).get_params() == clf.get_params()
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,) and np.all(scores > 0.5)


def test_grid_search_over_architecture_in_parallel_on_ragged_input():
    X, y = ragged(48)
    grid = {"cell": ["lstm", "gru"], "hidden_size": [4, 6], "num_layers": [1, 2],
            "bidirectional": [False, True]}
    search = GridSearchCV(RNNClassifier(max_iter=5, random_state=0), grid, cv=2, n_jobs=2)
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 16
    assert set(search.best_params_) == set(grid)
    assert search.predict(X).shape == (48,)


def test_regressor_multi_output_and_bidirectional_stack():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 7, 3))
    Y = np.stack([X[:, :, 0].mean(axis=1), X[:, -1, 1]], axis=1)
    reg = RNNRegressor(**dict(FAST, max_iter=150, num_layers=2, bidirectional=True,
                              dropout=0.1)).fit(X, Y)
    assert reg.predict(X).shape == (60, 2) and reg.predict(X).dtype == np.float64
    assert reg.score(X, Y) > 0.7


def test_many_to_many_tagging_with_unequal_lengths():
    rng = np.random.RandomState(0)
    X = [rng.normal(size=(rng.randint(2, 9), 1)) for _ in range(50)]
    y = [np.where(x[:, 0] > 0, "hi", "lo") for x in X]  # a label per step
    clf = RNNClassifier(**dict(FAST, max_iter=60)).fit(X, y)
    assert clf.per_step_
    pred = clf.predict(X)
    assert [len(p) for p in pred] == [len(x) for x in X]
    accuracy = np.mean(np.concatenate(pred) == np.concatenate(y))
    assert accuracy > 0.9


def test_warm_start_continues_training():
    X, y = ragged()
    clf = RNNClassifier(**dict(FAST, max_iter=5, warm_start=True)).fit(X, y)
    first = clf.params_.copy()
    clf.fit(X, y)
    assert clf.n_iter_ == 10 and len(clf.loss_curve_) == 10
    assert not np.array_equal(first, clf.params_)


def test_early_stopping_keeps_the_best_validation_score():
    X, y = ragged(80)
    clf = RNNClassifier(**dict(FAST, max_iter=40, early_stopping=True,
                               n_iter_no_change=3)).fit(X, y)
    assert len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None


def test_gradient_clipping():
    from skrnn._training._steps import clip
    g = np.array([3.0, -0.2, 0.1, 4.0])
    clip(g, clip_value=0.5, clip_norm=1.0)
    assert np.abs(g).max() <= 0.5 + 1e-12
    assert np.linalg.norm(g) <= 1.0 + 1e-12


def test_verbose_prints_one_line_per_epoch(capsys):
    X, y = ragged(20)
    RNNClassifier(**dict(FAST, max_iter=3, verbose=True)).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith("Epoch 1, loss = ")


# --------------------------------------------------------------------- bad input
@pytest.mark.parametrize("X, match", [
    (np.zeros(5), "1-D array"),
    (np.zeros((2, 3, 4, 5)), "4-D array"),
    (np.zeros((0, 4, 1)), "0 sample"),
    ([np.zeros((3, 1)), np.zeros((0, 1))], "0 time steps"),
    (np.array([[[0.0], [np.nan], [1.0]], [[0.0], [1.0], [2.0]]]), "NaN"),
    ([np.zeros((3, 1)), np.array([[1.0], [np.inf]])], "inf"),
])
def test_bad_X_is_a_clear_error(X, match):
    y = np.arange(len(X)) % 2 if len(X) else np.array([])
    with pytest.raises(ValueError, match=match):
        RNNClassifier(max_iter=1).fit(X, y)


def test_feature_count_differing_from_fit_is_an_error():
    X, y = ragged(10)
    clf = RNNClassifier(max_iter=1).fit(X, y)
    with pytest.raises(ValueError, match="3 features"):
        clf.predict([np.zeros((4, 3))])


def test_mismatched_X_and_y_lengths():
    X, y = ragged(10)
    with pytest.raises(ValueError, match="10"):
        RNNClassifier(max_iter=1).fit(X, y[:7])


def test_single_class_is_an_error():
    X, _ = ragged(10)
    with pytest.raises(ValueError, match="only one class"):
        RNNClassifier(max_iter=1).fit(X, ["a"] * 10)


@pytest.mark.parametrize("params, match", [
    ({"cell": "transformer"}, "'cell' parameter"),
    ({"hidden_size": -3}, "'hidden_size' parameter"),
])
def test_invalid_hyperparameters(params, match):
    X, y = ragged(10)
    with pytest.raises(ValueError, match=match):
        RNNClassifier(**params).fit(X, y)


def test_momentum_is_used_by_sgd_only():
    X, y = ragged(10)
    for solver, expected in (("sgd", 0.9), ("rmsprop", 0.0)):
        clf = RNNClassifier(solver=solver, momentum=0.9, max_iter=1).fit(X, y)
        assert getattr(clf._state.optimizer, "momentum", 0.0) == expected


def test_classifier_regressor_forecaster_and_encoder_share_the_recipe_defaults():
    import inspect
    from skrnn import RNNEncoder, RNNForecaster
    from skrnn._estimators._base import BaseRNN
    recipe = dict(batch_size="auto", learning_rate="adaptive", clip_norm=1.0,
                  init="orthogonal", forget_bias=1.0)  # the panels' recipe
    base = {k: v.default for k, v in inspect.signature(BaseRNN.__init__).parameters.items()}
    for cls in (RNNClassifier, RNNRegressor, RNNForecaster, RNNEncoder):
        params = inspect.signature(cls.__init__).parameters
        for name, default in base.items():
            if name in recipe:
                default = recipe[name]
            assert params[name].default == default, (cls.__name__, name)


def test_partial_fit_needs_classes_first_and_rejects_unknown_labels():
    X, y = ragged(20)
    clf = RNNClassifier(hidden_size=4, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[:10], y[:10], classes=["neg", "pos", "zero"])
    clf.partial_fit(X[10:], y[10:])
    assert clf.classes_.tolist() == ["neg", "pos", "zero"] and clf.n_iter_ == 2
    assert clf.predict_proba(X).shape == (20, 3)
    with pytest.raises(ValueError, match=r"labels \['up'\] that are not in classes"):
        clf.partial_fit(X[:2], ["up", "neg"])
    clf.fit(X, y)  # a full fit forgets the declared classes
    assert clf.classes_.tolist() == ["neg", "pos"]


def test_regressor_partial_fit_continues():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 5, 1))
    y = X[:, :, 0].sum(axis=1)
    reg = RNNRegressor(hidden_size=6, learning_rate_init=0.01, random_state=0)
    for _ in range(30):
        reg.partial_fit(X, y)
    assert reg.n_iter_ == 30 and reg.loss_curve_[-1] < 0.8 * reg.loss_curve_[0]


def test_zero_sample_weight_ignores_a_sequence_and_class_weight_balances():
    X, y = ragged(40)
    w = np.ones(40)
    w[0] = 0.0
    a = RNNClassifier(**FAST).fit(X, y, sample_weight=w)
    flipped = y.copy()
    flipped[0] = "pos" if y[0] == "neg" else "neg"
    b = RNNClassifier(**FAST).fit(X, flipped, sample_weight=w)
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=1e-5)
    with pytest.raises(ValueError, match="non-negative"):
        RNNClassifier(max_iter=1).fit(X, y, sample_weight=-w)
    y_skewed = np.array(["a"] * 34 + ["b"] * 6)
    rng = np.random.RandomState(0)
    Xs = rng.normal(size=(40, 4, 1))
    plain = RNNClassifier(**FAST).fit(Xs, y_skewed)
    balanced = RNNClassifier(**dict(FAST, class_weight="balanced")).fit(Xs, y_skewed)
    assert (balanced.predict(Xs) == "b").sum() > (plain.predict(Xs) == "b").sum()


def test_pipeline_with_sequence_scaler_on_ragged_input():
    from sklearn.pipeline import make_pipeline
    from skrnn.preprocessing import SequenceScaler
    X, y = ragged(60)
    X = [x * 50 + 7 for x in X]  # badly scaled channels
    pipe = make_pipeline(SequenceScaler(), RNNClassifier(**dict(FAST, max_iter=60)))
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.85
    steps = np.concatenate(pipe[0].transform(X))
    np.testing.assert_allclose(steps.mean(axis=0), 0, atol=1e-6)


def test_lbfgs_fits_full_batch_and_has_no_partial_fit():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 6, 2))
    y = X[:, :, 0].mean(axis=1)
    reg = RNNRegressor(solver="lbfgs", hidden_size=6, max_iter=200, random_state=0).fit(X, y)
    assert reg.score(X, y) > 0.99
    assert reg.n_iter_ == len(reg.loss_curve_) > 0
    assert not hasattr(reg, "partial_fit")
    with pytest.raises(AttributeError, match="has no attribute 'partial_fit'") as info:
        reg.partial_fit(X, y)
    assert "stochastic solvers" in str(info.value.__cause__)


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_many_to_many_with_early_stopping_and_score(Estimator):
    rng = np.random.RandomState(0)
    X = [rng.normal(size=(rng.randint(2, 9), 1)) for _ in range(60)]
    if Estimator is RNNClassifier:
        y = [np.where(x[:, 0] > 0, "hi", "lo") for x in X]
    else:
        y = [2 * x[:, 0] for x in X]
    est = Estimator(**dict(FAST, max_iter=60, early_stopping=True)).fit(X, y)
    assert len(est.validation_scores_) == est.n_iter_
    pred, truth = np.concatenate(est.predict(X)), np.concatenate(y)
    metric = np.mean(pred == truth) if Estimator is RNNClassifier else \
        1 - np.sum((pred - truth) ** 2) / np.sum((truth - truth.mean()) ** 2)
    assert est.score(X, y) == pytest.approx(metric)
    assert est.score(X, y) > 0.8


def test_a_pickled_model_does_not_carry_its_training_data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(2000, 50, 4))
    y = (X[:, :, 0].sum(axis=1) > 0).astype(int)
    clf = RNNClassifier(hidden_size=4, max_iter=1, random_state=0).fit(X, y)
    assert len(pickle.dumps(clf)) < X.nbytes / 20


def test_a_refit_that_fails_leaves_the_earlier_fit_as_it_was():
    X, y = ragged(30)
    clf = RNNClassifier(**FAST).fit(X, y)
    before = clf.predict_proba(X)
    names = clf.classes_.copy()
    with pytest.raises(ValueError, match="at least 2 classes"):
        clf.fit(X, np.full(30, "neg"))
    wider = [np.hstack([x, x[:, :1]]) for x in X]
    with pytest.raises(ValueError, match="at least 2 classes"):
        clf.fit(wider, np.full(30, "neg"))
    assert clf.n_features_in_ == 2 and clf.classes_.tolist() == names.tolist()
    np.testing.assert_array_equal(clf.predict_proba(X), before)
    reg = RNNRegressor(**FAST).fit(X, np.arange(30.0))
    frame = pd.concat([pd.DataFrame(x, columns=["a", "b"]) for x in X], keys=range(30),
                      names=["id", "t"])
    with pytest.raises(ValueError):
        reg.fit(frame, np.array(["x"] * 30))
    assert not hasattr(reg, "feature_names_in_")
    reg.predict(X)


def test_pooling_patches_and_init_options():
    X, y = ragged(40)
    clf = RNNClassifier(**dict(FAST, pooling=["mean", "attention"], patch_size=2,
                               bidirectional=True, max_iter=40)).fit(X, y)
    weights = clf.get_weights()
    assert weights["attention.weight"].shape == (12,)
    assert weights["head.weight"].shape == (2, 24)
    assert clf._model.network.input_size == 4  # two steps of two features per step
    assert clf.score(X, y) > 0.8
    with pytest.raises(ValueError, match="pooling must be one of"):
        RNNClassifier(pooling=["last", "median"]).fit(X, y)
    with pytest.raises(ValueError, match="per-step targets"):
        RNNRegressor(patch_size=2).fit(X, [np.ones(len(x)) for x in X])
    lstm = RNNRegressor(hidden_size=4, max_iter=1, init="orthogonal", forget_bias=1.0,
                        random_state=0, dtype="float64").fit(X, np.arange(40.0))
    w = lstm.get_weights()
    for block in np.split(w["weight_hh_l0"], 4):
        np.testing.assert_allclose(block @ block.T, np.eye(4), atol=0.05)  # 1 Adam step
    assert np.allclose(w["bias_ih_l0"][4:8], 1.0, atol=0.01)


def test_early_stopping_on_too_few_sequences_warns_and_trains_on_all():
    X, y = ragged(12)
    with pytest.warns(UserWarning, match="early_stopping=True needs at least 20"):
        clf = RNNClassifier(**dict(FAST, early_stopping=True)).fit(X, y)
    assert clf.n_iter_ > 0 and clf.validation_scores_ == [] and clf.t_ == 12 * clf.n_iter_
    X, y = ragged(60)  # 10 of 60 held out (validation_fraction=0.1 alone would give 6)
    clf = RNNClassifier(**dict(FAST, early_stopping=True, max_iter=3)).fit(X, y)
    assert clf.t_ == 50 * clf.n_iter_


def test_a_fixed_budget_gives_no_convergence_warning():
    X, y = ragged(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        RNNClassifier(**dict(FAST, max_iter=5, tol=0.0)).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        RNNClassifier(**dict(FAST, max_iter=5)).fit(X, y)


def test_adaptive_learning_rate_reduces_adam_on_plateaus_instead_of_stopping(capsys):
    X, y = ragged(20)
    clf = RNNClassifier(**dict(FAST, learning_rate="adaptive", learning_rate_init=1e-3,
                               tol=10.0, n_iter_no_change=2, max_iter=40, verbose=True)
                        ).fit(X, y)
    out = capsys.readouterr().out
    # 1e-3 / 5**k for k = 1..5, then 3.2e-7 <= 1e-6 stops; the first epoch improves on
    # nothing (inf), then every plateau is 3 epochs (2 allowed + 1)
    assert out.count("Setting learning rate to") == 5 and "too small. Stopping." in out
    assert clf.n_iter_ == 1 + 6 * 3


def test_regressor_standardises_its_targets_internally():
    X, _ = ragged(40)
    y = np.array([x[:, 0].sum() for x in X])
    small = RNNRegressor(**dict(FAST, max_iter=60)).fit(X, y)
    large = RNNRegressor(**dict(FAST, max_iter=60)).fit(X, 1e6 * y + 3e7)
    np.testing.assert_allclose(large.predict(X), 1e6 * small.predict(X) + 3e7, rtol=1e-4)
    assert large.loss_curve_ == pytest.approx(small.loss_curve_, rel=1e-3)  # standardised
    with pytest.raises(ValueError, match="RNNRegressor needs numeric targets y"):
        RNNRegressor().fit(X, np.array(["a"] * 40))


def test_auto_patch_size_reads_the_longest_sequence_in_at_most_64_steps():
    rng = np.random.RandomState(0)
    X = [rng.normal(size=(L, 2)) for L in (300, 129, 20, 64)]
    clf = RNNClassifier(hidden_size=3, max_iter=1, patch_size="auto").fit(X, [0, 1, 0, 1])
    assert clf.patch_size_ == 5 and clf._model.network.input_size == 10
    short = RNNClassifier(hidden_size=3, max_iter=1, patch_size="auto").fit(X[2:], [0, 1])
    assert short.patch_size_ == 1
    per_step = RNNRegressor(hidden_size=3, max_iter=1, patch_size="auto").fit(
        X, [np.ones(len(x)) for x in X])
    assert per_step.patch_size_ == 1


def test_n_jobs_follows_joblibs_convention():
    import joblib
    X, y = ragged(10)
    clf = RNNClassifier(**dict(FAST, max_iter=1, n_jobs=-1)).fit(X, y)
    assert clf._model.network.n_threads == joblib.cpu_count()
    with pytest.raises(ValueError, match="'n_jobs' parameter"):
        RNNClassifier(n_jobs=0).fit(X, y)
