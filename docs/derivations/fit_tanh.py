"""Derive the coefficients of skrnn's float32 rational tanh.

tanh(x) ~= x * P(x**2) / Q(x**2) on [-CLAMP, CLAMP], and +-1 beyond, with P of degree 6
and Q of degree 3 in x**2 (Q's leading-order coefficient fixed to 1). The fit is an
iteratively reweighted linear least-squares on the *relative* residual

    x * P(x**2) - tanh(x) * Q(x**2)   (divided by tanh(x) * Q(x**2))

over a dense grid, which converges to a near-minimax rational in a few rounds. Run it
with ``python docs/derivations/fit_tanh.py``; it prints the coefficients used in
``skrnn/_kernels/_activations.py`` and their maximum relative error, evaluated in float32
with the same Horner scheme the kernels use.
"""
import numpy as np

CLAMP = 9.0
NP, NQ = 7, 3  # P has NP coefficients (x^1 .. x^13); Q has NQ free ones (x^2 .. x^6), q0 = 1


def fit():
    x = np.linspace(1e-6, CLAMP, 100_000)
    t = np.tanh(x)
    u = (x / CLAMP) ** 2  # scaled to [0, 1] so the columns are well conditioned
    A = np.hstack([x[:, None] * u[:, None] ** np.arange(NP)[None, :],
                   -t[:, None] * u[:, None] ** np.arange(1, NQ + 1)[None, :]])
    q = np.ones(1)
    lawson = np.ones_like(x)
    for it in range(40):
        # Sanathanan-Koerner: divide the linear residual by the previous denominator so that
        # it equals the relative error; damped Lawson weights then push towards minimax.
        w = np.sqrt(lawson) / (t * np.polyval(q[::-1], u))
        coef, *_ = np.linalg.lstsq(A * w[:, None], t * w, rcond=None)
        p, q = coef[:NP], np.concatenate([[1.0], coef[NP:]])
        err = np.abs(x * np.polyval(p[::-1], u) / np.polyval(q[::-1], u) - t) / t
        if it >= 5:
            lawson = lawson * np.sqrt(err / err.mean())
            lawson /= lawson.mean()
    print("max relative error of the rational itself:", err.max())
    # back to powers of s = x**2
    return p / CLAMP ** (2 * np.arange(NP)), q / CLAMP ** (2 * np.arange(NQ + 1))


def evaluate32(p, q):
    x = np.linspace(-12, 12, 2_000_001).astype(np.float32)
    xc = np.clip(x, -CLAMP, CLAMP).astype(np.float32)
    s = xc * xc
    num = np.float32(0)
    for c in p[::-1].astype(np.float32):
        num = num * s + c
    den = np.float32(0)
    for c in q[::-1].astype(np.float32):
        den = den * s + c
    approx = (xc * num / den).astype(np.float32)
    ref = np.tanh(x.astype(np.float64))
    nz = np.abs(ref) > 1e-30
    return np.max(np.abs(approx[nz] - ref[nz]) / np.abs(ref[nz]))


if __name__ == "__main__":
    p, q = fit()
    print("P =", ", ".join(f"{c:.17g}" for c in p))
    print("Q =", ", ".join(f"{c:.17g}" for c in q))
    print("max relative error in float32:", evaluate32(p, q))
