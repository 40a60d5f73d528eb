"""The big GEMMs outside the time loop (input projection, weight and input gradients).

Called from compiled code, ``matmul_into`` (like ``np.dot``) goes to the BLAS that numba
links (scipy's OpenBLAS), not numpy's. On this machine the two builds differ: one-thread
sgemm at n = 2048 ran at 207 GFLOP/s through numba and 103 through ``numpy.matmul``. So
every large GEMM of the engine goes through here.
"""
import numpy as np

from .._jit import jit
from ._gemm import matmul_into


@jit
def project(x, W, bias):
    """``x W^T + bias``: (P, D) x (G, D) -> (P, G)."""
    out = np.empty((x.shape[0], W.shape[0]), dtype=x.dtype)
    matmul_into(x, W.T, out)
    G = W.shape[0]
    for p in range(x.shape[0]):
        row = out[p]
        for j in range(G):
            row[j] += bias[j]
    return out


@jit
def grad_weights(d_gates, x):
    """``d_gates^T x``: (P, G) x (P, D) -> (G, D), the weight gradient over all rows."""
    out = np.empty((d_gates.shape[1], x.shape[1]), dtype=x.dtype)
    matmul_into(d_gates.T, x, out)
    return out


@jit
def grad_input(d_gates, W):
    """``d_gates W``: (P, G) x (G, D) -> (P, D), the gradient reaching the layer input."""
    out = np.empty((d_gates.shape[0], W.shape[1]), dtype=W.dtype)
    matmul_into(d_gates, W, out)
    return out


@jit
def column_sums(a):
    """``a.sum(axis=0)`` as one pass over the rows."""
    out = np.zeros(a.shape[1], dtype=a.dtype)
    for p in range(a.shape[0]):
        row = a[p]
        for j in range(a.shape[1]):
            out[j] += row[j]
    return out
