"""Text classification: which fortune file is a quotation from?
===============================================================

3248 quotations of the BSD ``fortune`` database, labelled by the topic file they are in
(art, computers, food, law, politics, science; `skrnn.datasets.load_fortunes`, every
fourth quotation of each topic held out). The recurrent model reads the words in order:
``make_pipeline(Tokenizer(level="word", min_freq=2), RNNClassifier(embedding_dim=32))``
at its defaults otherwise. Beside it, in the same script, the majority class and the
usual strong baseline for short texts, TF-IDF of words and word pairs with a logistic
regression (which ignores the order of the words beyond pairs).

Run: ``python examples/classify_fortunes.py`` (figures in ``docs/results.md``).
"""
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skrnn import RNNClassifier
from skrnn.datasets import load_fortunes
from skrnn.text import Tokenizer


def main(seed=0):
    X, y = load_fortunes(split="train", return_X_y=True)
    X_test, y_test = load_fortunes(split="test", return_X_y=True)
    labels, counts = np.unique(y, return_counts=True)
    majority = float(np.mean(y_test == labels[np.argmax(counts)]))
    rnn = make_pipeline(Tokenizer(level="word", min_freq=2),
                        RNNClassifier(embedding_dim=32, random_state=seed))
    start = time.perf_counter()
    rnn.fit(X, y)
    seconds = time.perf_counter() - start
    tfidf = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                          LogisticRegression(C=10.0, max_iter=2000))
    tfidf.fit(X, y)
    scores = {"RNN": rnn.score(X_test, y_test), "TF-IDF + logistic":
              tfidf.score(X_test, y_test), "majority class": majority}
    print(f"{len(X)} training quotations, {len(X_test)} held out; RNN fit {seconds:.0f} s")
    for name, score in scores.items():
        print(f"{name:<18} test accuracy {score:.3f}")
    return scores


if __name__ == "__main__":
    main()
