"""`RNNEncoder`: a sequence autoencoder on the shared base, as a scikit-learn transformer.

The encoder network reads a sequence; its last state (directions concatenated) is the
code. A one-layer decoder network of the code's width starts from the code as its
initial state and reconstructs the sequence backwards, last step first (the steps the
code has just seen come first, as in Srivastava et al. 2015), teacher forced: its input
at each step is the true previous (in reverse order) step, zeros at the first. A linear
head maps the decoder's states to the features. Training minimises the squared
reconstruction error over all real steps, with the base's solvers and loop.
"""
import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ._base import INFERENCE_BATCH, BaseRNN, _check_sample_weight
from ._compat import fit_context
from ._data import check_sequences
from ._data._batch import step_mask
from ._estimators import SHARED_PARAMETERS
from ._losses import LOSSES
from ._network._parallel import blas_single_thread
from ._output import SequenceOutputMixin


def reverse_steps(X, lengths):
    """Each row's real steps in reverse order (padding stays at the end)."""
    T = X.shape[1]
    src = lengths[:, None] - 1 - np.arange(T)[None, :]
    valid = src >= 0
    out = np.zeros_like(X)
    rows = np.broadcast_to(np.arange(len(X))[:, None], src.shape)
    out[valid] = X[rows[valid], src[valid]]
    return out


def teacher_inputs(targets):
    """Decoder inputs under teacher forcing: zeros, then the targets shifted one step."""
    inputs = np.zeros_like(targets)
    inputs[:, 1:] = targets[:, :-1]
    return inputs


