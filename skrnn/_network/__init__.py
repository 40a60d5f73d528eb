"""The network layer: parameter layout, initialisation and stacked/bidirectional passes.

What the layers above may use: `RNNNetwork` (trainable networks over one flat parameter
vector), `blas_single_thread` (pin BLAS to one thread around many engine calls), and for
echo state reservoirs (fixed random networks, never trained) `init_reservoir` (draw the
weights) and `run_reservoir` (run them over a padded batch and pool the states, chunked
and threaded).
"""
from ._network import RNNNetwork
from ._parallel import blas_single_thread
from ._reservoir import init_reservoir, run_reservoir

__all__ = ["RNNNetwork", "blas_single_thread", "init_reservoir", "run_reservoir"]
