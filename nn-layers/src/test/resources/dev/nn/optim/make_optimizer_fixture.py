#!/usr/bin/env python3
# Makes the PyTorch fixture of OptimizerPyTorchTest (nn-layers/src/test/java/dev/nn/OptimizerPyTorchTest.java):
#
#   optimizers.safetensors  F32 tensors, for two parameters "a" [5, 7] and "b" [7]:
#     "start.a", "start.b": the values before the first step (standard normal);
#     "grad<s>.a", "grad<s>.b" for s in 0..5: the gradient of step s (standard normal times the
#         step's scale in SCALES, so that the global norm is below 1 at some steps and far above it
#         at others, and some values are beyond the clipping value 0.5, others within it);
#     "<case>.a", "<case>.b": the values after the six steps of each case in CASES, every step
#         taking the recorded gradients (p.grad = grad<s>, then clipping if any, then step()).
#
# Written by the small writer of ../io/pytorch/make_fixture.py (numpy + json, what
# safetensors.torch.save_file writes), beside this script. Rerun (needs torch and numpy, e.g.
# Debian's python3-torch):
#   /usr/bin/python3 nn-layers/src/test/resources/dev/nn/optim/make_optimizer_fixture.py
# The output is deterministic for a given torch version: it was made with Debian's torch 1.13.1
# (CPU), which reports its version as 1.13.0a0.
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ among the test resources

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'io', 'pytorch'))
from make_fixture import save_file  # noqa: E402

SHAPES = {'a': (5, 7), 'b': (7,)}
SCALES = [0.05, 2.0, 0.3, 5.0, 0.01, 1.0]

# case name -> (optimizer factory, clipping); the Java test builds the same optimizer under the same name.
CASES = {
    'adamW': (lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1), None),
    'adamWTuned': (lambda p: torch.optim.AdamW(p, lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.5), None),
    'rmsprop': (lambda p: torch.optim.RMSprop(p, lr=0.01), None),
    'rmspropTuned': (lambda p: torch.optim.RMSprop(p, lr=0.003, alpha=0.9, eps=1e-4), None),
    'sgdDecay': (lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.05), None),
    'momentumDecay': (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.05), None),
    'nesterovDecay': (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, nesterov=True, weight_decay=0.05), None),
    'clipNorm': (lambda p: torch.optim.SGD(p, lr=0.1), ('norm', 1.0)),
    'clipValue': (lambda p: torch.optim.SGD(p, lr=0.1), ('value', 0.5)),
    'adamWClipNorm': (lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1), ('norm', 0.5)),
}


def main():
    generator = torch.Generator().manual_seed(2026)
    start = {k: torch.randn(*s, generator=generator) for k, s in SHAPES.items()}
    grads = [{k: scale * torch.randn(*s, generator=generator) for k, s in SHAPES.items()} for scale in SCALES]
    tensors = {'start.' + k: v for k, v in start.items()}
    for s, g in enumerate(grads):
        for k, v in g.items():
            tensors['grad%d.%s' % (s, k)] = v
    for name, (make, clipping) in CASES.items():
        params = {k: v.clone().requires_grad_() for k, v in start.items()}
        optimizer = make(list(params.values()))
        for g in grads:
            for k, p in params.items():
                p.grad = g[k].clone()
            if clipping is not None:
                kind, limit = clipping
                if kind == 'norm':
                    norm = torch.nn.utils.clip_grad_norm_(list(params.values()), limit)
                    print('%s: global norm %.4f' % (name, norm))
                else:
                    torch.nn.utils.clip_grad_value_(list(params.values()), limit)
            optimizer.step()
        for k, p in params.items():
            tensors[name + '.' + k] = p.detach().clone()
    save_file(tensors, os.path.join(HERE, 'optimizers.safetensors'),
              {'made_by': 'make_optimizer_fixture.py', 'torch': torch.__version__})


if __name__ == '__main__':
    main()
