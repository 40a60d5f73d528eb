"""GunPoint: did the actor draw a gun, or only point a finger?

The data: the X coordinate of an actor's right hand, tracked in video over 150 frames and
z-normalised; class '1' (Gun-Draw) draws a replica gun from a hip holster, aims and puts it
back, class '2' (Point) makes the same motion with the index finger. Official UCR split: 50
train and 150 test series (`skrnn.datasets.load_gunpoint`).

Run: ``python examples/classify_gunpoint.py``. Options: ``--tune`` re-runs the
cross-validated grid search on the train split that chose ``PARAMS``; ``--seeds 5``
repeats the fit with five random states.

Published test accuracies: 1-NN Euclidean .913 and 1-NN DTW .907 (UCR archive summary,
Dau et al. 2019); FCN 1.0 (Wang et al. 2017).
"""
import sys

from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier
from skrnn.datasets import load_gunpoint
from skrnn.preprocessing import SequenceScaler

# chosen by repeated 5-fold cross-validation on the train split (``--tune``), never on
# the test split
PARAMS = dict(
    cell="gru", hidden_size=32, num_layers=1, bidirectional=True,
    learning_rate_init=3e-3, batch_size=10, max_iter=100, tol=0.0, alpha=1e-4,
    clip_norm=1.0, random_state=0, n_jobs=2, dtype="float32",
)
GRID = dict(
    cell=["lstm", "gru"],
    bidirectional=[False, True],
    hidden_size=[32, 64],
    max_iter=[50, 100],
)
PUBLISHED = "1NN-ED .913; 1NN-DTW .907; FCN 1.0"


def make_model(params):
    # the channel standardised with the train split's mean and deviation over all frames
    return make_pipeline(SequenceScaler(), RNNClassifier(**params))


def main(argv=None):
    from _common import main as run
    return run(sys.argv[1:] if argv is None else argv, name="GunPoint",
               task="classification", load=load_gunpoint, make_model=make_model,
               params=PARAMS, grid=GRID, published=PUBLISHED, n_repeats=2)


if __name__ == "__main__":
    main()
