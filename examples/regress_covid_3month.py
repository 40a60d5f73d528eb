"""Covid3Month: a country's COVID-19 death rate from three months of its case counts.
==================================================================================

The data: for each of 201 countries, the daily number of confirmed COVID-19 cases over the
84 days up to 1 April 2020 (raw counts, 0 to about 20,000 a day), and the target, the
country's COVID-19 death rate on 1 April 2020 (a number in [0, 0.18]). Official TSER
split: 140 train and 61 test countries (`skrnn.datasets.load_covid_3month`).

Run: ``python examples/regress_covid_3month.py``: the library's defaults,
``make_pipeline(SequenceScaler(), RNNRegressor(random_state=0))`` (the regressor
standardises the target itself). Options: ``--tune`` cross-validates the preprocessing
of `skrnn.preprocessing` on the train split (``GRID`` in _common.py), each with and
without ``log1p`` of the counts first (they span four orders of magnitude; this script
used to apply it, with the mean of every 7 days: ``--set log1p=True --set window=7`` for
one run); ``--seeds 5`` repeats the fit with five random states.

Reference test RMSE: predicting the train split's mean .0447 (computed on this copy);
FCN .0436 and ROCKET .0389 (the TSER archive's benchmark, Tan et al. 2021, "Time series
extrinsic regression", http://tseregression.org; not re-checked here).
"""
import sys

import numpy as np
from sklearn.preprocessing import FunctionTransformer

from skrnn import RNNRegressor
from skrnn.datasets import load_covid_3month

from _common import GRID as COMMON_GRID
from _common import main as run_example  # fit, score, print; --tune, --seeds
from _common import sequence_model  # SequenceScaler, [preprocessing], the estimator

# The library's defaults; no per-set hyperparameters (see _common.py's PREPROCESSING
# for why no preprocessing either).
PARAMS = dict(random_state=0)
GRID = [dict(grid, log1p=[False, True]) for grid in COMMON_GRID]
PUBLISHED = "train mean .0447; FCN .0436; ROCKET .0389"


def make_model(params):
    params = dict(params)
    log1p = params.pop("log1p", False)
    before = [FunctionTransformer(np.log1p)] if log1p else []  # counts -> log scale
    return sequence_model(params, RNNRegressor, before=before)


def main(argv=None):
    return run_example(sys.argv[1:] if argv is None else argv, name="Covid3Month",
                       task="regression", load=load_covid_3month, make_model=make_model,
                       params=PARAMS, grid=GRID, published=PUBLISHED, n_repeats=3)


if __name__ == "__main__":
    main()
