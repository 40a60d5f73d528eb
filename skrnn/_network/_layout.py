"""Names, shapes and offsets of a network's parameters inside one flat vector."""
import numpy as np


def parameter_shapes(n_gates, n_peep, input_size, hidden_size, num_layers, bidirectional,
                     learn_init_state, has_cell):
    """Ordered ``(name, shape)`` pairs, in PyTorch's ``state_dict`` order and names.

    Per layer ``k`` and direction suffix ``s`` ("" or "_reverse"): ``weight_ih_l{k}{s}``
    (G*H, D_k), ``weight_hh_l{k}{s}`` (G*H, H), ``bias_ih_l{k}{s}`` (G*H,),
    ``bias_hh_l{k}{s}`` (G*H,); then the peepholes ``w_ci``, ``w_cf``, ``w_co`` (H,) for
    the peephole LSTM, and the learned initial states ``h0`` (and ``c0``) (H,) if asked for.
    """
    H = hidden_size
    n_dirs = 2 if bidirectional else 1
    shapes = []
    for k in range(num_layers):
        D = input_size if k == 0 else H * n_dirs
        for s in direction_suffixes(bidirectional):
            shapes += [(f"weight_ih_l{k}{s}", (n_gates * H, D)),
                       (f"weight_hh_l{k}{s}", (n_gates * H, H)),
                       (f"bias_ih_l{k}{s}", (n_gates * H,)),
                       (f"bias_hh_l{k}{s}", (n_gates * H,))]
            shapes += [(f"{p}_l{k}{s}", (H,)) for p in ("w_ci", "w_cf", "w_co")[:n_peep]]
            if learn_init_state:
                shapes.append((f"h0_l{k}{s}", (H,)))
                if has_cell:
                    shapes.append((f"c0_l{k}{s}", (H,)))
    return shapes


def direction_suffixes(bidirectional):
    return ("", "_reverse") if bidirectional else ("",)


class FlatLayout:
    """Maps names to slices of one contiguous parameter vector."""

    def __init__(self, shapes):
        self.shapes = dict(shapes)
        self.slices = {}
        offset = 0
        for name, shape in shapes:
            size = int(np.prod(shape))
            self.slices[name] = slice(offset, offset + size)
            offset += size
        self.size = offset

    def views(self, flat):
        """Dict of named views (no copies) into ``flat``."""
        return {name: flat[sl].reshape(self.shapes[name]) for name, sl in self.slices.items()}
