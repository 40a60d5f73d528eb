"""scikit-learn's callbacks (`sklearn.callback`) on skrnn's trained estimators: the task
tree of a fit (fit, network, epoch / iteration), fitted estimators as of each epoch,
stopping on request, propagation through Pipeline and GridSearchCV, ProgressBar and
ScoringMonitor, and what is not saved."""
import io
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier, RNNEncoder, RNNForecaster, RNNRegressor, load, save
from skrnn.preprocessing import SequenceScaler

callback = pytest.importorskip("sklearn.callback", reason="scikit-learn >= 1.9")

SMALL = dict(hidden_size=4, max_iter=5, batch_size=10, learning_rate_init=0.02,
             random_state=0, n_models=1, tol=0.0)


def data(n=30, seed=0):
    rng = np.random.RandomState(seed)
    X = [rng.randn(t, 2) for t in rng.randint(3, 8, size=n)]  # unequal lengths
    y = np.array([int(x[:, 0].sum() > 0) for x in X])
    return X, y


class Recorder:
    """Records every hook call; asks to stop after ``stop_after`` leaf tasks."""

    def __init__(self, stop_after=None, leaf="epoch"):
        self.events, self.fitted, self.stop_after, self.leaf = [], [], stop_after, leaf

    def setup(self, estimator, context):
        self.events.append(("setup",))

    def teardown(self, estimator, context):
        self.events.append(("teardown",))

    def on_fit_task_begin(self, estimator, context, *, X=None, y=None, metadata=None):
        self.events.append(("begin", context.task_name, context.task_id))

    def on_fit_task_end(self, estimator, context, *, X=None, y=None, metadata=None,
                        fitted_estimator=None):
        self.events.append(("end", context.task_name, context.task_id))
        self.fitted.append((context.task_name, fitted_estimator, metadata))
        return (self.stop_after is not None and context.task_name == self.leaf
                and context.task_id + 1 >= self.stop_after)

    def tasks(self, kind, name):
        return [e[2] for e in self.events if e[0] == kind and e[1] == name]


class Propagated(Recorder):
    """An auto-propagated recorder: a meta-estimator hands it to its sub-estimators."""

    max_propagation_depth = None


def test_one_network_reports_a_fit_task_with_an_epoch_per_iteration():
    X, y = data()
    rec = Recorder()
    est = RNNClassifier(**SMALL).set_callbacks(rec).fit(X, y)
    assert rec.events[0] == ("setup",) and rec.events[-1] == ("teardown",)
    assert rec.events[1] == ("begin", "fit", 0) and rec.events[-2] == ("end", "fit", 0)
    assert rec.tasks("begin", "epoch") == rec.tasks("end", "epoch") == list(range(5))
    assert not hasattr(est, "_callback_fit_ctx")  # torn down
    assert len(est._skl_callbacks) == 1


def test_fitted_estimator_of_each_epoch_is_the_model_trained_that_long():
    X, y = data()
    rec = Recorder()
    est = RNNClassifier(**SMALL).set_callbacks(rec).fit(X, y)
    epochs = [f for name, f, _ in rec.fitted if name == "epoch"]
    for k, fitted in enumerate(epochs, start=1):
        shorter = RNNClassifier(**dict(SMALL, max_iter=k)).fit(X, y)
        np.testing.assert_array_equal(fitted.predict_proba(X), shorter.predict_proba(X))
        assert fitted.n_iter_ == k and fitted.loss_curve_ == shorter.loss_curve_
    final = rec.fitted[-1][1]
    np.testing.assert_array_equal(final.predict_proba(X), est.predict_proba(X))
    assert final is not est


def test_an_ensemble_reports_a_task_per_network_and_scores_the_networks_so_far():
    X, y = data()
    rec = Recorder()
    est = RNNRegressor(**dict(SMALL, n_models=3, max_iter=2)).set_callbacks(rec).fit(
        X, y.astype(float), sample_weight=np.ones(len(X)))
    assert rec.tasks("begin", "network") == rec.tasks("end", "network") == [0, 1, 2]
    assert rec.tasks("end", "epoch") == [0, 1] * 3
    networks = [f for name, f, _ in rec.fitted if name == "network"]
    assert [len(f._members) for f in networks] == [1, 2, 3]
    for i, fitted in enumerate(networks, start=1):  # the first i networks' average
        first = RNNRegressor(**dict(SMALL, n_models=i, max_iter=2)).fit(
            X, y.astype(float), sample_weight=np.ones(len(X)))
        np.testing.assert_array_equal(fitted.predict(X), first.predict(X))
    np.testing.assert_array_equal(networks[-1].predict(X), est.predict(X))
    metadata = [m for _, _, m in rec.fitted]
    assert all(np.array_equal(m["sample_weight"], np.ones(len(X))) for m in metadata)


