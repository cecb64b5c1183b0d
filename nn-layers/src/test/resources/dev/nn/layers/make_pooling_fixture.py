#!/usr/bin/env python3
# Makes the PyTorch fixtures of PoolingPyTorchTest (nn-layers/src/test/java/dev/nn/layers/PoolingPyTorchTest.java):
#
#   pooling.safetensors  F32 tensors:
#     "x" [2, 3, 7, 9]: the input (standard normal);
#     for each case c in CASES: "<c>.y", PyTorch's output for x; "<c>.dy", an output gradient
#         (standard normal, of y's shape); "<c>.dx", the input gradient PyTorch gives for it.
#         "global" is nn.AdaptiveAvgPool2d(1) followed by nn.Flatten(), as nn's GlobalAvgPool2D.
#     "model.y": the output of MODEL (below) for x.
#   pooling-model.safetensors: MODEL's state dict, as safetensors.torch.save_file writes it, for
#     nn's strict loadWeights: the Linear is module 4 after the global pooling's two modules.
#
# Written by the small writer of ../io/pytorch/make_fixture.py (numpy + json). Rerun (needs torch
# and numpy, e.g. Debian's python3-torch):
#   /usr/bin/python3 nn-layers/src/test/resources/dev/nn/layers/make_pooling_fixture.py
# Made with Debian's torch 1.13.1 (CPU), which reports its version as 1.13.0a0.
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ among the test resources

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'io', 'pytorch'))
from make_fixture import save_file  # noqa: E402

# case name -> module; the Java test builds the same layer under the same name.
CASES = {
    'avg2': nn.AvgPool2d(2),
    'avg3stride2': nn.AvgPool2d(3, 2),
    'avg3stride1': nn.AvgPool2d(3, 1),
    'avg2stride3': nn.AvgPool2d(2, 3),
    'global': nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()),
}


def main():
    torch.manual_seed(2026)
    x = torch.randn(2, 3, 7, 9)
    tensors = {'x': x}
    for name, module in CASES.items():
        xg = x.clone().requires_grad_()
        y = module(xg)
        dy = torch.randn(*y.shape)
        y.backward(dy)
        tensors[name + '.y'] = y.detach()
        tensors[name + '.dy'] = dy
        tensors[name + '.dx'] = xg.grad
    model = nn.Sequential(nn.Conv2d(3, 4, 2), nn.AvgPool2d(2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 5))
    with torch.no_grad():
        tensors['model.y'] = model(x)
    save_file(tensors, os.path.join(HERE, 'pooling.safetensors'))
    save_file(dict(model.state_dict()), os.path.join(HERE, 'pooling-model.safetensors'))


if __name__ == '__main__':
    main()
