"""A failed call never changes a fitted model; divergence never leaves a broken one;
weights are validated; errors name skrnn's parameters. One test per finding of the
fault-injection pass (issue 12), each on a small seeded problem."""
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning

from skrnn import RNNClassifier, RNNEncoder, RNNForecaster, RNNRegressor

FAST = dict(hidden_size=4, max_iter=3, random_state=0)


def sequences(n=24, features=2, seed=0):
    rng = np.random.RandomState(seed)
    X = [rng.normal(size=(rng.randint(3, 9), features)) for _ in range(n)]
    return X, np.arange(n) % 2


def unchanged(estimator, before, X=None, outputs=None):
    """``estimator`` pickles to exactly ``before`` and predicts ``outputs`` bitwise."""
    assert pickle.dumps(estimator) == before
    if X is not None:
        np.testing.assert_array_equal(estimator.predict(X), outputs)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


# ------------------------------------------- findings 1-4: failed refits change nothing
def test_failed_refits_leave_the_classifier_bitwise_as_it_was():
    X, y = sequences()
    clf = RNNClassifier(**FAST).fit(X, y)
    before, outputs = pickle.dumps(clf), clf.predict(X)
    with pytest.raises(ValueError, match="at least 2 classes"):
        clf.fit(X, np.zeros(len(X)))  # finding 1
    unchanged(clf, before, X, outputs)
    wider = [np.hstack([x, x[:, :1]]) for x in X]
    with pytest.raises(ValueError, match="at least 2 classes"):
        clf.fit(wider, np.zeros(len(X)))  # finding 2
    unchanged(clf, before, X, outputs)


def test_early_stopping_on_few_sequences_trains_instead_of_failing():
    X, y = sequences()
    clf = RNNClassifier(**dict(FAST, early_stopping=True)).fit(X, y)
    with pytest.warns(UserWarning, match="early_stopping=True needs at least 20"):
        clf.fit(X[:4], y[:4])  # finding 3: was sklearn's split error, random weights
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 3
    reg = RNNRegressor(**dict(FAST, early_stopping=True))
    with pytest.warns(UserWarning, match="early_stopping"):
        reg.fit(X[:1], [1.0])
    assert reg.n_iter_ == 3


@pytest.mark.parametrize("n_samples, n_classes", [(20, 2), (21, 7), (25, 12), (40, 20)])
def test_early_stopping_splits_never_raise_sklearns_errors(n_samples, n_classes):
    X, _ = sequences(n_samples)
    y = np.arange(n_samples) % n_classes
    clf = RNNClassifier(**dict(FAST, max_iter=1, early_stopping=True,
                               validation_fraction=0.01))
    clf.fit(X, y)  # the split falls back to unstratified instead of test_size errors
    assert clf.n_iter_ == 1


def test_failed_forecaster_refit_keeps_the_earlier_fit():
    index = pd.date_range("2000-01", periods=48, freq="MS")
    s = pd.Series(np.sin(np.arange(48) / 2) + np.arange(48) / 10, index=index)
    f = RNNForecaster(horizon=3, n_models=1, max_iter=2, random_state=0).fit(s)
    outputs = f.predict()  # first: predicting fills pandas' index caches, pickled too
    before = pickle.dumps(f)
    frame = pd.DataFrame({"y": s, "x": np.r_[np.inf, np.ones(47)]})  # (NaN: a gap)
    with pytest.raises(ValueError, match="1 infinite target value"):
        f.fit(frame, )  # finding 4
    assert pickle.dumps(f) == before
    pd.testing.assert_series_equal(f.predict(), outputs)


# ------------------------------------------------- transactional continued training
class Interrupt(BaseException):
    pass


def interrupt_after(estimator, calls, monkeypatch):
    """Make the estimator's model raise `Interrupt` on its ``calls``-th training step."""
    model_class = type(estimator._model)
    original, count = model_class.loss_grad, [0]

    def loss_grad(self, *args, **kwargs):
        count[0] += 1
        if count[0] >= calls:
            raise Interrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model_class, "loss_grad", loss_grad)


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor, RNNEncoder])
def test_an_interrupted_warm_start_or_partial_fit_changes_nothing(Estimator, monkeypatch):
    X, y = sequences()
    args = (X,) if Estimator is RNNEncoder else (X, y)
    est = Estimator(**dict(FAST, warm_start=True)).fit(*args)
    before = pickle.dumps(est)
    interrupt_after(est, 2, monkeypatch)
    with pytest.raises(Interrupt):
        est.fit(*args)
    assert pickle.dumps(est) == before
    if hasattr(est, "partial_fit"):
        with pytest.raises(Interrupt):
            est.partial_fit(*args)
        assert pickle.dumps(est) == before


