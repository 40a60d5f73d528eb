"""`AutoencoderModel`: an encoder network, a decoder network and a linear head.

The encoder reads a sequence; its last state (directions concatenated) is the code. A
one-layer decoder of the code's width starts from the code and reconstructs the
sequence backwards, last step first (the steps the code has just seen come first, as
in Srivastava et al. 2015), teacher forced: its input at each step is the true previous
(in reverse order) step, zeros at the first. A linear head maps the decoder's states to
the features; the loss is the squared error over all real steps.

With token input (``embedding``), both networks read rows of one learned embedding
table: the encoder the sequence's tokens, the decoder the previous (in reverse order)
token; the head gives logits over the vocabulary and the loss is the cross-entropy of
each real step's token.

Parameters, in one flat vector: the encoder's, the decoder's, the embedding table
(vocabulary size, embedding dim) row-major for token input, the head's weights
(n_outputs, code) row-major and its biases (n_outputs,); ``n_outputs`` is the number of
features, or the vocabulary size.
"""
import numpy as np

from .._data import step_mask
from .._network import blas_single_thread
from ._embedding import embed, embed_backward, token_ids
from ._head import dropout_masks, head_init, head_mask, inference_chunks, weights_mask
from ._losses import log_softmax, sparse_softmax_cross_entropy, squared_error


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


