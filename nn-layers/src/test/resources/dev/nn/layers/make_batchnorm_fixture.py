#!/usr/bin/env python3
# Makes the PyTorch fixture of BatchNormPyTorchTest (nn-layers/src/test/java/dev/nn/layers/BatchNormPyTorchTest.java):
#
#   batchnorm.safetensors, for each case c in CASES (a module and an input shape):
#     "<c>.weight", "<c>.bias": γ and β set before the first step (γ about 1, β about 0, random);
#     for steps t = 0, 1 in training mode and t = 2 in eval mode: "<c>.x<t>" the input (normal,
#         mean 2, sd 3), "<c>.y<t>" the output, "<c>.dy<t>" an output gradient (standard normal),
#         "<c>.dx<t>", "<c>.dweight<t>", "<c>.dbias<t>" the gradients for it (zeroed before each step);
#     "<c>.running_mean", "<c>.running_var" (F32) and "<c>.num_batches_tracked" (I64, a scalar)
#         after the two training steps.
#   batchnorm-model.safetensors: the state dict of MODEL (below) after two training steps (SGD,
#     lr 0.1, on mean squared error), as safetensors.torch.save_file writes it, num_batches_tracked
#     an I64 scalar; "model.x" and "model.y" in batchnorm.safetensors: an input and MODEL's output
#     for it in eval mode.
#
# Written by the small writer of ../io/pytorch/make_fixture.py (numpy + json). Rerun (needs torch
# and numpy, e.g. Debian's python3-torch):
#   /usr/bin/python3 nn-layers/src/test/resources/dev/nn/layers/make_batchnorm_fixture.py
# Made with Debian's torch 1.13.1 (CPU), which reports its version as 1.13.0a0.
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ among the test resources

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'io', 'pytorch'))
from make_fixture import save_file  # noqa: E402

CASES = {
    'features': (lambda: nn.BatchNorm1d(19), (6, 19)),
    'images': (lambda: nn.BatchNorm2d(3), (4, 3, 5, 7)),
}


def main():
    torch.manual_seed(2026)
    tensors = {}
    for name, (make, shape) in CASES.items():
        module = make()
        with torch.no_grad():
            module.weight.copy_(1 + 0.5 * torch.randn(module.num_features))
            module.bias.copy_(0.5 * torch.randn(module.num_features))
        tensors[name + '.weight'] = module.weight.detach().clone()
        tensors[name + '.bias'] = module.bias.detach().clone()
        for t in range(3):
            module.train(t < 2)
            x = (2 + 3 * torch.randn(*shape)).requires_grad_()
            module.zero_grad()
            y = module(x)
            dy = torch.randn(*shape)
            y.backward(dy)
            for key, value in (('x', x), ('y', y), ('dy', dy), ('dx', x.grad),
                               ('dweight', module.weight.grad), ('dbias', module.bias.grad)):
                tensors['%s.%s%d' % (name, key, t)] = value.detach().clone()
            if t == 1:
                tensors[name + '.running_mean'] = module.running_mean.clone()
                tensors[name + '.running_var'] = module.running_var.clone()
                tensors[name + '.num_batches_tracked'] = module.num_batches_tracked.clone()
    model = nn.Sequential(nn.Conv2d(3, 4, 2), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                          nn.Linear(4, 3), nn.BatchNorm1d(3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(torch.randn(5, 3, 6, 6)), torch.randn(5, 3)).backward()
        optimizer.step()
    model.eval()
    tensors['model.x'] = torch.randn(4, 3, 6, 6)
    with torch.no_grad():
        tensors['model.y'] = model(tensors['model.x'])
    save_file(tensors, os.path.join(HERE, 'batchnorm.safetensors'))
    save_file(dict(model.state_dict()), os.path.join(HERE, 'batchnorm-model.safetensors'))


if __name__ == '__main__':
    main()
