"""Checks of a fitted regressor against a torch graph built on the same weights."""
import numpy as np


def assert_regressor_matches_torch(est, X, data, params, Z):
    """``Z`` (torch, n x outputs), computed from the tensors ``params`` (requires_grad,
    named as `get_weights`), gives ``est``'s predictions on ``X`` and, through torch's
    autograd of the squared-error objective on ``data``, its gradient of every weight."""
    import torch

    np.testing.assert_allclose(Z.detach().numpy() * est._y_scale + est._y_mean,
                               est.predict(X), rtol=1e-10, atol=1e-12)
    loss = 0.5 * ((Z - torch.tensor(data.targets)) ** 2).sum(dim=1).mean()
    loss.backward()
    grad = est._model.named_views(est._model.loss_grad(est.params_, data,
                                                       np.arange(len(data.X)))[1])
    for name, p in params.items():
        np.testing.assert_allclose(grad[name], p.grad.numpy(), rtol=1e-8, atol=1e-12,
                                   err_msg=name)
