"""BasicMotions: which activity, from ten seconds of a smart watch's motion sensors?

The data: a 3-D accelerometer and a 3-D gyroscope (6 channels) sampled at 10 Hz for ten
seconds (100 steps) while a student was Standing, Walking, Running or playing Badminton.
Official UEA split: 40 train and 40 test recordings, ten per class in each
(`skrnn.datasets.load_basic_motions`).

Run: ``python examples/classify_basic_motions.py``. Options: ``--tune`` re-runs the
cross-validated grid search on the train split that chose ``PARAMS``; ``--seeds 5``
repeats the fit with five random states.

Reference test accuracies: 1-NN DTW (dependent, full window) .975, as computed on this
copy when it was converted (see the Bunch's DESCR); ResNet 1.0 (published figure, not
re-checked here). With 40 test cases, beating .975 means no error at all.
"""
import sys

from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skrnn import RNNClassifier
from skrnn.datasets import load_basic_motions
from skrnn.preprocessing import SequenceScaler

from _common import main as run_example  # fit, score, print; --tune, --seeds
from _common import paa  # mean (and log std) of every `window` steps

# chosen by 5-fold cross-validation on the train split repeated 5 times (``--tune``),
# never on the test split: the highest mean cv accuracy of GRID (1.0 on all 25 folds),
# ties broken by the lowest mean cv log-loss (.0002; six candidates of GRID reach
# 1.0, all with ``log_std=True``). Each repeat also changes the model's random_state
# (0..4), so the score averages over initialisations, not only over splits.
# ``window``/``log_std`` are the preprocessing's (`paa` in _common.py: per channel the
# mean and the log standard deviation of every 5 steps, 100 -> 20 steps of 12 values),
# the rest RNNClassifier's; tol=0 with a large n_iter_no_change trains exactly max_iter
# epochs. Earlier stages (3 repeats with a fixed random_state, then 5 with it varied):
# on the means alone every candidate scored .94-.98 and the earlier choice (same
# model, means only) .955; a bidirectional GRU was better than an LSTM or a
# unidirectional GRU; batch 4/16, lr 1e-3/1e-2, alpha 1e-2/1e-1 and 200 epochs were no
# better than batch 8, lr 3e-3, alpha 1e-4 and 100 epochs.
PARAMS = dict(
    window=5, log_std=True,
    cell="gru", hidden_size=64, num_layers=1, bidirectional=True,
    learning_rate_init=3e-3, batch_size=8, max_iter=100, tol=0.0, n_iter_no_change=1000,
    alpha=1e-4, clip_norm=1.0, random_state=0, n_jobs=2, dtype="float32",
)
GRID = dict(
    log_std=[False, True],
    window=[5, 10, 20],
    cell=["gru", "lstm"],
    hidden_size=[32, 64],
)
PUBLISHED = "1NN-DTW_D .975; ResNet 1.0"


def make_model(params):
    params = dict(params)
    window, log_std = params.pop("window"), params.pop("log_std")
    return make_pipeline(
        FunctionTransformer(paa, kw_args=dict(window=window, log_std=log_std)),
        SequenceScaler(),  # each of the 12 channels standardised on the train split
        RNNClassifier(**params))


def main(argv=None):
    return run_example(sys.argv[1:] if argv is None else argv, name="BasicMotions",
               task="classification", load=load_basic_motions, make_model=make_model,
               params=PARAMS, grid=GRID, published=PUBLISHED, n_repeats=5,
               seed_per_repeat=True, tie_break="log_loss")


if __name__ == "__main__":
    main()
