"""What both models share: a linear head's initialisation, the L2 mask, dropout masks,
and the inference chunks."""
import numpy as np

INFERENCE_BATCH = 512  # rows per forward call without gradients (engine lesson 7)


def head_init(rng, n_outputs, n_inputs):
    """A linear head's weights (Glorot uniform, as MLP's output layer), flattened
    (n_outputs * n_inputs,), and zero biases (n_outputs,)."""
    bound = np.sqrt(6.0 / (n_inputs + n_outputs))
    return [rng.uniform(-bound, bound, n_outputs * n_inputs), np.zeros(n_outputs)]


def weights_mask(network):
    """(n_params,) True at the network's weights, False at its biases (L2 spares
    biases, as MLP does)."""
    mask = np.zeros(network.n_params, dtype=bool)
    for name, sl in network.layout.slices.items():
        mask[sl] = name.startswith("weight_")
    return mask


def head_mask(n_outputs, n_inputs):
    """The L2 mask of a linear head: its weights, not its biases."""
    return np.concatenate([np.ones(n_outputs * n_inputs, bool), np.zeros(n_outputs, bool)])


def dropout_masks(network, rate, n, T, rng):
    """Scaled masks (n, T, F) between stacked layers, or None (no dropout, or one
    layer: there is nothing between layers to drop)."""
    if not rate or network.num_layers < 2 or rng is None:
        return None
    keep = 1.0 - rate
    F = network.output_size
    return [(rng.random_sample((n, T, F)) < keep).astype(network.dtype) / keep
            for _ in range(network.num_layers - 1)]


def inference_chunks(lengths):
    """Row indices in chunks of `INFERENCE_BATCH`, longest first (similar lengths go
    together, so each chunk pads little)."""
    order = np.argsort(-lengths, kind="stable")
    return [order[i:i + INFERENCE_BATCH] for i in range(0, len(order), INFERENCE_BATCH)]
