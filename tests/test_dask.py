"""Scale-out on Dask: a grid search over a LocalCluster, and partial_fit streaming over the
blocks of a dask array. Needs the ``dask`` extra (and dask-ml for the second test)."""
import warnings

import numpy as np
import pytest
from joblib import parallel_backend
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skrnn import RNNClassifier

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    # Two worker processes on this machine, one thread each: the estimators are pickled
    # to the workers and back, as on a real cluster.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def _ragged(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = [rng.standard_normal((int(t), 2)).astype(np.float32)
         for t in rng.integers(5, 16, size=n)]
    y = np.array([int(x[:, 0].mean() > 0) for x in X])
    return X, y


def test_grid_search_on_the_dask_backend_equals_the_local_run(client):
    X, y = _ragged()
    grid = {"hidden_size": [3, 5], "cell": ["gru", "lstm"]}
    est = RNNClassifier(max_iter=5, n_models=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        local = GridSearchCV(est, grid, cv=2).fit(X, y)
        with parallel_backend("dask"):
            remote = GridSearchCV(est, grid, cv=2, n_jobs=-1).fit(X, y)
    assert len(client.scheduler_info()["workers"]) == 2
    np.testing.assert_array_equal(remote.cv_results_["mean_test_score"],
                                  local.cv_results_["mean_test_score"])
    assert remote.best_params_ == local.best_params_
    np.testing.assert_array_equal(remote.predict_proba(X), local.predict_proba(X))


def test_dask_ml_incremental_streams_blocks_through_partial_fit(client):
    da = pytest.importorskip("dask.array")
    wrappers = pytest.importorskip("dask_ml.wrappers")
    rng = np.random.default_rng(1)
    X = rng.standard_normal((120, 12)).astype(np.float32)  # univariate: (n, T)
    y = (X.mean(axis=1) > 0).astype(int)
    params = dict(hidden_size=4, n_models=1, random_state=0)
    inc = wrappers.Incremental(RNNClassifier(**params), shuffle_blocks=False)
    inc.fit(da.from_array(X, chunks=(40, 12)), da.from_array(y, chunks=40), classes=[0, 1])
    ref = RNNClassifier(**params)
    for k in range(3):
        ref.partial_fit(X[40 * k:40 * (k + 1)], y[40 * k:40 * (k + 1)], classes=[0, 1])
    np.testing.assert_array_equal(inc.estimator_.predict_proba(X), ref.predict_proba(X))
    assert inc.predict(da.from_array(X, chunks=(40, 12))).compute().tolist() == \
        ref.predict(X).tolist()
