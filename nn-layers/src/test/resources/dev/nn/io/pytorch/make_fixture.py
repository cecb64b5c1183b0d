#!/usr/bin/env python3
# Makes the PyTorch fixtures of PyTorchInteropTest (nn-layers/src/test/java/dev/nn/PyTorchInteropTest.java):
#
#   pytorch-model.safetensors       the state_dict() of the nn.Sequential below, default PyTorch init
#                                   (torch.manual_seed(20240611)), every tensor F32, no __metadata__
#                                   (what safetensors.torch.save_file(model.state_dict(), path) writes)
#   pytorch-model-f64.safetensors   the same weights as F64 (model.double().state_dict()), with
#                                   __metadata__ {"format": "pt"}
#   pytorch-model-f16.safetensors   the weights rounded to F16 (model.half().state_dict())
#   pytorch-model-bf16.safetensors  the weights rounded to BF16 (model.bfloat16().state_dict())
#   pytorch-model-reordered.safetensors  the F32 weights, the header in the dict's order but the data
#                                   in the order of the names (the safetensors library's data order:
#                                   by dtype, then name), so that header order and data order differ
#   pytorch-io.safetensors          F32 tensors: "inputs" [8, 1, 12, 12] (fixed random inputs);
#                                   "outputs" [8, 10], the model's outputs for them (model.eval(), F32);
#                                   "outputs_f16" and "outputs_bf16", the outputs of the F32 model whose
#                                   weights are those of the F16 / BF16 file (widened back to F32, exactly)
#
# The files are written by the small writer below (numpy + json), not by nn's writer, nor by the
# safetensors package (not installable here); it writes what safetensors' serializer writes: an
# 8-byte little-endian header length, a compact UTF-8 JSON header ("__metadata__" first, then the
# tensors in the dict's order) padded with spaces to a multiple of 8 bytes, then the raw
# little-endian data in the same order (in another for pytorch-model-reordered).
#
# Rerun (from the repository root; needs torch and numpy, e.g. Debian's python3-torch):
#   cd nn-layers/src/test/resources/dev/nn/io/pytorch && python3 make_fixture.py
# (`python3` being the interpreter that has torch: with several installed, e.g. /usr/bin/python3.)
# The output is deterministic for a given torch version: it was made with Debian's torch 1.13.1
# (CPU), which reports its version as 1.13.0a0.
import json
import struct

import numpy as np
import torch
from torch import nn

DTYPES = {np.dtype('float32'): 'F32', np.dtype('float64'): 'F64', np.dtype('float16'): 'F16', np.dtype('int64'): 'I64'}


def to_numpy(t):
    """(safetensors dtype, little-endian numpy array) of a tensor; BF16 as its raw 16 bits."""
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return 'BF16', t.view(torch.int16).numpy().astype('<i2')
    a = t.numpy()
    return DTYPES[a.dtype], a.astype(a.dtype.newbyteorder('<'))


def save_file(tensors, path, metadata=None, data_order=None):
    """Stands in for safetensors.torch.save_file(tensors, path, metadata); the data goes in the
    order of the names in data_order if given, else in the header's (the dict's) order."""
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        header[name] = None  # fixes the header's order
    for name in data_order or tensors:
        t = tensors[name]
        dtype, a = to_numpy(t)
        data = a.tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def build():
    # input [1, 12, 12] -> conv 3x3 [4, 10, 10] -> pool 2 [4, 5, 5] -> conv 3x3 pad 1 [6, 5, 5] -> 150 -> 32 -> 10
    return nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, stride=1, padding=1), nn.Tanh(),
        nn.Flatten(),
        nn.Linear(150, 32), nn.ReLU(),
        nn.Linear(32, 10))


def outputs_with_weights(state, inputs):
    """The F32 model's outputs with the given (rounded) weights, widened exactly to F32."""
    model = build()
    model.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    model.eval()
    with torch.no_grad():
        return model(inputs)


def main():
    torch.manual_seed(20240611)
    model = build().eval()
    inputs = torch.randn(8, 1, 12, 12, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        outputs = model(inputs)
    state = model.state_dict()
    save_file(state, 'pytorch-model.safetensors')
    save_file({k: v.double() for k, v in state.items()}, 'pytorch-model-f64.safetensors', {'format': 'pt'})
    half = {k: v.half() for k, v in state.items()}
    bf16 = {k: v.bfloat16() for k, v in state.items()}
    save_file(half, 'pytorch-model-f16.safetensors')
    save_file(bf16, 'pytorch-model-bf16.safetensors')
    save_file(state, 'pytorch-model-reordered.safetensors', data_order=sorted(state))
    save_file({'inputs': inputs, 'outputs': outputs,
               'outputs_f16': outputs_with_weights(half, inputs),
               'outputs_bf16': outputs_with_weights(bf16, inputs)},
              'pytorch-io.safetensors', {'made_by': 'make_fixture.py', 'torch': torch.__version__})
    print('outputs range', outputs.min().item(), outputs.max().item(),
          'max |outputs - outputs_f16|', (outputs - outputs_with_weights(half, inputs)).abs().max().item(),
          'max |outputs - outputs_bf16|', (outputs - outputs_with_weights(bf16, inputs)).abs().max().item())


if __name__ == '__main__':
    main()
