"""GunPoint: did the actor draw a gun, or only point a finger?
===========================================================

The data: the X coordinate of an actor's right hand, tracked in video over 150 frames and
z-normalised; class '1' (Gun-Draw) draws a replica gun from a hip holster, aims and puts it
back, class '2' (Point) makes the same motion with the index finger. Official UCR split: 50
train and 150 test series (`skrnn.datasets.load_gunpoint`).

Run: ``python examples/classify_gunpoint.py``: the library's defaults,
``make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))``. Options: ``--tune``
cross-validates the preprocessing of `skrnn.preprocessing` on the train split (``GRID``
in _common.py); ``--seeds 5`` repeats the fit with five random states.

A recurrent network reading 150 raw steps one at a time learns slowly from 50 examples;
the default ``patch_size="auto"`` reads them in patches of 3 consecutive frames (50
recurrent steps), which is what averaging frames first (``WindowAggregator``) used to do
for this script.

Published test accuracies: 1-NN Euclidean .913 and 1-NN DTW .907 (UCR archive summary
table, Dau et al. 2019, reproduced on this copy); FCN 1.0 (mean of 10 runs, Ismail
Fawaz et al. 2019, "Deep learning for time series classification: a review").
"""
import sys

from skrnn import RNNClassifier
from skrnn.datasets import load_gunpoint

from _common import main as run_example  # fit, score, print; --tune, --seeds
from _common import sequence_model  # SequenceScaler, [preprocessing], the estimator

# The library's defaults; no per-set hyperparameters (see _common.py's PREPROCESSING
# for why no preprocessing either).
PARAMS = dict(random_state=0)
PUBLISHED = "1NN-ED .913; 1NN-DTW .907; FCN 1.0"


def make_model(params):
    return sequence_model(params, RNNClassifier)


def main(argv=None):
    return run_example(sys.argv[1:] if argv is None else argv, name="GunPoint",
                       task="classification", load=load_gunpoint, make_model=make_model,
                       params=PARAMS, published=PUBLISHED, n_repeats=2)


if __name__ == "__main__":
    main()
