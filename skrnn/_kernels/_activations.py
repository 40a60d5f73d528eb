"""Scalar activations for the gate loops, chosen by precision when numba types the call.

float64 uses the exact ``math`` functions, so finite-difference gradient checks stay exact.
float32 uses a rational approximation of tanh, ``x * P(x**2) / Q(x**2)`` clamped to +-1
beyond |x| = 9, whose relative error is below 3.2e-7 (float32 rounding included): the
libm call costs about 10 ns per element and cannot vectorise, the rational costs well under
1 ns and does. The coefficients come from ``docs/derivations/fit_tanh.py``. The sigmoid is
derived from it as ``0.5 * tanh(x / 2) + 0.5``.

All float32 constants are numpy float32 globals, which numba freezes with their dtype, so
the float32 path never widens to float64.
"""
import math

import numpy as np
from numba import types
from numba.extending import overload

_F32 = np.float32
_CLAMP = _F32(9.0)
_HALF = _F32(0.5)
_ONE = _F32(1.0)
_P0, _P1, _P2, _P3 = (_F32(0.99999999340662704), _F32(0.13084122306716328),
                      _F32(0.0031040816992468135), _F32(1.1155625635964917e-05))
_P4, _P5, _P6 = (_F32(-2.023060152842294e-08), _F32(5.2805537440245341e-11),
                 _F32(-8.4954402106632067e-14))
_Q0, _Q1, _Q2, _Q3 = (_F32(1.0), _F32(0.4641744942679627), _F32(0.02449567769101935),
                      _F32(0.00025463282285880526))


def tanh(x):
    """tanh; float32 arguments use the rational approximation inside kernels."""
    return math.tanh(x)


def sigmoid(x):
    """Logistic sigmoid; float32 arguments use the rational tanh inside kernels."""
    return 0.5 * math.tanh(0.5 * x) + 0.5


def _is_f32(x):
    return isinstance(x, types.Float) and x.bitwidth == 32


@overload(tanh, inline="always")
def _tanh_overload(x):
    if _is_f32(x):
        def tanh_f32(x):
            v = min(max(x, -_CLAMP), _CLAMP)
            s = v * v
            num = _P0 + s * (_P1 + s * (_P2 + s * (_P3 + s * (_P4 + s * (_P5 + s * _P6)))))
            den = _Q0 + s * (_Q1 + s * (_Q2 + s * _Q3))
            # the rational overshoots 1 by an ulp near the clamp; gates must stay in [-1, 1]
            return min(max(v * num / den, -_ONE), _ONE)
        return tanh_f32

    def tanh_f64(x):
        return math.tanh(x)
    return tanh_f64


@overload(sigmoid, inline="always")
def _sigmoid_overload(x):
    if _is_f32(x):
        def sigmoid_f32(x):
            return _HALF * tanh(_HALF * x) + _HALF
        return sigmoid_f32

    def sigmoid_f64(x):
        return 1.0 / (1.0 + math.exp(-x))
    return sigmoid_f64