def test_a_request_to_stop_ends_training_there_without_a_convergence_warning():
    X, y = data()
    rec = Recorder(stop_after=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est = RNNClassifier(**dict(SMALL, max_iter=50)).set_callbacks(rec).fit(X, y)
    assert est.n_iter_ == 3 and rec.tasks("end", "epoch") == [0, 1, 2]
    three = RNNClassifier(**dict(SMALL, max_iter=3)).fit(X, y)
    np.testing.assert_array_equal(est.predict_proba(X), three.predict_proba(X))


def test_a_stop_ends_each_network_of_an_ensemble_and_all_of_them_train():
    X, y = data()
    rec = Recorder(stop_after=2)
    est = RNNClassifier(**dict(SMALL, n_models=2, max_iter=9)).set_callbacks(rec).fit(X, y)
    assert [state.n_iter for state in est._members] == [2, 2]
    assert rec.tasks("end", "epoch") == [0, 1, 0, 1]


def test_lbfgs_reports_iterations_and_stops_on_request():
    X, y = data()
    rec = Recorder(stop_after=2, leaf="iteration")
    est = RNNClassifier(**dict(SMALL, solver="lbfgs", max_iter=20)).set_callbacks(
        rec).fit(X, y)
    assert est.n_iter_ == 2 and len(est.loss_curve_) == 2
    assert rec.tasks("begin", "iteration") == rec.tasks("end", "iteration") == [0, 1]
    rec = Recorder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = RNNClassifier(**dict(SMALL, solver="lbfgs", max_iter=3)).set_callbacks(
            rec).fit(X, y)
    # scipy's callback ends an iteration; the one begun after the last never runs and
    # ends empty, so every begin has its end (scikit-learn's LogisticRegression does so)
    assert rec.tasks("begin", "iteration") == rec.tasks("end", "iteration")
    assert len(rec.tasks("end", "iteration")) == est.n_iter_ + 1
    assert rec.fitted[-2][1] is None  # the empty one


def test_partial_fit_is_a_fit_task_of_one_epoch():
    X, y = data()
    rec = Recorder()
    est = RNNClassifier(**SMALL).set_callbacks(rec)
    est.partial_fit(X, y, classes=[0, 1])
    est.partial_fit(X, y)
    assert rec.tasks("end", "epoch") == [0, 0] and rec.tasks("end", "fit") == [0, 0]
    assert rec.events.count(("teardown",)) == 2 and est.n_iter_ == 2


def test_scoring_monitor_logs_the_score_of_every_epoch():
    X, y = data()
    monitor = callback.ScoringMonitor(scoring="accuracy")
    est = RNNClassifier(**SMALL).set_callbacks(monitor).fit(X, y)
    log = monitor.get_logs().data_as_pandas
    epochs = log[log["task_name"] == "epoch"]
    assert len(epochs) == 5 and epochs["accuracy"].between(0, 1).all()
    fit_row = log[log["task_name"] == "fit"]
    assert fit_row["accuracy"].item() == pytest.approx(est.score(X, y))
    shorter = RNNClassifier(**dict(SMALL, max_iter=2)).fit(X, y)
    assert epochs["accuracy"].iloc[1] == pytest.approx(shorter.score(X, y))


def test_callbacks_propagate_through_pipeline_and_grid_search():
    X, y = data()
    rec = Propagated()
    search = GridSearchCV(make_pipeline(SequenceScaler(), RNNClassifier(**SMALL)),
                          {"rnnclassifier__hidden_size": [3, 4]}, cv=2)
    search.set_callbacks(rec).fit(X, y)
    # 2 candidates x 2 folds + the refit, 5 epochs each
    assert len(rec.tasks("end", "epoch")) == 5 * 5
    assert rec.events.count(("setup",)) == rec.events.count(("teardown",)) == 1
    assert not hasattr(search.best_estimator_[-1], "_parent_callback_ctx")


def test_progress_bar_shows_the_epochs_of_a_classifier_inside_a_grid_search(capsys):
    pytest.importorskip("rich")
    X, y = data()
    search = GridSearchCV(RNNClassifier(**SMALL), {"hidden_size": [3, 4]}, cv=2)
    search.set_callbacks(callback.ProgressBar(max_propagation_depth=None)).fit(X, y)
    out = capsys.readouterr().out
    assert "RNNClassifier - fit" in out and "100%" in out


def test_forecaster_and_encoder_report_their_epochs():
    rec = Recorder()
    series = pd.Series(np.sin(np.arange(60) / 3.0),
                       index=pd.date_range("2020-01-01", periods=60, freq="D"))
    f = RNNForecaster(horizon=2, lookback=6, hidden_size=4, max_iter=3, n_models=1,
                      random_state=0).set_callbacks(rec).fit(series)
    epochs = [fit for name, fit, _ in rec.fitted if name == "epoch"]
    assert len(epochs) == 3 and epochs[-1].predict().shape == f.predict().shape
    rec = Recorder()
    X, _ = data()
    RNNEncoder(hidden_size=3, max_iter=2, random_state=0).set_callbacks(rec).fit(X)
    assert rec.tasks("end", "epoch") == [0, 1]


def test_a_failing_fit_tears_callbacks_down_and_changes_nothing():
    X, y = data()
    rec = Recorder()
    est = RNNClassifier(**SMALL).set_callbacks(rec).fit(X, y)
    before = est.predict_proba(X)
    with pytest.raises(ValueError):
        est.set_params(warm_start=True, n_models=2).fit(X, y)
    assert rec.events[-1] == ("teardown",) and not hasattr(est, "_callback_fit_ctx")
    np.testing.assert_array_equal(est.set_params(warm_start=False, n_models=1)
                                  .predict_proba(X), before)


def test_callbacks_are_kept_by_clone_and_pickle_but_not_saved():
    X, y = data()
    rec = Recorder()
    est = RNNClassifier(**SMALL).set_callbacks(rec).fit(X, y)
    assert clone(est)._skl_callbacks == [rec]  # scikit-learn's rule
    assert len(pickle.loads(pickle.dumps(est))._skl_callbacks) == 1
    buffer = io.BytesIO()
    save(est, buffer)
    loaded = load(io.BytesIO(buffer.getvalue()))
    assert not hasattr(loaded, "_skl_callbacks")
    np.testing.assert_array_equal(loaded.predict_proba(X), est.predict_proba(X))


def test_verbose_prints_lbfgs_iterations_and_names_the_networks(capsys):
    X, y = data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        RNNClassifier(**dict(SMALL, solver="lbfgs", max_iter=3, verbose=True)).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("Iteration 1, loss = ")
    RNNClassifier(**dict(SMALL, n_models=2, max_iter=2, verbose=True)).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Network 1 of 2" and lines[3] == "Network 2 of 2"
    assert lines[1].startswith("Epoch 1, loss = ")


def test_one_pass_transformers_report_one_task_so_pipelines_pass_callbacks_on():
    from sklearn.linear_model import RidgeClassifier

    from skrnn import EchoStateEncoder
    from skrnn.preprocessing import SequenceDifferencer, WindowAggregator

    X, y = data()
    rec = Propagated()
    pipe = make_pipeline(SequenceScaler(), SequenceDifferencer(),
                         WindowAggregator(window=2), RNNClassifier(**dict(SMALL, max_iter=2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "does not support callbacks"
        pipe.set_callbacks(rec).fit(X, y)
    names = [(e[1], e[2]) for e in rec.events if e[0] == "end"]
    assert names.count(("epoch", 0)) == 1 and names.count(("epoch", 1)) == 1
    ends = [c for c in rec.events if c[0] == "end" and c[1] == "fit"]
    assert len(ends) == 5  # the pipeline, its three transformers, the classifier
    rec = Recorder()
    esn = make_pipeline(EchoStateEncoder(n_reservoir=5, random_state=0), RidgeClassifier())
    esn[0].set_callbacks(rec)
    esn.fit(X, y)
    assert rec.tasks("end", "fit") == [0] and rec.events[-1] == ("teardown",)
    assert rec.fitted[0][1].transform(X).shape == esn[0].transform(X).shape
