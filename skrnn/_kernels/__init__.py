"""Numba kernels: one module per cell, each with ``forward`` and ``backward``.

Kernels are pure array functions over a packed, length-sorted batch (see ``_common``):
outputs are preallocated by the caller, nothing is validated or drawn at random here.
What the network layer may use: the cell modules, the echo state reservoir's forward
pass (``_reservoir``) and the big GEMMs outside the time loop (``_blas``).
"""
from . import _blas, _gru, _gru_cho, _lstm, _peephole_lstm, _reservoir, _rnn

__all__ = ["_blas", "_gru", "_gru_cho", "_lstm", "_peephole_lstm", "_reservoir", "_rnn"]