class AutoencoderModel:
    """A sequence autoencoder for the training loop, with encoding and decoding.

    Parameters
    ----------
    encoder : RNNNetwork
    decoder : RNNNetwork
        One layer, unidirectional, of hidden size ``encoder.output_size``.
    dropout : float, default=0.0
        Between the encoder's stacked layers, in training only.
    init : dict, default=None
        Keywords of ``RNNNetwork.init_params`` for both networks.

    Training data: ``targets`` are the reversed steps (`reverse_steps`) with
    ``per_step=True``.
    """

    def __init__(self, encoder, decoder, dropout=0.0, init=None, embedding=None):
        self.encoder, self.decoder, self.dropout = encoder, decoder, dropout
        self.init = dict(init or {})
        self.embedding = None if embedding is None else tuple(int(v) for v in embedding)
        self.n_embedding = 0 if embedding is None else self.embedding[0] * self.embedding[1]
        self.n_features, self.code_size = encoder.input_size, encoder.output_size
        self.n_outputs = self.n_features if embedding is None else self.embedding[0]
        K, code = self.n_outputs, self.code_size
        self.n_params = encoder.n_params + decoder.n_params + self.n_embedding + K * code + K
        self.penalised = np.concatenate([weights_mask(encoder), weights_mask(decoder),
                                         np.ones(self.n_embedding, bool),
                                         head_mask(K, code)])

    def init_params(self, rng):
        """New parameters: encoder, decoder, the embedding table (N(0, 1), as
        ``torch.nn.Embedding``'s), then a Glorot head."""
        params = np.concatenate([self.encoder.init_params(rng, **self.init),
                                 self.decoder.init_params(rng, **self.init),
                                 rng.normal(size=self.n_embedding),
                                 *head_init(rng, self.n_outputs, self.code_size)])
        return params.astype(self.encoder.dtype)

    def split(self, params):
        """Views: encoder (n_enc,), decoder (n_dec,), head weights (n_outputs, code),
        biases (n_outputs,)."""
        n_enc, n_dec = self.encoder.n_params, self.decoder.n_params
        K, code = self.n_outputs, self.code_size
        start = n_enc + n_dec + self.n_embedding
        W = params[start:start + K * code].reshape(K, code)
        return params[:n_enc], params[n_enc:n_enc + n_dec], W, params[-K:]

    def _table(self, params):
        """The embedding table (vocabulary size, embedding dim)."""
        start = self.encoder.n_params + self.decoder.n_params
        return params[start:start + self.n_embedding].reshape(self.embedding)

    def named_views(self, params):
        """The encoder's arrays in PyTorch's names, the decoder's as ``decoder.<name>``,
        ``embedding.weight`` for token input, then ``head.weight`` (n_outputs, code) and
        ``head.bias``."""
        enc_p, dec_p, W, b = self.split(params)
        views = dict(self.encoder.views(enc_p))
        views.update({f"decoder.{k}": v for k, v in self.decoder.views(dec_p).items()})
        if self.n_embedding:
            views["embedding.weight"] = self._table(params)
        views.update({"head.weight": W, "head.bias": b})
        return views

    def _inputs(self, params, X, lengths, targets):
        """What the encoder and the decoder read: X and the teacher-forced targets, or
        for tokens their rows of the table; with the ids read (None for features)."""
        if not self.n_embedding:
            return X, teacher_inputs(targets), None, None
        table = self._table(params)
        ids, target_ids = token_ids(X, lengths), token_ids(targets, lengths)
        return (embed(table, ids), teacher_inputs(embed(table, target_ids)), ids,
                target_ids)

    def _reconstruct(self, params, X, lengths, targets, masks=None, training=True):
        """Encode ``X`` (n, T, F), then decode teacher forced towards ``targets``.
        Returns the decoder's states (n, T, code), both caches and the ids read."""
        enc_p, dec_p, _, _ = self.split(params)
        enc_in, dec_in, ids, target_ids = self._inputs(params, X, lengths, targets)
        code, _, enc_cache = self.encoder.forward(enc_p, enc_in, lengths,
                                                  dropout_masks=masks, training=training)
        out, _, dec_cache = self.decoder.forward(dec_p, dec_in, lengths, h0=code[None],
                                                 return_sequences=True,
                                                 training=training)
        return out, enc_cache, dec_cache, (ids, target_ids)

    def _step_loss(self, Z, targets, w):
        """The head's loss of real steps: squared error of features, cross-entropy of
        tokens (``targets`` (n_steps, 1) ids)."""
        if self.n_embedding:
            return sparse_softmax_cross_entropy(Z, targets, w)
        return squared_error(Z, targets, w)

    def _step_errors(self, Z, targets):
        """Each real step's reconstruction error (n_steps,), float64: the mean squared
        error over features, or minus the log-probability of the token."""
        Z = Z.astype(np.float64)
        if self.n_embedding:
            ids = np.rint(targets[:, 0]).astype(np.int64)
            return -log_softmax(Z)[np.arange(len(ids)), ids]
        return ((Z - targets) ** 2).mean(axis=1)  # float64: float32 squares overflow

    # ---------------------------------------------------------------- training
    def loss_grad(self, params, data, rows, *, rng=None, states=None):
        """Weighted mean reconstruction loss of ``rows`` and its gradient."""
        lengths = data.lengths[rows]
        T = int(lengths.max())
        enc_p, dec_p, W, b = self.split(params)
        masks = dropout_masks(self.encoder, self.dropout, len(rows), T, rng)
        targets = data.targets[rows, :T]
        out, enc_cache, dec_cache, (ids, target_ids) = self._reconstruct(
            params, data.X[rows, :T], lengths, targets, masks)
        step = step_mask(lengths, T)
        H = out[step]
        w = np.repeat(data.sample_weight[rows], lengths)
        total = w.sum()
        if total <= 0:
            return 0.0, np.zeros_like(params)
        w = (w / total).astype(params.dtype)
        loss, dZ = self._step_loss(H @ W.T + b, targets[step], w)
        d_out = np.zeros_like(out)
        d_out[step] = dZ @ W
        tokens = bool(self.n_embedding)
        g_dec, d_dec_in, d_code, _ = self.decoder.backward(dec_p, dec_cache, d_out,
                                                           input_grad=tokens)
        g_enc, d_enc_in = self.encoder.backward(enc_p, enc_cache, d_code[0],
                                                input_grad=tokens)[:2]
        parts = [g_enc, g_dec]
        if tokens:  # the decoder read target t - 1 at step t; the last target, never
            V = self.embedding[0]
            d_table = embed_backward(d_enc_in, ids, lengths, V)
            d_table += embed_backward(d_dec_in[:, 1:], target_ids[:, :-1], lengths - 1, V)
            parts.append(d_table.ravel())
        grad = np.concatenate(parts + [(dZ.T @ H).ravel(), dZ.sum(axis=0)])
        return loss, grad.astype(params.dtype, copy=False)

    def score(self, params, data, rows):
        """Negative mean squared reconstruction error of ``rows`` (unweighted)."""
        lengths = data.lengths[rows]
        return -self.reconstruction_error(params, data.X[rows, :int(lengths.max())],
                                          lengths, np.ones(len(rows)))

    def carried_states(self, params, data):
        return None  # sequences are encoded whole

    # --------------------------------------------------------------- inference
    def reconstruction_error(self, params, X, lengths, sample_weight):
        """Mean squared error per real step and feature (per-token cross-entropy for
        tokens), teacher forced as in training, each sequence's steps weighted by
        ``sample_weight`` (n,)."""
        W, b = self.split(params)[2:]
        total, err = 0.0, 0.0
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                lens = lengths[rows]
                T = int(lens.max())
                X_rows = np.asarray(X[rows, :T])
                targets = reverse_steps(X_rows, lens)
                out = self._reconstruct(params, X_rows, lens, targets, training=False)[0]
                step = step_mask(lens, T)
                sq = self._step_errors(out[step] @ W.T + b, targets[step])
                w = np.repeat(sample_weight[rows], lens)
                err += float(np.dot(w, sq))
                total += float(w.sum())
        return err / total

    def encode(self, params, X, lengths):
        """Codes (n, code) of a padded batch, in length-sorted chunks."""
        enc_p = self.split(params)[0]
        codes = np.empty((len(lengths), self.code_size), dtype=params.dtype)
        with blas_single_thread():
            for rows in inference_chunks(lengths):
                lens = lengths[rows]
                X_rows = np.asarray(X[rows, :int(lens.max())])
                if self.n_embedding:
                    X_rows = embed(self._table(params), token_ids(X_rows, lens))
                codes[rows] = self.encoder.forward(enc_p, X_rows, lens, training=False)[0]
        return codes

    def decode(self, params, codes, n_timesteps):
        """Free-running decoding (fed its own outputs) of codes (n, code) into
        sequences (n, n_timesteps, n_features), float64, in forward time order; for
        tokens, the most probable token of each step (n, n_timesteps) int64."""
        _, dec_p, W, b = self.split(params)
        n, F = len(codes), self.n_features
        tokens = bool(self.n_embedding)
        steps = np.empty((n, n_timesteps) if tokens else (n, n_timesteps, F),
                         dtype=np.int64 if tokens else params.dtype)
        x = np.zeros((n, 1, F), dtype=params.dtype)
        h, c = codes[None], None
        with blas_single_thread():
            for t in range(n_timesteps):
                out, (h, c), _ = self.decoder.forward(dec_p, x, None, h0=h, c0=c,
                                                      training=False)
                Z = out @ W.T + b
                if tokens:
                    steps[:, t] = Z.argmax(axis=1)
                    x = self._table(params)[steps[:, t]][:, None]
                else:
                    steps[:, t] = Z
                    x = steps[:, t:t + 1]
        steps = steps[:, ::-1]  # decoded last step first
        return np.ascontiguousarray(steps) if tokens else steps.astype(np.float64)
