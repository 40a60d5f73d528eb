"""`AutoencoderModel`: an encoder network, a decoder network and a linear head.

The encoder reads a sequence; its last state (directions concatenated) is the code. A
one-layer decoder of the code's width starts from the code and reconstructs the
sequence backwards, last step first (the steps the code has just seen come first, as
in Srivastava et al. 2015), teacher forced: its input at each step is the true previous
(in reverse order) step, zeros at the first. A linear head maps the decoder's states to
the features; the loss is the squared error over all real steps.

Parameters, in one flat vector: the encoder's, the decoder's, the head's weights
(n_features, code) row-major and its biases (n_features,).
"""
import numpy as np

from .._data import step_mask
from .._network import blas_single_thread
from ._head import dropout_masks, head_init, head_mask, inference_chunks, weights_mask
from ._losses import squared_error


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

    def __init__(self, encoder, decoder, dropout=0.0, init=None):
        self.encoder, self.decoder, self.dropout = encoder, decoder, dropout
        self.init = dict(init or {})
        self.n_features, self.code_size = encoder.input_size, encoder.output_size
        F, code = self.n_features, self.code_size
        self.n_params = encoder.n_params + decoder.n_params + F * code + F
        self.penalised = np.concatenate([weights_mask(encoder), weights_mask(decoder),
                                         head_mask(F, code)])

    def init_params(self, rng):
        """New parameters: encoder, decoder, then a Glorot head."""
        params = np.concatenate([self.encoder.init_params(rng, **self.init),
                                 self.decoder.init_params(rng, **self.init),
                                 *head_init(rng, self.n_features, self.code_size)])
        return params.astype(self.encoder.dtype)

    def split(self, params):
        """Views: encoder (n_enc,), decoder (n_dec,), head weights (F, code), biases."""
        n_enc, n_dec = self.encoder.n_params, self.decoder.n_params
        F, code = self.n_features, self.code_size
        W = params[n_enc + n_dec:n_enc + n_dec + F * code].reshape(F, code)
        return params[:n_enc], params[n_enc:n_enc + n_dec], W, params[-F:]

    def named_views(self, params):
        """The encoder's arrays in PyTorch's names, the decoder's as ``decoder.<name>``,
        then ``head.weight`` (n_features, code) and ``head.bias``."""
        enc_p, dec_p, W, b = self.split(params)
        views = dict(self.encoder.views(enc_p))
        views.update({f"decoder.{k}": v for k, v in self.decoder.views(dec_p).items()})
        views.update({"head.weight": W, "head.bias": b})
        return views

    def _reconstruct(self, params, X, lengths, targets, masks=None, training=True):
        """Encode ``X`` (n, T, F), then decode teacher forced towards ``targets``.
        Returns the decoder's states (n, T, code) and both caches."""
        enc_p, dec_p, _, _ = self.split(params)
        code, _, enc_cache = self.encoder.forward(enc_p, X, lengths, dropout_masks=masks,
                                                  training=training)
        out, _, dec_cache = self.decoder.forward(dec_p, teacher_inputs(targets), lengths,
                                                 h0=code[None], return_sequences=True,
                                                 training=training)
        return out, enc_cache, dec_cache

    # ---------------------------------------------------------------- training
    def loss_grad(self, params, data, rows, *, rng=None, states=None):
        """Weighted mean reconstruction loss of ``rows`` and its gradient."""
        lengths = data.lengths[rows]
        T = int(lengths.max())
        enc_p, dec_p, W, b = self.split(params)
        masks = dropout_masks(self.encoder, self.dropout, len(rows), T, rng)
        targets = data.targets[rows, :T]
        out, enc_cache, dec_cache = self._reconstruct(params, data.X[rows, :T], lengths,
                                                      targets, masks)
        step = step_mask(lengths, T)
        H = out[step]
        w = np.repeat(data.sample_weight[rows], lengths)
        total = w.sum()
        if total <= 0:
            return 0.0, np.zeros_like(params)
        w = (w / total).astype(params.dtype)
        loss, dZ = squared_error(H @ W.T + b, targets[step], w)
        d_out = np.zeros_like(out)
        d_out[step] = dZ @ W
        g_dec, _, d_code, _ = self.decoder.backward(dec_p, dec_cache, d_out,
                                                    input_grad=False)
        g_enc = self.encoder.backward(enc_p, enc_cache, d_code[0], input_grad=False)[0]
        grad = np.concatenate([g_enc, g_dec, (dZ.T @ H).ravel(), dZ.sum(axis=0)])
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
        """Mean squared error per real step and feature, teacher forced as in training,
        each sequence's steps weighted by ``sample_weight`` (n,)."""
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
                residual = (out[step] @ W.T + b).astype(np.float64) - targets[step]
                sq = (residual ** 2).mean(axis=1)  # in float64: float32 squares overflow
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
                codes[rows] = self.encoder.forward(enc_p, X[rows, :int(lens.max())], lens,
                                                   training=False)[0]
        return codes

    def decode(self, params, codes, n_timesteps):
        """Free-running decoding (fed its own outputs) of codes (n, code) into
        sequences (n, n_timesteps, n_features), float64, in forward time order."""
        _, dec_p, W, b = self.split(params)
        n, F = len(codes), self.n_features
        steps = np.empty((n, n_timesteps, F), dtype=params.dtype)
        x = np.zeros((n, 1, F), dtype=params.dtype)
        h, c = codes[None], None
        with blas_single_thread():
            for t in range(n_timesteps):
                out, (h, c), _ = self.decoder.forward(dec_p, x, None, h0=h, c0=c,
                                                      training=False)
                steps[:, t] = out @ W.T + b
                x = steps[:, t:t + 1]
        return steps[:, ::-1].astype(np.float64)  # decoded last step first
