"""`matmul_into` makes np.dot's BLAS calls itself: the same results, bitwise, on every
branch (matrix product, one row, one column, both, an empty inner dimension) and for
transposed (F-layout) operands; other layouts are refused when numba types the call."""
import numpy as np
import pytest
from numba import njit
from numba.core.errors import TypingError

from skrnn._kernels._gemm import matmul_into


@njit
def _ours(a, b, out):
    matmul_into(a, b, out)


@njit
def _numba_dot(a, b, out):
    np.dot(a, b, out)


@njit
def _ours_transposed(a, b, out):
    matmul_into(a.T, b.T, out)


@njit
def _dot_transposed(a, b, out):
    np.dot(a.T, b.T, out)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m, k, n", [(5, 7, 3), (1, 7, 3), (5, 7, 1), (1, 7, 1),
                                     (5, 0, 3), (0, 4, 3)])
def test_matches_np_dot_bitwise(m, k, n, dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    ours, dot = np.full((m, n), 7, dtype), np.full((m, n), 7, dtype)
    _ours(a, b, ours)
    _numba_dot(a, b, dot)
    np.testing.assert_array_equal(ours, dot)
    np.testing.assert_allclose(ours, a.astype(np.float64) @ b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("m, k, n", [(6, 4, 5), (1, 4, 5), (6, 4, 1)])
def test_transposed_operands(m, k, n):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((k, m))  # a.T is (m, k), F layout
    b = rng.standard_normal((n, k))
    ours, dot = np.empty((m, n)), np.empty((m, n))
    _ours_transposed(a, b, ours)
    _dot_transposed(a, b, dot)
    np.testing.assert_array_equal(ours, dot)
    np.testing.assert_allclose(ours, a.T @ b.T, rtol=1e-12)


def test_non_contiguous_operands_are_a_typing_error():
    a = np.ones((6, 4))[::2]  # every other row: layout "A"
    with pytest.raises(TypingError):
        _ours(a, np.ones((4, 3)), np.empty((3, 3)))
