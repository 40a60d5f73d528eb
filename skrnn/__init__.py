"""skrnn: recurrent networks as scikit-learn estimators, with Numba kernels."""
__version__ = "0.1.0.dev0"
