#!/usr/bin/env python3
"""Checks that PyTorch computes what nn does with a model file that nn saved.

Usage:
    python3 check_nn_model.py MODEL.safetensors IO.safetensors [--tolerance T]

MODEL is a file written by nn's Network.save; IO a safetensors file with F32 tensors "inputs"
(a batch, batch first, NCHW for images) and "outputs" (nn's predictions for them), such as
SaveForPyTorch.java (beside this script) writes. The script rebuilds the nn.Sequential that the
model file's "nn.architecture" metadata describes (see docs/model-files.md), loads the file's
tensors into it with load_state_dict(..., strict=True), runs the inputs (model.eval()) and prints
the largest absolute difference from nn's outputs. It exits with status 1 if that exceeds the
tolerance (default 1e-5 + 1e-5 * |output|, float32 rounding of both sides).

Needs torch and numpy only: load_file below stands in for safetensors.torch.load_file (the
safetensors package is not needed), returning what it returns: a dict of CPU tensors of the
file's dtypes and shapes, each from torch.from_numpy of the raw little-endian data.

Example (from the repository root, after `m -q -ntp install -DskipTests -pl nn-layers -am`):
    java --add-modules jdk.incubator.vector -cp <jars> docs/pytorch/SaveForPyTorch.java /tmp/nn
    python3 docs/pytorch/check_nn_model.py /tmp/nn/nn-model.safetensors /tmp/nn/nn-io.safetensors
"""
import argparse
import json
import struct
import sys

import numpy as np
import torch
from torch import nn

NUMPY = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'BF16': '<i2', 'I64': '<i8', 'I32': '<i4',
         'I16': '<i2', 'I8': 'i1', 'U8': 'u1', 'BOOL': '?'}


def read_header(path):
    """(header dict without __metadata__, metadata dict or {}, the data area's bytes)."""
    with open(path, 'rb') as f:
        raw = f.read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', None) or {}
    return header, metadata, memoryview(raw)[8 + n:]


def load_file(path):
    """Stands in for safetensors.torch.load_file(path): {name: torch.Tensor}."""
    header, _, data = read_header(path)
    state = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        a = np.frombuffer(data[begin:end], dtype=NUMPY[info['dtype']]).reshape(info['shape']).copy()
        t = torch.from_numpy(a)
        state[name] = t.view(torch.bfloat16) if info['dtype'] == 'BF16' else t
    return state


def activation(kind, slope=None):
    return {'RELU': nn.ReLU, 'TANH': nn.Tanh, 'SIGMOID': nn.Sigmoid, 'IDENTITY': nn.Identity,
            'SOFTMAX': lambda: nn.Softmax(dim=-1),
            'LEAKY_RELU': lambda: nn.LeakyReLU(slope)}[kind]()


def build(architecture):
    """The nn.Sequential of an "nn.architecture" JSON object, modules numbered as nn numbers them."""
    modules = []
    for layer in architecture['layers']:
        kind = layer['type']
        if kind == 'Dense':
            modules.append(nn.Linear(layer['inputs'], layer['outputs']))
            if layer['relu']:
                modules.append(nn.ReLU())
        elif kind == 'Conv2D':
            modules.append(nn.Conv2d(layer['inChannels'], layer['outChannels'],
                                     (layer['kernelHeight'], layer['kernelWidth']),
                                     stride=layer['stride'], padding=layer['padding']))
            if layer['relu']:
                modules.append(nn.ReLU())
            if layer['maxPool']:
                modules.append(nn.MaxPool2d(layer['maxPool']))
        elif kind == 'Activation':
            modules.append(activation(layer['kind'], layer.get('slope')))
        elif kind == 'MaxPool2D':
            modules.append(nn.MaxPool2d(layer['pool'], layer['stride']))
        elif kind == 'Flatten':
            modules.append(nn.Flatten())
        elif kind == 'Dropout':
            modules.append(nn.Dropout(layer['rate']))
        else:
            raise ValueError('unknown layer type ' + kind)
    return nn.Sequential(*modules)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('model')
    parser.add_argument('io')
    parser.add_argument('--tolerance', type=float, default=1e-5)
    args = parser.parse_args()

    _, metadata, _ = read_header(args.model)
    architecture = json.loads(metadata['nn.architecture'])
    model = build(architecture)
    state = load_file(args.model)
    model.load_state_dict(state, strict=True)  # raises on a missing, unexpected or misshapen tensor
    model.eval()
    print(model)

    io = load_file(args.io)
    inputs, expected = io['inputs'], io['outputs']
    with torch.no_grad():
        outputs = model(inputs.float())
    difference = (outputs - expected).abs()
    allowed = args.tolerance + args.tolerance * expected.abs()
    print('inputs', list(inputs.shape), 'outputs', list(outputs.shape),
          'range of nn outputs [%.6g, %.6g]' % (expected.min().item(), expected.max().item()))
    print('largest |PyTorch - nn| = %.3g (largest relative %.3g)'
          % (difference.max().item(), (difference / expected.abs().clamp_min(1e-30)).max().item()))
    if outputs.shape != expected.shape or bool((difference > allowed).any()):
        print('FAIL: beyond the tolerance %g + %g * |output|' % (args.tolerance, args.tolerance))
        sys.exit(1)
    print('OK: within %g + %g * |output|' % (args.tolerance, args.tolerance))


if __name__ == '__main__':
    main()
