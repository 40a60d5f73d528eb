"""JapaneseVowels: which of nine speakers said /ae/?
=================================================

The data: nine Japanese men uttering the vowels 'a' then 'e'; each utterance is 7 to 29
frames of 12 LPC cepstrum coefficients (12 channels), of UNEQUAL lengths: the loader
returns a list of (T_i, 12) arrays, which skrnn takes as is (no padding by the user).
Official UEA split: 270 train utterances (30 per speaker) and 370 test
(`skrnn.datasets.load_japanese_vowels`).

Run: ``python examples/classify_japanese_vowels.py``: the library's defaults,
``make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))``. Options: ``--tune``
cross-validates the preprocessing of `skrnn.preprocessing` on the train split (``GRID``
below: _common.py's, plus the first and second differences of every frame that this
script used to add, as speech features usually are; ``--set deltas=2`` for one run);
``--seeds 5`` repeats the fit with five random states.

Reference test accuracies: 1-NN DTW (dependent, full window) .949, as computed on this
copy when it was converted (see the Bunch's DESCR); MLP .976 and FCN .993 (means of 10
runs on the MTS archive's copy of this data set, Ismail Fawaz et al. 2019, "Deep
learning for time series classification: a review"). With 370 test cases, .993 allows
at most 2 errors.
"""
import sys

from skrnn import RNNClassifier
from skrnn.datasets import load_japanese_vowels

from _common import GRID as COMMON_GRID
from _common import main as run_example  # fit, score, print; --tune, --seeds
from _common import sequence_model  # SequenceScaler, [preprocessing], the estimator

# The library's defaults; no per-set hyperparameters (see _common.py's PREPROCESSING
# for why no preprocessing either).
PARAMS = dict(random_state=0)
# windows of 4 frames leave 2-8 steps of these short utterances; differences of order 2
# (12 -> 36 channels) are the speech features' usual deltas and delta-deltas
GRID = COMMON_GRID + [dict(window=[1], deltas=[2])]
PUBLISHED = "1NN-DTW_D .949; MLP .976; FCN .993"


def make_model(params):
    # each channel standardised over all real frames of the train split (SequenceScaler
    # never counts padding); every utterance differenced and windowed in its own length
    return sequence_model(params, RNNClassifier)


def main(argv=None):
    # --tune: 5-fold CV repeated 3 times, each repeat with another random_state; ties
    # go to the lowest held-out log-loss
    return run_example(sys.argv[1:] if argv is None else argv, name="JapaneseVowels",
                       task="classification", load=load_japanese_vowels,
                       make_model=make_model, params=PARAMS, grid=GRID,
                       published=PUBLISHED, n_repeats=3, seed_per_repeat=True,
                       tie_break="log_loss")


if __name__ == "__main__":
    main()