class RNNEncoder(SequenceOutputMixin, ClassNamePrefixFeaturesOutMixin, TransformerMixin,
                 BaseRNN, auto_wrap_output_keys=None):
    __doc__ = """Sequence embeddings from a recurrent autoencoder (unsupervised).

    ``fit(X)`` trains an encoder network, whose last state is the code, together with a
    decoder network that reconstructs each sequence from its code (backwards, teacher
    forced). ``transform(X)`` returns the codes, ``(n_samples, n_components_)`` with
    ``n_components_ = hidden_size`` (twice that when bidirectional): fixed-size features
    of variable-length sequences for any scikit-learn model downstream.
    ``inverse_transform`` decodes codes into sequences of a requested length, and
    `score` is the negative reconstruction error, so `GridSearchCV` can tune it without
    labels.

    X may be any format of the other estimators (3-D array, 2-D array of univariate
    sequences, list of unequal-length sequences, (id, time)-indexed DataFrame). Scale the
    features first (`skrnn.preprocessing.SequenceScaler`): the loss is the squared error
    summed over them.

    Parameters
    ----------
""" + SHARED_PARAMETERS + """
    Attributes
    ----------
    n_components_ : int
        Width of the code.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        When fitted on a DataFrame.
    loss_curve_, validation_scores_, best_loss_, best_validation_score_, n_iter_, t_
        As in `RNNRegressor`; the validation score is `score`'s.
    params_ : ndarray of shape (n_params,)
        Encoder, decoder, then the head's weights and biases.

    Examples
    --------
    >>> import numpy as np
    >>> from skrnn import RNNEncoder
    >>> rng = np.random.RandomState(0)
    >>> X = np.sin(np.linspace(0, 3, 20)[None, :, None] + rng.uniform(0, 6, (50, 1, 1)))
    >>> enc = RNNEncoder(cell="gru", hidden_size=8, max_iter=100, learning_rate_init=0.01,
    ...                  random_state=0).fit(X)
    >>> enc.transform(X).shape
    (50, 8)
    >>> enc.inverse_transform(enc.transform(X[:2]), n_timesteps=20).shape
    (2, 20, 1)
    >>> enc.score(X) > -0.05
    True
    """

    _loss_name = "squared_error"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the autoencoder on sequences ``X``.

        Parameters
        ----------
        X : sequences, any accepted format
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weight of each sequence's reconstruction error.

        Returns
        -------
        self : object
        """
        batch = check_sequences(X, dtype=self.dtype, estimator_name=type(self).__name__)
        fresh = not (self.warm_start and hasattr(self, "params_"))
        self._record_features(X, batch, fresh)
        if fresh:
            self._max_length = batch.max_length
        targets = reverse_steps(np.asarray(batch.X), batch.lengths)
        mask = step_mask(batch.lengths, batch.max_length)
        weights = _check_sample_weight(sample_weight, batch.n_samples)
        return self._fit_batch(batch, targets, mask, weights, fresh)

    def _encode_targets(self, y, first_fit):
        return np.asarray(y, dtype=self.dtype)

    def _build_params(self, n_features, n_outputs, rng):
        self._net = self._make_network(n_features, self.hidden_size, self.num_layers,
                                       self.bidirectional)
        code = self._net.output_size
        self._decoder = self._make_network(n_features, code, 1, False)
        self._head_shape = (n_features, code)
        params = np.concatenate([self._net.init_params(rng), self._decoder.init_params(rng),
                                 *self._head_init(rng, n_features, code)])
        penalised = np.concatenate([self._weights_mask(self._net),
                                    self._weights_mask(self._decoder),
                                    np.ones(n_features * code, bool),
                                    np.zeros(n_features, bool)])
        return params, penalised

    @property
    def n_components_(self):
        check_is_fitted(self, "params_")
        return self._net.output_size

    @property
    def _n_features_out(self):
        return self.n_components_

    def _parts(self, params):
        """Encoder, decoder, head weights (F, code) and head biases (F,) of ``params``."""
        n_enc, n_dec = self._net.n_params, self._decoder.n_params
        F, code = self._head_shape
        W = params[n_enc + n_dec:n_enc + n_dec + F * code].reshape(F, code)
        return params[:n_enc], params[n_enc:n_enc + n_dec], W, params[-F:]

    def _named_views(self, params):
        """The encoder's arrays in PyTorch's names, the decoder's as ``decoder.<name>``
        (one layer, hidden size ``n_components_``), then ``head.weight``
        (n_features, n_components_) and ``head.bias``."""
        enc_p, dec_p, W, b = self._parts(params)
        views = dict(self._net.views(enc_p))
        views.update({f"decoder.{k}": v for k, v in self._decoder.views(dec_p).items()})
        views.update({"head.weight": W, "head.bias": b})
        return views

    def _reconstruct(self, X, lengths, targets, dropout_masks=None, training=True):
        """Encode ``X`` (n, T, F), then decode teacher forced towards ``targets`` (the
        reversed steps). Returns the decoder's states (n, T, code) and both caches."""
        enc_p, dec_p, _, _ = self._parts(self.params_)
        code, _, enc_cache = self._net.forward(enc_p, X, lengths,
                                               dropout_masks=dropout_masks,
                                               training=training)
        out, _, dec_cache = self._decoder.forward(dec_p, teacher_inputs(targets), lengths,
                                                  h0=code[None], return_sequences=True,
                                                  training=training)
        return out, enc_cache, dec_cache

    def _loss_grad(self, batch, rows, Y_rows, mask, sample_weight, rng, penalty=True):
        lengths = batch.lengths[rows]
        T = int(lengths.max())
        enc_p, dec_p, W, b = self._parts(self.params_)
        masks = None if rng is None else self._dropout_masks(len(rows), T, rng)
        targets = Y_rows[rows, :T]
        out, enc_cache, dec_cache = self._reconstruct(batch.X[rows, :T], lengths, targets,
                                                      masks)
        step = mask[rows, :T]
        H = out[step]
        w = np.repeat(sample_weight[rows], lengths)
        total = w.sum()
        if total <= 0:
            return 0.0, np.zeros_like(self.params_)
        w = (w / total).astype(self.params_.dtype)
        loss, dZ = LOSSES[self._loss_name](H @ W.T + b, targets[step], w)
        d_out = np.zeros_like(out)
        d_out[step] = dZ @ W
        g_dec, _, d_code, _ = self._decoder.backward(dec_p, dec_cache, d_out,
                                                     input_grad=False)
        g_enc = self._net.backward(enc_p, enc_cache, d_code[0], input_grad=False)[0]
        grad = np.concatenate([g_enc, g_dec, (dZ.T @ H).ravel(), dZ.sum(axis=0)])
        if penalty:
            loss = self._add_penalty(loss, grad, float(sample_weight[rows].sum()))
        return loss, grad.astype(self.params_.dtype, copy=False)

    # ---------------------------------------------------------------- transform
    def transform(self, X):
        """The codes of sequences ``X``.

        Parameters
        ----------
        X : sequences, any accepted format

        Returns
        -------
        codes : ndarray of shape (n_samples, n_components_), or a DataFrame (see
            `set_output`)
        """
        batch = self._validate_for_predict(X)
        return self._wrap_output(self._encode(batch), X, batch)

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then return the codes of X (see `fit` and `transform`)."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def _encode(self, batch):
        enc_p = self._parts(self.params_)[0]
        codes = np.empty((batch.n_samples, self._net.output_size), dtype=self.params_.dtype)
        with blas_single_thread():
            for rows in _inference_chunks(batch):
                lengths = batch.lengths[rows]
                codes[rows] = self._net.forward(enc_p, batch.X[rows, :int(lengths.max())],
                                                lengths, training=False)[0]
        return codes

    _predict_batch = _encode

    def inverse_transform(self, X, n_timesteps=None):
        """Decode codes into sequences (the decoder runs freely, fed its own outputs).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components_)
            Codes, e.g. from `transform`.
        n_timesteps : int, default=None
            Length of the decoded sequences; by default the longest training sequence.

        Returns
        -------
        X_decoded : ndarray (n_samples, n_timesteps, n_features_in_), or (n_samples,
            n_timesteps) when fitted on a 2-D X (univariate sequences)
        """
        check_is_fitted(self, "params_")
        codes = np.asarray(X, dtype=self.params_.dtype)
        if codes.ndim != 2 or codes.shape[1] != self.n_components_:
            raise ValueError(f"inverse_transform expects codes of shape (n_samples, "
                             f"{self.n_components_}), got {codes.shape}.")
        T = self._max_length if n_timesteps is None else int(n_timesteps)
        if T < 1:
            raise ValueError(f"n_timesteps must be at least 1, got {n_timesteps}.")
        _, dec_p, W, b = self._parts(self.params_)
        n, F = len(codes), self._head_shape[0]
        steps = np.empty((n, T, F), dtype=self.params_.dtype)
        x = np.zeros((n, 1, F), dtype=self.params_.dtype)
        h, c = codes[None], None
        with blas_single_thread():
            for t in range(T):
                out, (h, c), _ = self._decoder.forward(dec_p, x, None, h0=h, c0=c,
                                                       training=False)
                steps[:, t] = out @ W.T + b
                x = steps[:, t:t + 1]
        decoded = steps[:, ::-1].astype(np.float64)  # decoded last step first
        return decoded[:, :, 0] if self._fitted_on_2d else decoded

    # -------------------------------------------------------------------- score
    def score(self, X, y=None, sample_weight=None):
        """Negative mean squared reconstruction error per real step and feature (teacher
        forced, as in training); greater is better.

        Parameters
        ----------
        X : sequences, any accepted format
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        score : float
        """
        batch = self._validate_for_predict(X)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, batch.n_samples)
        return self._score_batch(batch, None, None, sample_weight)

    def _score_batch(self, batch, y, mask, sample_weight=None):
        W, b = self._parts(self.params_)[2:]
        weights = np.ones(batch.n_samples) if sample_weight is None else sample_weight
        total, err = 0.0, 0.0
        with blas_single_thread():
            for rows in _inference_chunks(batch):
                lengths = batch.lengths[rows]
                T = int(lengths.max())
                X = np.asarray(batch.X[rows, :T])
                targets = reverse_steps(X, lengths)
                out = self._reconstruct(X, lengths, targets, training=False)[0]
                step = step_mask(lengths, T)
                sq = ((out[step] @ W.T + b - targets[step]) ** 2).mean(axis=1)
                w = np.repeat(weights[rows], lengths)
                err += float(np.dot(w, sq))
                total += float(w.sum())
        return -err / total


def _inference_chunks(batch):
    """Rows in chunks of similar lengths, ``INFERENCE_BATCH`` at a time."""
    order = np.argsort(-batch.lengths, kind="stable")
    return [order[i:i + INFERENCE_BATCH] for i in range(0, batch.n_samples, INFERENCE_BATCH)]
