#!/usr/bin/env python3
# Makes the PyTorch fixture of AdamDeadUnitsTest (nn-layers/src/test/java/dev/nn/AdamDeadUnitsTest.java):
#
#   adam-dead-units.safetensors  F32 tensors:
#     "0.weight" [16, 16, 3, 3], "0.bias" [16], "2.weight" [32, 16, 3, 3], "2.bias" [32]:
#         the initial state dict of the nn.Sequential below (PyTorch's default init,
#         torch.manual_seed(5));
#     "inputs" [2, 16, 6, 6]: 10 * relu(standard normal), so about half the inputs are exactly 0 (the
#         factor 10 puts Winograd's rounding noise, where nn used it, at 1e-10 to 1e-8, near Adam's eps);
#     "targets" [2, 1152]: standard normal;
#     "step3.0.weight", "step3.0.bias", "step3.2.weight", "step3.2.bias": the parameters after
#         three steps of torch.optim.Adam(lr=0.01) (betas 0.9, 0.999, eps 1e-8) on the mean squared
#         error of the model's outputs against the targets, the same batch each step;
#     "zeros.0.weight", "zeros.2.weight": 1 where the first step's weight gradient is exactly 0
#         (every product of its sum is 0: an output unit and an input unit never active together
#         at that tap), else 0.
#
# Two 3x3 convolutions with padding 1 and ReLU, 16 -> 16 -> 32 channels on 6x6 maps: channel counts
# that are whole vectors, so nn would run Winograd's algorithm on them. With these inputs, and at
# PyTorch's init, many units are active at only a few positions, and many weight-gradient entries
# are exactly 0 without their whole filter or channel being dead.
#
# Written by the small writer of ../io/pytorch/make_fixture.py (numpy + json, what
# safetensors.torch.save_file writes), beside this script. Rerun (needs torch and numpy, e.g.
# Debian's python3-torch):
#   /usr/bin/python3 nn-layers/src/test/resources/dev/nn/adam/make_adam_fixture.py
# The output is deterministic for a given torch version: it was made with Debian's torch 1.13.1
# (CPU), which reports its version as 1.13.0a0.
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ among the test resources

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'io', 'pytorch'))
from make_fixture import save_file  # noqa: E402


def build():
    return nn.Sequential(
        nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.Flatten())


def main():
    torch.manual_seed(5)
    model = build()
    inputs = 10 * torch.relu(torch.randn(2, 16, 6, 6, generator=torch.Generator().manual_seed(11)))
    targets = torch.randn(2, 32 * 6 * 6, generator=torch.Generator().manual_seed(12))
    tensors = {k: v.clone() for k, v in model.state_dict().items()}
    tensors['inputs'] = inputs
    tensors['targets'] = targets
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(3):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(inputs), targets)
        loss.backward()
        if step == 0:
            for i in (0, 2):
                g = model[i].weight.grad
                tensors['zeros.%d.weight' % i] = (g == 0).float()
                print('step 1: conv %d: %d weight-gradient entries exactly 0 of %d' % (i, (g == 0).sum(), g.numel()))
        optimizer.step()
        print('step %d: loss %.6f' % (step + 1, loss.item()))
    for k, v in model.state_dict().items():
        tensors['step3.' + k] = v.clone()
    save_file(tensors, os.path.join(HERE, 'adam-dead-units.safetensors'),
              {'made_by': 'make_adam_fixture.py', 'torch': torch.__version__})


if __name__ == '__main__':
    main()
