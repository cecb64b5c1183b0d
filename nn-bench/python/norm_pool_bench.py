"""PyTorch's counterpart of nn-bench's NormPoolBench (dev.nn.bench.NormPoolBench): the forward
and backward passes of BatchNorm1d/2d in training mode, AvgPool2d(2) and AdaptiveAvgPool2d(1),
input elements per nanosecond (= 10⁹ elements/s), one line per layer and pass in the form
vs_pytorch.py reads.

    /usr/bin/python3 nn-bench/python/norm_pool_bench.py [--threads N] [--layer L ...]

Install: apt-get install -y python3-torch python3-numpy; run with /usr/bin/python3.

Layers are written as NormPoolBench's, kind_shape with the input batch's shape:
batchnorm_64x32x13x13 (BatchNorm2d(32)), batchnorm_64x128 (BatchNorm1d(128)),
avgpool2_64x16x26x26, globalavgpool_64x64x6x6. forward runs under no_grad (a training-mode batch
norm still uses the batch's statistics and moves its running ones, as nn's does); backward asks
autograd, the graph kept, for every gradient nn's layer computes: the input's, and batch norm's
weight and bias.
"""
import re

from common import figure_line, layer_suite, time_calls

LAYERS = ["batchnorm_64x32x13x13", "batchnorm_64x128", "avgpool2_64x16x26x26",
          "globalavgpool_64x64x6x6"]  # NormPoolBench's @Param list


def module(torch, kind, shape):
    nn = torch.nn
    if kind == "batchnorm":
        return (nn.BatchNorm2d if len(shape) == 4 else nn.BatchNorm1d)(shape[1]).train()
    if kind == "avgpool2":
        return nn.AvgPool2d(2)
    if kind == "globalavgpool":
        return nn.AdaptiveAvgPool2d(1)
    raise SystemExit(f"layer kind must be batchnorm, avgpool2 or globalavgpool, got {kind}")


def main():
    args, torch, gen = layer_suite(__doc__, LAYERS)
    for layer in args.layer:
        match = re.fullmatch(r"([a-z0-9]+)_(\d+(?:x\d+)+)", layer)
        if not match:
            raise SystemExit(f"layer must look like batchnorm_64x32x13x13, got {layer}")
        shape = [int(d) for d in match.group(2).split("x")]
        m = module(torch, match.group(1), shape)
        x = (torch.rand(*shape, generator=gen) * 2 - 1).requires_grad_()
        y = m(x)
        dy = torch.rand(y.shape, generator=gen) * 2 - 1
        wrt = [x] + list(m.parameters())

        def forward():
            with torch.no_grad():
                m(x)

        passes = {"forward": forward,
                  "backward": lambda: torch.autograd.grad(y, wrt, dy, retain_graph=True)}
        for name, fn in passes.items():
            seconds = time_calls(fn)
            print(figure_line(f"NormPoolBench.{name} layer={layer}", "elements/ns",
                              [x.numel() / s / 1e9 for s in seconds]), flush=True)


if __name__ == "__main__":
    main()