def test_an_interrupted_forecaster_warm_start_changes_nothing(monkeypatch):
    s = pd.Series(np.sin(np.arange(40) / 3))
    f = RNNForecaster(horizon=2, n_models=2, max_iter=2, warm_start=True,
                      random_state=0).fit(s)
    before = pickle.dumps(f)
    interrupt_after(f, 7, monkeypatch)
    with pytest.raises(Interrupt):
        f.fit(s)
    assert pickle.dumps(f) == before


# ---------------------------------------------------------- finding 5: divergence
EXPLODING = dict(cell="rnn", activation="relu", solver="sgd", learning_rate_init=10.0,
                 learning_rate="constant", clip_norm=None, hidden_size=4, max_iter=5,
                 random_state=0)


def exploding_data(seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(20, 8, 2))
    return X, rng.normal(size=20)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_divergence_in_the_first_epoch_is_an_error_naming_our_parameters(dtype):
    X, y = exploding_data()
    reg = RNNRegressor(**dict(EXPLODING, dtype=dtype))
    with np.errstate(all="ignore"), pytest.raises(
            ValueError, match="diverged in the first epoch.*learning_rate_init.*clip_norm"):
        reg.fit(X * 1e3, y * 1e6)
    assert not hasattr(reg, "params_")  # nothing fitted: no random weights that predict


def test_a_refit_that_diverges_keeps_the_earlier_model():
    X, y = exploding_data()
    reg = RNNRegressor(**dict(EXPLODING, learning_rate_init=1e-3)).fit(X, y)
    reg.set_params(learning_rate_init=10.0)
    before, outputs = pickle.dumps(reg), reg.predict(X)
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="diverged"):
        reg.fit(X * 1e3, y)
    unchanged(reg, before, X, outputs)


def test_a_finite_blow_up_is_divergence_and_the_last_sound_weights_are_kept():
    """A loss a million times the run's highest so far counts as divergence even while
    finite (losses of 1e29 used to pass, with weights predicting NaN elsewhere)."""
    from skrnn._training._steps import BLOW_UP, blew_up
    assert blew_up(2 * BLOW_UP, np.zeros(3), highest=1.0)
    assert not blew_up(BLOW_UP / 2, np.zeros(3), highest=1.0)
    assert not blew_up(1e12, np.zeros(3), highest=None)  # the first step sets the scale
    assert blew_up(1.0, np.array([0.0, np.nan]), highest=1.0)
    X, y = exploding_data()
    reg = RNNRegressor(**dict(EXPLODING, learning_rate_init=1e-3, warm_start=True))
    reg.fit(X, y)
    reg.set_params(learning_rate_init=10.0)
    with np.errstate(all="ignore"), pytest.warns(ConvergenceWarning, match="diverged"):
        reg.fit(X * 1e3, y)
    assert np.all(np.isfinite(reg.params_))
    with np.errstate(all="ignore"):
        assert np.all(np.isfinite(reg.predict(X))) and np.all(
            np.isfinite(reg.predict(X * 1e3)))


