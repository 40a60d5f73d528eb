"""Every kernel goes through the one ``jit`` decorator, and the float32 activations are
as accurate as the engine documents."""
import importlib
import pkgutil

import numpy as np
from numba.core.registry import CPUDispatcher

import skrnn._kernels
from skrnn._jit import JIT_OPTIONS, jit
from skrnn._kernels._activations import sigmoid, tanh


def _kernel_functions():
    for info in pkgutil.iter_modules(skrnn._kernels.__path__):
        module = importlib.import_module(f"skrnn._kernels.{info.name}")
        for name, obj in vars(module).items():
            if isinstance(obj, CPUDispatcher) and obj.__module__ == module.__name__:
                yield f"{info.name}.{name}", obj


def test_every_kernel_uses_the_shared_jit_decorator():
    kernels = dict(_kernel_functions())
    assert {"_lstm.forward", "_lstm.backward", "_gru_cho.backward", "_rnn.forward"} <= set(kernels)
    for name, kernel in kernels.items():
        assert getattr(kernel, "__skrnn_kernel__", False), name
        assert type(kernel._cache).__name__ == "FunctionCache", (name, "cache=True")
        for option, value in JIT_OPTIONS.items():
            if option != "cache":
                assert kernel.targetoptions[option] == value, (name, option)


@jit
def _apply(x, out_tanh, out_sigmoid):
    for i in range(x.shape[0]):
        out_tanh[i] = tanh(x[i])
        out_sigmoid[i] = sigmoid(x[i])


def test_float32_tanh_and_sigmoid_accuracy():
    x = np.linspace(-30, 30, 600_001).astype(np.float32)
    t, s = np.empty_like(x), np.empty_like(x)
    _apply(x, t, s)
    x64 = x.astype(np.float64)
    ref = np.tanh(x64)
    nonzero = ref != 0
    assert np.max(np.abs(t[nonzero] - ref[nonzero]) / np.abs(ref[nonzero])) < 3.2e-7
    assert np.max(np.abs(s - 1 / (1 + np.exp(-x64)))) < 2e-7
    assert np.all(np.abs(t) <= 1) and np.all((s >= 0) & (s <= 1))


def test_float64_activations_are_exact():
    x = np.linspace(-30, 30, 10_001)
    t, s = np.empty_like(x), np.empty_like(x)
    _apply(x, t, s)
    np.testing.assert_allclose(t, np.tanh(x), rtol=1e-15, atol=0)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-x)), rtol=1e-15, atol=0)
