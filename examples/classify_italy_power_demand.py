"""ItalyPowerDemand: is a day of Italian electricity demand from winter or summer?
===============================================================================

The data: 24 hourly values of Italy's power demand for one day, each series z-normalised;
class '1' is a day from October to March, class '2' from April to September. Official UCR
split: 67 train and 1029 test days (`skrnn.datasets.load_italy_power_demand`).

Run: ``python examples/classify_italy_power_demand.py`` (a few seconds): the library's
defaults, ``make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))``. Options:
``--tune`` cross-validates the preprocessing of `skrnn.preprocessing` on the train split
(``GRID`` in _common.py); ``--seeds 5`` repeats the fit with five random states.

Published test accuracies: 1-NN Euclidean .955 and 1-NN DTW .950 (UCR archive summary
table, Dau et al. 2019, reproduced on this copy); FCN .961 (mean of 10 runs, Ismail
Fawaz et al. 2019, "Deep learning for time series classification: a review");
LSTM-FCN .963 (Karim et al. 2018, "LSTM fully convolutional networks for time series
classification"; published figure, not re-checked here).
"""
import sys

from skrnn import RNNClassifier
from skrnn.datasets import load_italy_power_demand

from _common import main as run_example  # fit, score, print; --tune, --seeds
from _common import sequence_model  # SequenceScaler, [preprocessing], the estimator

# The library's defaults; no per-set hyperparameters (see _common.py's PREPROCESSING
# for why no preprocessing either).
PARAMS = dict(random_state=0)
PUBLISHED = "1NN-ED .955; 1NN-DTW .950; FCN .961; LSTM-FCN .963"


def make_model(params):
    # each of the 24 hours standardised with the train split's statistics of the channel
    return sequence_model(params, RNNClassifier)


def main(argv=None):
    return run_example(sys.argv[1:] if argv is None else argv, name="ItalyPowerDemand",
                       task="classification", load=load_italy_power_demand,
                       make_model=make_model, params=PARAMS, published=PUBLISHED,
                       n_repeats=3)


if __name__ == "__main__":
    main()