def test_a_loss_growing_by_orders_of_magnitude_warns():
    from skrnn._training._steps import warn_if_growing
    with pytest.warns(ConvergenceWarning, match="grew from 1 to 1e\\+03"):
        assert warn_if_growing([1.0, 2.0, 1e3], warned=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not warn_if_growing([1.0, 50.0], warned=False)
        assert warn_if_growing([1.0, 1e3], warned=True)  # once per call


# ------------------------------------------------------- finding 6: set_weights
def test_set_weights_refuses_nan_wrong_dtypes_and_changes_nothing_on_error():
    X, y = sequences()
    clf = RNNClassifier(**FAST).fit(X, y)
    before, weights = pickle.dumps(clf), clf.get_weights()
    bad = dict(weights, **{"head.bias": np.array([0.0, np.nan])})
    with pytest.raises(ValueError, match="head.bias holds 1 NaN or infinite"):
        clf.set_weights(bad)
    with pytest.raises(ValueError, match="must hold real numbers"):
        clf.set_weights(dict(weights, **{"head.bias": np.array(["a", "b"])}))
    with pytest.raises(TypeError, match="mapping of names"):
        clf.set_weights([1, 2])
    assert pickle.dumps(clf) == before


def test_set_weights_builds_an_unfitted_classifier_and_regressor():
    X, y = sequences(features=3)
    fitted = RNNClassifier(**dict(FAST, cell="gru", n_models=1)).fit(
        X, np.arange(len(X)) % 3)
    weights = fitted.get_weights()
    fresh = RNNClassifier(**dict(FAST, cell="gru")).set_weights(weights)
    assert fresh.n_features_in_ == 3 and fresh.classes_.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(fresh.predict_proba(X), fitted.predict_proba(X))
    named = RNNClassifier(**dict(FAST, cell="gru")).set_weights(weights,
                                                                classes=["a", "b", "c"])
    assert named.predict(X).tolist() == [["a", "b", "c"][i] for i in fitted.predict(X)]
    with pytest.raises(ValueError, match="3 distinct labels in sorted order"):
        RNNClassifier(**dict(FAST, cell="gru")).set_weights(weights, classes=["b", "a"])
    reg = RNNRegressor(**dict(FAST, cell="gru")).set_weights(weights)  # 3 outputs
    assert reg.predict(X).shape == (len(X), 3)
    with pytest.raises(ValueError, match="continues the 1 fitted network"):
        reg.partial_fit(X, np.zeros((len(X), 3)))  # one network, not n_models=5
    reg.set_params(n_models=1).partial_fit(X, np.zeros((len(X), 3)))  # from the weights
    assert reg.n_iter_ == 1
    reg.fit(X, y)  # a later fit starts afresh
    assert reg.n_iter_ == 3
    with pytest.raises(ValueError, match="'weight_ih_l0' is missing"):
        RNNClassifier().set_weights({"head.weight": np.zeros((2, 4))})
    with pytest.raises(ValueError, match="fit it once"):
        RNNEncoder().set_weights(weights)
    with pytest.raises(ValueError, match="expected"):  # shapes still checked
        RNNClassifier(**dict(FAST, cell="lstm")).set_weights(weights)


# ------------------------------------------------------ finding 7: our names, short
def test_errors_name_our_parameters_and_stay_short():
    X, y = sequences()
    with pytest.raises(ValueError, match="'hidden_size' parameter .* Got True"):
        RNNClassifier(hidden_size=True).fit(X, y)
    with pytest.raises(ValueError, match="'learning_rate_init' parameter"):
        RNNRegressor(learning_rate_init=False).fit(X, y)
    with pytest.raises(ValueError, match="numeric targets y"):
        RNNRegressor(**FAST).fit(X, np.array(["a"] * len(X)))
    s = pd.Series(np.arange(30) + 1j, index=pd.date_range("2000", periods=30, freq="D"))
    with pytest.raises(ValueError, match="complex numbers") as error:
        RNNForecaster(horizon=2).fit(s)
    assert len(str(error.value)) < 200 and "2000-01" not in str(error.value)


# --------------------------------------------- finding 8: n_jobs never changes results
@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_training_is_bitwise_the_same_for_every_n_jobs(Estimator):
    from skrnn._network._parallel import CHUNK_ROWS
    rng = np.random.RandomState(0)
    n = 2 * CHUNK_ROWS + 7  # minibatches of 2 * CHUNK_ROWS rows: two chunks each
    X = [rng.normal(size=(rng.randint(2, 7), 2)).astype(np.float32) for _ in range(n)]
    y = np.arange(n) % 3
    fits = [Estimator(hidden_size=4, max_iter=2, batch_size=2 * CHUNK_ROWS, n_jobs=n_jobs,
                      early_stopping=True, random_state=0).fit(X, y)
            for n_jobs in (1, 2, 3)]
    for other in fits[1:]:
        np.testing.assert_array_equal(other.params_, fits[0].params_)
        assert other.validation_scores_ == fits[0].validation_scores_
        np.testing.assert_array_equal(other.predict(X), fits[0].predict(X))
