"""`RNNLanguageModel`: next-token prediction over text, perplexity, and generation."""
from dataclasses import replace
from numbers import Integral, Real

import numpy as np
from sklearn.base import clone
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_is_fitted

from .._compat import Interval, StrOptions, fit_context
from .._data import pad_rows, tokens_as_sequences
from .._models import SequenceModel, log_softmax, softmax
from .._network import blas_single_thread
from .._training import TrainingData
from ._base import BaseRNN, store_parameters
from ._docs import shared_parameters
from ._tokenizer import BOS, EOS, Tokenizer

_DEFAULTS = {"hidden_size": "128", "max_iter": "20", "batch_size": "32", "learning_rate": '"adaptive"',
             "clip_norm": "1.0", "init": '"orthogonal"', "forget_bias": "1.0"}


class RNNLanguageModel(BaseRNN):
    __doc__ = """Recurrent language model: the next token of a text, step by step.

    ``fit(texts)`` tokenizes the strings (``tokenizer``; characters by default), frames
    each text as ``<bos> tokens <eos>``, joins them into one stream and trains a network
    with an embedding input and a softmax head over the vocabulary to predict every
    next token (teacher forcing, next-token cross-entropy), on windows of
    ``sequence_length`` tokens. `score` is the mean log-likelihood per token (minus the
    cross-entropy), so `GridSearchCV` tunes the model without labels; `perplexity` is
    its exponential's inverse. `generate` samples text one token at a time, feeding
    each back with the state carried, until ``<eos>``; `predict_proba` gives the next
    token's distribution after each prefix.

    X is a list of strings, or of 1-D integer token arrays when ``tokenizer`` is
    "passthrough" (whose ids 2 and 3 are then read as ``<bos>`` and ``<eos>``, as
    `skrnn.text.Tokenizer` numbers them).

    Parameters
    ----------
    tokenizer : Tokenizer-like, "passthrough" or None, default=None
        Fitted (a clone) on the training texts: anything with ``fit``, ``transform``
        and ``inverse_transform`` numbering the special tokens as `skrnn.text` does.
        None is ``Tokenizer(level="char")``: the lectures' character models.
    embedding_dim : int, default=32
        Width of the learned token embedding.
    sequence_length : int, default=64
        Tokens per training window (the length BPTT runs through).
    sampling : {"random", "sequential"}, default="random"
        How the stream is cut, as in d2l: "random" cuts it into full windows from a
        random first offset, drawn anew before every epoch (from ``random_state``), and
        trains them in shuffled minibatches, each from a zero state, so that over the
        epochs every cut position is seen; "sequential" cuts contiguous windows and
        starts each from the previous window's final state (truncated BPTT: no
        gradient crosses the cut).
""" + shared_parameters(_DEFAULTS) + """
    Attributes
    ----------
    tokenizer_ : object or None
        The fitted tokenizer (None for "passthrough").
    vocabulary_size_ : int
        Tokens the embedding and the head cover.
    loss_curve_ : list of float
        Training loss (cross-entropy per token) of each epoch.
    n_iter_ : int
        Epochs run.

    Examples
    --------
    >>> from skrnn import RNNLanguageModel
    >>> texts = ["abcabcabc", "abcabc", "abcabcabcabc"] * 10
    >>> lm = RNNLanguageModel(hidden_size=16, max_iter=30, learning_rate_init=0.01,
    ...                       random_state=0).fit(texts)
    >>> lm.generate("ab", max_length=5, temperature=0.1, random_state=0)
    'abcabca'
    >>> bool(lm.perplexity(["abcabc"]) < 2.0)
    True
    """
    _loss = "sparse_softmax_cross_entropy"
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "tokenizer": [None, StrOptions({"passthrough"}),
                      HasMethods(["fit", "transform", "inverse_transform"])],
        "embedding_dim": [Interval(Integral, 1, None, closed="left")],
        "sequence_length": [Interval(Integral, 2, None, closed="left")],
        "sampling": [StrOptions({"random", "sequential"})],
    }

    def __init__(self, *, tokenizer=None, embedding_dim=32, sequence_length=64,
                 sampling="random", cell="lstm", hidden_size=128, num_layers=1,
                 bidirectional=False, activation="tanh", dropout=0.0, solver="adam",
                 learning_rate_init=0.001, learning_rate="adaptive", power_t=0.5,
                 momentum=0.9, nesterovs_momentum=True, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-8, alpha=0.0001, batch_size=32, max_iter=20, shuffle=True,
                 clip_norm=1.0, clip_value=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4, warm_start=False,
                 random_state=None, verbose=False, dtype="float32", n_jobs=None,
                 init="orthogonal", forget_bias=1.0, learn_initial_state=False,
                 gru_variant="pytorch"):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = False
        return tags

    def _check_settings(self):
        super()._check_settings()
        if self.bidirectional:
            raise ValueError("bidirectional=True would read the tokens a language model "
                             "must predict; a language model reads forward only.")
        if self.sampling == "sequential" and self.learn_initial_state:
            raise ValueError("sampling='sequential' starts each window from the previous "
                             "window's state, so learn_initial_state=True has nothing to "
                             "learn; use one or the other.")

    # ------------------------------------------------------------------ tokens
    def _documents(self, X, fresh):
        """Each text's token ids (int64 arrays), and the fitted attributes a fresh fit
        sets (the tokenizer, the vocabulary size)."""
        if isinstance(X, str):
            raise ValueError("X must be a list of texts, one per document; got a single "
                             "string. Wrap it in a list: [text].")
        if self.tokenizer == "passthrough":
            size = None if fresh else self.vocabulary_size_
            sequences, top = tokens_as_sequences(list(X), size)
            docs = [s[:, 0].astype(np.int64) for s in sequences]
            return docs, ({"tokenizer_": None} if fresh else {})
        tokenizer = (clone(self.tokenizer) if self.tokenizer is not None
                     else Tokenizer(level="char")).fit(X) if fresh else self.tokenizer_
        return tokenizer.transform(X), ({"tokenizer_": tokenizer} if fresh else {})

    def _encode(self, text):
        """The ids of one prefix (a str, or ids with "passthrough")."""
        if self.tokenizer == "passthrough":
            return np.asarray(tokens_as_sequences([np.asarray(text, dtype=np.int64)],
                                                  self.vocabulary_size_)[0][0][:, 0],
                              dtype=np.int64)
        return self.tokenizer_.transform([text])[0]

    # ---------------------------------------------------------------- training
    def _training_data(self, X, y, sample_weight, fresh):
        docs, fitted = self._documents(X, fresh)
        stream = np.concatenate([np.r_[BOS, d, EOS] for d in docs]).astype(np.float64)
        if fresh:
            fitted["vocabulary_size_"] = int(stream.max()) + 1
        L, dtype = self.sequence_length, self.dtype
        if self.sampling == "random" and len(stream) - L >= L:
            # d2l's random sampling: full windows from a first offset drawn anew every
            # epoch; as many windows as any offset below L leaves room for.
            n = (len(stream) - L) // L
            first = check_random_state(self.random_state).randint(L)
            data = _windows(stream, L, np.arange(n) * L + first, dtype)
            data = replace(data, redraw=lambda rng: _windows(
                stream, L, np.arange(n) * L + rng.randint(L), dtype))
        else:  # contiguous windows, or a stream shorter than two windows
            data = _windows(stream, L, np.arange(0, len(stream) - 1, L), dtype)
            if self.sampling == "sequential":
                data = replace(data, previous=np.arange(data.n_samples) - 1)
        return data, fitted

    def _make_model(self, data):
        """A network reading the embedded tokens, with a head over the vocabulary: the
        largest id of the training stream plus one (every token of a tokenizer fitted
        on the training texts occurs in them)."""
        size = int(np.rint(max(data.X.max(), data.targets.max()))) + 1
        return SequenceModel(self._network(self.embedding_dim), size, self._loss,
                             self.dropout, init=self._init_options(),
                             embedding=(size, self.embedding_dim))

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Train on the texts ``X``.

        Parameters
        ----------
        X : list of str (or of 1-D int arrays with ``tokenizer="passthrough"``)
        y : None
            Ignored.

        Returns
        -------
        self : RNNLanguageModel
        """
        return self._fit(X, None)

    # ------------------------------------------------------------------ scores
    def _log_likelihoods(self, X):
        """The log-probability of every token of every text (after ``<bos>``, up to
        and including ``<eos>``), concatenated."""
        check_is_fitted(self, "params_")
        docs = self._documents(X, False)[0]
        sequences = [np.r_[BOS, d, EOS] for d in docs]
        inputs, lengths = _padded([s[:-1] for s in sequences], self.dtype)
        logits = self._model.predict(self.params_, inputs, lengths, per_step=True)
        out = []
        for z, s in zip(logits, sequences):
            log_p = log_softmax(z.astype(np.float64))
            out.append(log_p[np.arange(len(z)), s[1:]])
        return np.concatenate(out)

    def score(self, X, y=None):
        """Mean log-likelihood per token of the texts X (minus the cross-entropy in
        nats; greater is better), every token after ``<bos>`` counted, ``<eos>`` too.

        Parameters
        ----------
        X : list of str (or of token arrays)
        y : None
            Ignored.

        Returns
        -------
        score : float
        """
        return float(self._log_likelihoods(X).mean())

    def perplexity(self, X):
        """``exp(-score(X))``: the model is as unsure as a uniform choice among this many
        tokens, on average.

        Parameters
        ----------
        X : list of str (or of token arrays)

        Returns
        -------
        perplexity : float
        """
        return float(np.exp(-self.score(X)))

    # ------------------------------------------------------------- generation
    def predict_proba(self, X):
        """The next token's distribution after each prefix.

        Parameters
        ----------
        X : list of str (or of token arrays)
            Prefixes (each read after ``<bos>``).

        Returns
        -------
        proba : ndarray of shape (n_prefixes, vocabulary_size_)
            In the tokenizer's id order (``tokenizer_.get_feature_names_out()``).
        """
        check_is_fitted(self, "params_")
        docs = self._documents(X, False)[0]
        inputs, lengths = _padded([np.r_[BOS, d] for d in docs], self.dtype)
        return softmax(self._model.predict(self.params_, inputs, lengths,
                                           per_step=False).astype(np.float64))

    def generate(self, prefix="", *, max_length=200, temperature=1.0, top_k=None,
                 random_state=None):
        """Sample a continuation of ``prefix``, one token at a time, until ``<eos>``.

        Each sampled token is fed back as the next input, the state carried, so a
        continuation of n tokens costs n single steps.

        Parameters
        ----------
        prefix : str (or token ids with "passthrough"), default=""
        max_length : int, default=200
            Tokens to generate at most (``<eos>`` stops earlier).
        temperature : float > 0, default=1.0
            Divides the logits: below 1 sharper (more likely tokens), above 1 flatter.
        top_k : int or None, default=None
            Sample among the ``top_k`` most likely tokens only.
        random_state : int, RandomState or None, default=None
            The sampling's randomness: an int gives the same text every time.

        Returns
        -------
        text : str, ``prefix`` followed by the sample (token ids with "passthrough")
        """
        check_is_fitted(self, "params_")
        if not (isinstance(temperature, Real) and temperature > 0):
            raise ValueError(f"temperature must be a number > 0, got {temperature!r}.")
        if top_k is not None and not (isinstance(top_k, Integral) and top_k >= 1):
            raise ValueError(f"top_k must be None or an int >= 1, got {top_k!r}.")
        if not (isinstance(max_length, Integral) and max_length >= 0):
            raise ValueError(f"max_length must be an int >= 0, got {max_length!r}.")
        rng = check_random_state(random_state)
        ids = np.r_[BOS, self._encode(prefix)].astype(self.dtype)
        model, params = self._model, self.params_
        sampled = []
        with blas_single_thread():
            Z, states = model.forward(params, ids[None, :, None],
                                      np.array([len(ids)], dtype=np.int64))
            for _ in range(max_length):
                logits = Z[0].astype(np.float64) / temperature
                if top_k is not None and top_k < len(logits):
                    logits[np.argsort(logits)[:-top_k]] = -np.inf
                token = int(rng.choice(len(logits), p=softmax(logits[None])[0]))
                if token == EOS:
                    break
                sampled.append(token)
                Z, states = model.forward(
                    params, np.array([[[token]]], dtype=self.dtype), None, states)
        if self.tokenizer == "passthrough":
            return np.asarray(sampled, dtype=np.int64)
        text = self.tokenizer_.inverse_transform([np.asarray(sampled, dtype=np.int64)])[0]
        joiner = " " if getattr(self.tokenizer_, "level", "char") == "word" and \
            prefix and text else ""
        return prefix + joiner + text


def _padded(sequences, dtype, max_length=None):
    """Token id sequences (1-D) as a zero-padded batch (n, T, 1) and their lengths."""
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    T = int(lengths.max()) if max_length is None else max_length
    return pad_rows(np.concatenate(sequences)[:, None], lengths, T, dtype), lengths


def _windows(stream, L, starts, dtype):
    """Next-token training rows of ``stream`` (token ids as floats): the window of up
    to ``L`` tokens from each of ``starts`` and, at every step, the token after it."""
    ends = np.minimum(starts + L, len(stream) - 1)
    inputs, lengths = _padded([stream[s:e] for s, e in zip(starts, ends)], dtype, L)
    targets = _padded([stream[s + 1:e + 1] for s, e in zip(starts, ends)], dtype, L)[0]
    return TrainingData(X=inputs, lengths=lengths, targets=targets,
                        sample_weight=np.ones(len(starts)), per_step=True)
