"""A character language model of The Devil's Dictionary
=====================================================

`RNNLanguageModel` learns to predict the next character of Ambrose Bierce's *The Devil's
Dictionary* (`skrnn.datasets.load_devils_dictionary`: 903 entries to train on, every
tenth entry, 100 of them, held out). The script compares its held-out perplexity per
character with two baselines computed here on the same characters: a unigram model
(each character's training frequency) and a bigram model (the next character's
frequency after the current one, add-one smoothed), then generates a few entries at two
temperatures.

Run: ``python examples/language_model_devils_dictionary.py`` (``--epochs 10`` by
default, about 6 s an epoch on two cores; figures in ``docs/results.md``).
"""
import argparse
import time

import numpy as np

from skrnn import RNNLanguageModel
from skrnn.datasets import load_devils_dictionary


def baselines(tokenizer, train, test):
    """Per-character perplexity of the unigram and the add-one bigram models on
    ``test``, counted on ``train`` (each text framed by <bos> ... <eos>, as the
    network's)."""
    V = len(tokenizer.get_feature_names_out())

    def framed(texts):
        return [np.r_[2, ids, 3] for ids in tokenizer.transform(texts)]

    unigram = np.ones(V)
    bigram = np.ones((V, V))
    for ids in framed(train):
        np.add.at(unigram, ids[1:], 1)
        np.add.at(bigram, (ids[:-1], ids[1:]), 1)
    unigram /= unigram.sum()
    bigram /= bigram.sum(axis=1, keepdims=True)
    uni, bi = [], []
    for ids in framed(test):
        uni.append(np.log(unigram[ids[1:]]))
        bi.append(np.log(bigram[ids[:-1], ids[1:]]))
    return float(np.exp(-np.concatenate(uni).mean())), \
        float(np.exp(-np.concatenate(bi).mean()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    train = load_devils_dictionary(split="train").data
    test = load_devils_dictionary(split="test").data
    lm = RNNLanguageModel(max_iter=args.epochs, learning_rate_init=0.003, tol=0.0,
                          random_state=args.seed)
    start = time.perf_counter()
    lm.fit(train)
    seconds = time.perf_counter() - start
    unigram, bigram = baselines(lm.tokenizer_, train, test)
    ours = lm.perplexity(test)
    print(f"{len(train)} training entries, vocabulary of {lm.vocabulary_size_} "
          f"characters, {args.epochs} epochs in {seconds:.0f} s")
    print(f"held-out perplexity per character: LSTM {ours:.2f}, bigram {bigram:.2f}, "
          f"unigram {unigram:.2f}")
    for temperature in (0.5, 1.0):
        print(f"\n--- temperature {temperature}")
        for seed in range(2):
            print(lm.generate("", max_length=300, temperature=temperature,
                              random_state=seed).strip())
    return {"perplexity": ours, "bigram": bigram, "unigram": unigram,
            "seconds": seconds}


if __name__ == "__main__":
    main()
