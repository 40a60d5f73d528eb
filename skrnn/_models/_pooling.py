"""What the head reads of a sequence: pooled statistics of the network's outputs, and
the patches that shorten the recurrence.

Pooling works on the top layer's outputs at every step, ``out`` (N, T, F) with zeros
past each row's length, over each row's real steps only:

- ``"last"``: the final state of each direction (the forward direction's state at the
  row's own last step, the reverse direction's at step 0), as PyTorch's ``h_n``;
- ``"mean"`` and ``"max"``: over the real steps, per feature;
- ``"attention"``: ``sum_t a_t out_t`` with ``a = softmax_t(out_t . v)`` over the real
  steps, ``v`` (F,) learned (zero at first: attention starts as the mean).

Several names concatenate their vectors in the order given. Each has its backward pass
here, in plain numpy; the tests check them against finite differences.
"""
import numpy as np

POOLINGS = ("last", "mean", "max", "attention")


def real_steps(lengths, T):
    """(N, T) True at each row's real steps."""
    return np.arange(T)[None, :] < lengths[:, None]


def pool(out, lengths, pooling, n_dirs, v=None):
    """Pooled vectors (N, F * len(pooling)) of ``out`` (N, T, F), and the cache that
    `pool_backward` needs."""
    N, T, F = out.shape
    step = real_steps(lengths, T)
    rows = np.arange(N)
    parts, cache = [], {}
    for name in pooling:
        if name == "last":
            H = F // n_dirs
            last = out[rows, lengths - 1].copy()
            if n_dirs == 2:  # the reverse direction ends at step 0
                last[:, H:] = out[:, 0, H:]
            parts.append(last)
        elif name == "mean":
            parts.append(out.sum(axis=1) / lengths[:, None].astype(out.dtype))
        elif name == "max":
            masked = np.where(step[:, :, None], out, -np.inf)
            arg = masked.argmax(axis=1)  # (N, F)
            cache["max"] = arg
            parts.append(np.take_along_axis(out, arg[:, None, :], axis=1)[:, 0])
        else:  # attention
            scores = np.where(step, out @ v, -np.inf)
            scores -= scores.max(axis=1, keepdims=True)
            a = np.exp(scores)
            a /= a.sum(axis=1, keepdims=True)
            pooled = np.einsum("nt,ntf->nf", a, out)
            cache["attention"] = (a, pooled)
            parts.append(pooled)
    return np.concatenate(parts, axis=1), cache


def pool_backward(d_pooled, out, lengths, pooling, n_dirs, cache, v=None):
    """Gradients of ``out`` (N, T, F) and of ``v`` (F,) (None without attention), given
    the gradient of the pooled vectors (N, F * len(pooling))."""
    N, T, F = out.shape
    rows = np.arange(N)
    d_out = np.zeros_like(out)
    d_v = None
    for k, name in enumerate(pooling):
        g = d_pooled[:, k * F:(k + 1) * F]
        if name == "last":
            H = F // n_dirs
            d_out[rows, lengths - 1, :H] += g[:, :H]
            if n_dirs == 2:
                d_out[:, 0, H:] += g[:, H:]
        elif name == "mean":
            d_out += (g / lengths[:, None].astype(out.dtype))[:, None, :] \
                * real_steps(lengths, T)[:, :, None]
        elif name == "max":
            arg = cache["max"]
            np.add.at(d_out, (rows[:, None], arg, np.arange(F)[None, :]), g)
        else:
            a, pooled = cache["attention"]
            # d score_t = a_t (out_t . g - pooled . g); d out_t = a_t g + d score_t v
            d_score = a * (np.einsum("ntf,nf->nt", out, g)
                           - np.einsum("nf,nf->n", pooled, g)[:, None])
            d_out += a[:, :, None] * g[:, None, :] + d_score[:, :, None] * v[None, None, :]
            d_v = np.einsum("nt,ntf->f", d_score, out)
    return d_out, d_v


def patches(X, lengths, patch_size):
    """Each row's steps in patches of ``patch_size`` consecutive steps, one input vector
    each: (N, ceil(T / p), p * D) and the new lengths ``ceil(lengths / p)``.

    Patches are aligned to each row's own last step, so the final patch is always whole
    and a shorter row's first patch is zero-padded at its start.
    """
    p = patch_size
    if p == 1:
        return X, lengths
    N, _, D = X.shape
    n = -(-lengths // p)
    Tp = int(n.max())
    within = np.arange(Tp)[:, None] * p + np.arange(p)[None, :]  # (Tp, p)
    pos = within[None] - (n * p - lengths)[:, None, None]  # step of X, per row
    valid = (pos >= 0) & (pos < lengths[:, None, None])
    out = np.zeros((N, Tp, p, D), dtype=X.dtype)
    row = np.broadcast_to(np.arange(N)[:, None, None], pos.shape)
    out[valid] = X[row[valid], pos[valid]]
    return out.reshape(N, Tp, p * D), n.astype(lengths.dtype)


def patches_backward(d_patched, lengths, patch_size, T):
    """The gradient (N, T, D) of `patches`' input X (T steps), given that of its
    output (N, ceil(T / p), p * D): each real step sits in exactly one patch."""
    p = patch_size
    if p == 1:
        return d_patched
    N, Tp, PD = d_patched.shape
    D = PD // p
    n = -(-lengths // p)
    within = np.arange(Tp)[:, None] * p + np.arange(p)[None, :]
    pos = within[None] - (n * p - lengths)[:, None, None]
    valid = (pos >= 0) & (pos < lengths[:, None, None])
    d_X = np.zeros((N, T, D), dtype=d_patched.dtype)
    row = np.broadcast_to(np.arange(N)[:, None, None], pos.shape)
    d_X[row[valid], pos[valid]] = d_patched.reshape(N, Tp, p, D)[valid]
    return d_X
