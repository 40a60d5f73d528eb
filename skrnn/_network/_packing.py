"""Conversion between padded batch-major arrays and the kernels' packed layout."""
import numpy as np


class PackedBatch:
    """A batch sorted by length (longest first) and its packing plan.

    Parameters
    ----------
    lengths : (N,) int array, every entry in ``1 .. T``.
    T : int, padded length of the batch-major arrays.

    Attributes
    ----------
    order : (N,) rows of the caller's batch in sorted order (stable).
    inverse : (N,) position of each caller row in the sorted batch.
    batch_sizes : (T_max,) int64, live rows per step, ``T_max = max(lengths)``.
    n_packed : int, ``sum(lengths)``.
    """

    def __init__(self, lengths, T):
        lengths = np.asarray(lengths, dtype=np.int64)
        self.N = lengths.shape[0]
        self.T = T
        self.order = np.argsort(-lengths, kind="stable")
        self.inverse = np.empty_like(self.order)
        self.inverse[self.order] = np.arange(self.N)
        sorted_lengths = lengths[self.order]
        T_max = int(sorted_lengths[0]) if self.N else 0
        steps = np.arange(T_max)
        self.batch_sizes = (sorted_lengths[None, :] > steps[:, None]).sum(axis=1).astype(np.int64)
        self._mask = np.arange(self.N)[None, :] < self.batch_sizes[:, None]  # (T_max, N)
        self.n_packed = int(self.batch_sizes.sum())

    def pack(self, X):
        """(N, T, F) batch-major in caller order -> (n_packed, F) packed, C-contiguous."""
        T_max = self.batch_sizes.shape[0]
        time_major = np.swapaxes(X[self.order, :T_max], 0, 1)
        return np.ascontiguousarray(time_major[self._mask])

    def unpack(self, P):
        """(n_packed, F) packed -> (N, T, F) batch-major in caller order, zero padding."""
        T_max = self.batch_sizes.shape[0]
        out = np.zeros((T_max, self.N, P.shape[1]), dtype=P.dtype)
        out[self._mask] = P
        out = np.swapaxes(out, 0, 1)[self.inverse]
        if T_max < self.T:
            pad = np.zeros((self.N, self.T - T_max, P.shape[1]), dtype=P.dtype)
            out = np.concatenate([out, pad], axis=1)
        return out

    def sort_rows(self, A):
        """Reorder axis 1 of a state array (layers, N, H) into sorted order."""
        return A[:, self.order]

    def unsort_rows(self, A):
        return A[:, self.inverse]
