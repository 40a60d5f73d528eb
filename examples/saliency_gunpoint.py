"""Saliency on GunPoint: which frames decide between a gun and a finger?
======================================================================

`RNNClassifier.input_gradients` returns, for every sequence, the gradient of its
predicted class's probability with respect to each input value: where it is large, a
small change of the input would have moved the prediction most (a saliency map).

The data: the X coordinate of an actor's right hand over 150 video frames; class '1'
(Gun-Draw) draws a replica gun from a hip holster, aims and puts it back, class '2'
(Point) makes the same motion with the index finger (`skrnn.datasets.load_gunpoint`,
official UCR split). The gradients are taken through the whole pipeline's classifier,
on the scaled test series (``pipe[:-1].transform(X)``, what the classifier reads).

Run: ``python examples/saliency_gunpoint.py`` prints the test accuracy and, per class,
the share of the total saliency that falls in each fifth of the 150 frames;
``--plot saliency.png`` (the ``plot`` extra, matplotlib) draws four test series with
their saliency.
"""
import argparse

import numpy as np
from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier
from skrnn.datasets import load_gunpoint
from skrnn.preprocessing import SequenceScaler

N_SEGMENTS = 5


def saliency_profile(gradients, labels, classes):
    """Per class: the share (sums to 1) of the summed |gradient| in each of
    `N_SEGMENTS` equal stretches of time."""
    magnitude = np.abs(gradients).sum(axis=2)  # (n, T): over the features
    profile = {}
    for label in classes:
        per_step = magnitude[labels == label].sum(axis=0)
        segments = np.array([part.sum() for part in np.array_split(per_step, N_SEGMENTS)])
        profile[label] = segments / segments.sum()
    return profile


def plot(X, gradients, labels, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    picks = [i for label in np.unique(labels) for i in np.flatnonzero(labels == label)[:2]]
    fig, axes = plt.subplots(len(picks), 1, figsize=(7, 1.8 * len(picks)), sharex=True)
    for ax, i in zip(axes, picks):
        x, s = X[i, :, 0], np.abs(gradients[i, :, 0])
        ax.plot(x, color="black", linewidth=1)
        ax.scatter(np.arange(len(x)), x, c=s, cmap="Reds", s=12, zorder=3)
        ax.set_ylabel(f"class {labels[i]}")
    axes[-1].set_xlabel("frame")
    fig.suptitle("GunPoint test series, coloured by |d p(predicted class) / d x_t|")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    print(f"saved {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", metavar="PNG", help="draw four series to this file")
    args = parser.parse_args(argv)

    X_train, y_train = load_gunpoint(split="train", return_X_y=True)
    X_test, y_test = load_gunpoint(split="test", return_X_y=True)
    pipe = make_pipeline(SequenceScaler(), RNNClassifier(random_state=0))
    pipe.fit(X_train, y_train)
    print(f"test accuracy {pipe.score(X_test, y_test):.3f}")

    scaled = pipe[:-1].transform(X_test)
    gradients = pipe[-1].input_gradients(scaled)  # (150, 150, 1), like X_test
    predicted = pipe.predict(X_test)
    profile = saliency_profile(gradients, predicted, pipe.classes_)
    edges = np.linspace(0, X_test.shape[1], N_SEGMENTS + 1).astype(int)
    print("share of the saliency per stretch of frames, by predicted class:")
    print("class  " + "  ".join(f"{a:3d}-{b - 1:<3d}" for a, b in zip(edges, edges[1:])))
    for label, shares in profile.items():
        print(f"{label:<5}  " + "  ".join(f"{share:7.2f}" for share in shares))
    if args.plot:
        plot(scaled, gradients, predicted, args.plot)
    return profile


if __name__ == "__main__":
    main()
