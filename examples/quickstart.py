"""Quickstart: a recurrent classifier at its defaults, in a scikit-learn pipeline.
===============================================================================

The data set ships with skrnn (no download): GunPoint from the UCR archive, the
x-position of an actor's hand over 150 frames, to be labelled as drawing a gun (class
'1') or pointing a finger (class '2'). It comes with its official split, 50 training
and 150 test series.

The script

1. loads both splits with ``skrnn.datasets.load_gunpoint``;
2. fits ``make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))`` on the
   training series, at the estimator's defaults, showing its progress network by
   network with scikit-learn's ``ProgressBar`` callback (``pip install rich``, the
   ``progress`` extra; without rich, ``verbose=True`` prints one line per epoch);
3. prints the test accuracy next to a simple baseline computed here on the same split:
   the 1-nearest-neighbour classifier with Euclidean distance on the raw series.

Run it with::

    python examples/quickstart.py

The first run after installing compiles skrnn's numba kernels (about 6 s for the LSTM on
the development machine); skrnn says so on stderr when compilation starts, and numba
caches them, so later runs take a few seconds. The defaults
and their figures on every shipped set are in docs/results.md ("The accuracy panel").
"""
import time

print("skrnn quickstart: an LSTM classifier at its defaults on GunPoint (gun or finger?)")

from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skrnn import RNNClassifier  # noqa: E402
from skrnn.datasets import load_gunpoint  # noqa: E402
from skrnn.preprocessing import SequenceScaler  # noqa: E402

# X: float32 array (n_series, 150 frames, 1 channel); y: the class labels '1' and '2'
X_train, y_train = load_gunpoint(split="train", return_X_y=True)
X_test, y_test = load_gunpoint(split="test", return_X_y=True)
print(f"train: {X_train.shape[0]} series, test: {X_test.shape[0]} series, "
      f"{X_train.shape[1]} frames each")

# SequenceScaler standardises the channel with the training split's statistics;
# RNNClassifier's defaults read 150 frames in patches (patch_size="auto"), clip the
# gradient and reduce the step size when the loss stops improving.
model = make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))
try:  # scikit-learn's progress bars (rich draws them); else a line per epoch
    from sklearn.callback import ProgressBar
    model.set_callbacks(ProgressBar(max_propagation_depth=None))
except ImportError:  # no rich (or scikit-learn < 1.9)
    model.set_params(rnnclassifier__verbose=True)
print("fitting make_pipeline(SequenceScaler(), RNNClassifier(random_state=0)), "
      "an ensemble of five networks:")
start = time.perf_counter()
model.fit(X_train, y_train)
fit_seconds = time.perf_counter() - start
accuracy = model.score(X_test, y_test)

# baseline: 1-nearest neighbour, Euclidean distance between the raw 150-frame series
knn = KNeighborsClassifier(n_neighbors=1).fit(X_train.reshape(len(X_train), -1), y_train)
baseline = knn.score(X_test.reshape(len(X_test), -1), y_test)

print(f"fit took {fit_seconds:.1f} s (including any numba compilation), "
      f"{model[-1].n_iter_} epochs, patch size {model[-1].patch_size_}")
print(f"test accuracy on {len(X_test)} series: RNNClassifier {accuracy:.3f}, "
      f"1-NN Euclidean baseline {baseline:.3f}")
