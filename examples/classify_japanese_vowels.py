"""JapaneseVowels: which of nine speakers said /ae/?

The data: nine Japanese men uttering the vowels 'a' then 'e'; each utterance is 7 to 29
frames of 12 LPC cepstrum coefficients (12 channels), of UNEQUAL lengths: the loader
returns a list of (T_i, 12) arrays, which skrnn takes as is (no padding by the user).
Official UEA split: 270 train utterances (30 per speaker) and 370 test
(`skrnn.datasets.load_japanese_vowels`).

Run: ``python examples/classify_japanese_vowels.py``. Options: ``--tune`` re-runs the
cross-validated grid search on the train split that chose ``PARAMS``; ``--seeds 5``
repeats the fit with five random states.

Reference test accuracies: 1-NN DTW (dependent, full window) .949, as computed on this
copy when it was converted (see the Bunch's DESCR); MLP .976 and FCN .993 (means of 10
runs on the MTS archive's copy of this data set, Ismail Fawaz et al. 2019, "Deep
learning for time series classification: a review"). With 370 test cases, .993 allows
at most 2 errors.
"""
import sys

import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skrnn import RNNClassifier
from skrnn.datasets import load_japanese_vowels
from skrnn.preprocessing import SequenceScaler

from _common import main as run_example  # fit, score, print; --tune, --seeds

# chosen by 5-fold cross-validation on the train split repeated 3 times (``--tune``),
# never on the test split: the highest mean cv accuracy of GRID (.9914, tied with the
# same model trained 40 epochs), ties broken by the lowest mean cv log-loss (.0705).
# Each repeat also changes the model's random_state (0..2), so the score averages over
# initialisations, not only over splits. ``deltas`` is the preprocessing's (each frame
# gets its change from the previous frame, and with 2 that change's change: 12 -> 36
# channels, as speech features usually are), the rest RNNClassifier's; tol=0 with a
# large n_iter_no_change trains exactly max_iter epochs. Earlier stages: with alpha=1e-4,
# LSTM/GRU x hidden 32/64 x 50..200 epochs all scored .948-.963 (the models reach
# training accuracy 1.0 and overfit); alpha 0.1 helped (.970-.980), and with it (no
# deltas) hidden 64/128, batch 8/16/64, lr 1e-3, 120-150 epochs and a unidirectional GRU
# were no better (.933-.974); with deltas=2, hidden 16/64, batch 16 and two layers with
# dropout 0.2 were no better (.980-.990). A soft VotingClassifier of five such models
# (seeds) scored .9938, two fewer errors in 810 held-out predictions, at five times the
# cost: not adopted, a single model being preferred.
PARAMS = dict(
    deltas=2,
    cell="gru", hidden_size=32, num_layers=1, bidirectional=True,
    learning_rate_init=3e-3, batch_size=32, max_iter=60, tol=0.0, n_iter_no_change=1000,
    alpha=0.1, clip_norm=1.0, random_state=0, n_jobs=2, dtype="float32",
)
GRID = dict(deltas=[0, 1, 2], cell=["gru", "lstm"], max_iter=[40, 60], alpha=[0.03, 0.1])
PUBLISHED = "1NN-DTW_D .949; MLP .976; FCN .993"


def add_deltas(X, order):
    """Each frame followed by its difference from the previous frame (``order`` >= 1)
    and that difference's difference (``order`` 2); the first frame's are zero. X is a
    list of (T_i, 12) arrays; returns a list of (T_i, 12 * (1 + order)) arrays."""
    out = []
    for x in X:
        parts = [x]
        for _ in range(order):
            parts.append(np.diff(parts[-1], axis=0, prepend=parts[-1][:1]))
        out.append(np.concatenate(parts, axis=1))
    return out


def make_model(params):
    params = dict(params)
    order = params.pop("deltas")
    return make_pipeline(
        FunctionTransformer(add_deltas, kw_args=dict(order=order)),
        # each channel standardised over all real frames of the train split
        # (SequenceScaler never counts padding)
        SequenceScaler(),
        RNNClassifier(**params))


def main(argv=None):
    return run_example(sys.argv[1:] if argv is None else argv, name="JapaneseVowels",
               task="classification", load=load_japanese_vowels, make_model=make_model,
               params=PARAMS, grid=GRID, published=PUBLISHED, n_repeats=3,
               seed_per_repeat=True, tie_break="log_loss")


if __name__ == "__main__":
    main()
