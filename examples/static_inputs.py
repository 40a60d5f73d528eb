"""Static inputs: four ways to give a network what does not change over time
=========================================================================

Many sequences come with facts that do not change along them: a patient's age, a
machine's rated capacity, a shop's size. `RNNClassifier` and `RNNRegressor` read them
as static features (``static=`` in `fit` and `predict`, or the columns of an
``(id, time)`` frame named in ``static_features``) in one of four ways
(``static_mode``, after Tanti et al. 2018): concatenated to every step ("par"), as the
initial state ("init"), as an extra first step ("pre"), or joined to the pooled output
before the head ("merge").

The data (synthetic: no shipped set has static covariates): a day of hourly load
readings of a machine, a daily cycle plus noise plus one surge at a random hour. The
label is whether the machine overloads, that is whether its peak load passes its rated
capacity. The capacity is a static feature: without it the peak alone cannot tell.

Run: ``python examples/static_inputs.py`` trains the five models (no static input,
and each mode) with seeds 0-2 on 400 machines and prints the accuracy on 400 others:
mean and minimum. The static features travel through a `Pipeline` as metadata.
"""
import numpy as np
import sklearn
from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier
from skrnn.preprocessing import SequenceScaler

MODES = (None, "par", "init", "pre", "merge")
SEEDS = (0, 1, 2)


def machines(n, seed):
    """X (n, 24, 1) hourly loads, static (n, 2): capacity and age, y (n,) overload."""
    rng = np.random.RandomState(seed)
    hours = np.arange(24)
    cycle = 50 + 20 * np.sin(2 * np.pi * (hours - 8) / 24)
    surge_at = rng.randint(0, 24, size=n)
    surge = rng.gamma(2.0, 12.0, size=n)
    loads = cycle + rng.normal(0, 4, size=(n, 24))
    loads += surge[:, None] * np.exp(-0.5 * ((hours - surge_at[:, None]) / 1.5) ** 2)
    capacity = rng.uniform(75, 125, size=n)
    age = rng.uniform(0, 20, size=n)  # irrelevant: a static feature that does not matter
    y = np.where(loads.max(axis=1) > capacity, "overload", "ok")
    return loads[:, :, None], np.column_stack([capacity, age]), y


def model(mode, seed):
    clf = RNNClassifier(n_models=1, random_state=seed, static_mode=mode or "par")
    if mode is not None:
        clf.set_fit_request(static=True).set_predict_request(static=True)
        clf.set_score_request(static=True)
    return make_pipeline(SequenceScaler(), clf)


def main():
    sklearn.set_config(enable_metadata_routing=True)
    X, static, y = machines(400, 0)
    X_test, static_test, y_test = machines(400, 1)
    print(f"overloads: {np.mean(y == 'overload'):.2f} of the train machines, "
          f"{np.mean(y_test == 'overload'):.2f} of the test ones")
    results = {}
    for mode in MODES:
        scores = []
        for seed in SEEDS:
            pipe = model(mode, seed)
            given = {} if mode is None else {"static": static}
            pipe.fit(X, y, **given)
            scores.append(pipe.score(X_test, y_test,
                                     **({} if mode is None else {"static": static_test})))
        results[mode or "none"] = scores
        print(f"{mode or 'no static input':<16} test accuracy mean {np.mean(scores):.3f}"
              f"  min {np.min(scores):.3f}")
    return results


if __name__ == "__main__":
    main()
