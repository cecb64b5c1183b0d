"""PyTorch's counterpart of nn-bench's ConvBench (dev.nn.bench.ConvBench): the three passes of a
convolutional layer, each timed on its own, GFLOP/s, one line per layer and pass in the form
vs_pytorch.py reads.

    /usr/bin/python3 nn-bench/python/conv_bench.py [--threads N] [--layer L ...]

Install: apt-get install -y python3-torch python3-numpy; run with /usr/bin/python3.

Layers are written as ConvBench's, CtoF_HxW: batch 64 of C channels of H×W, valid 3×3 kernels,
stride 1, F output channels, no bias (ConvBench passes none). Every pass counts the flops of the
forward pass, 2·64·F·outH·outW·C·9, as ConvBench does. forward runs under no_grad;
backwardInput and backwardWeights ask autograd for the gradient of one tensor only, with the
graph kept, so that PyTorch computes just that gradient (convolution_backward's output mask),
as ConvBench's two backward passes do.
"""
import re

from common import figure_line, layer_suite, time_calls

LAYERS = ["1to32_28x28", "32to64_13x13"]  # ConvBench's @Param list
BATCH = 64
KERNEL = 3


def main():
    args, torch, gen = layer_suite(__doc__, LAYERS)
    uniform = lambda *shape: torch.rand(*shape, generator=gen) * 2 - 1
    for layer in args.layer:
        match = re.fullmatch(r"(\d+)to(\d+)_(\d+)x(\d+)", layer)
        if not match:
            raise SystemExit(f"layer must look like 32to64_13x13, got {layer}")
        c, f, h, w = map(int, match.groups())
        out_h, out_w = h - KERNEL + 1, w - KERNEL + 1
        flops = 2.0 * BATCH * f * out_h * out_w * c * KERNEL * KERNEL
        x = uniform(BATCH, c, h, w).requires_grad_()
        weight = uniform(f, c, KERNEL, KERNEL).requires_grad_()
        dy = uniform(BATCH, f, out_h, out_w)
        y = torch.nn.functional.conv2d(x, weight)

        def forward():
            with torch.no_grad():
                torch.nn.functional.conv2d(x, weight)

        passes = {"forward": forward,
                  "backwardInput": lambda: torch.autograd.grad(y, [x], dy, retain_graph=True),
                  "backwardWeights": lambda: torch.autograd.grad(y, [weight], dy, retain_graph=True)}
        for name, fn in passes.items():
            seconds = time_calls(fn)
            print(figure_line(f"ConvBench.{name} layer={layer}", "GFLOP/s", [flops / s / 1e9 for s in seconds]),
                  flush=True)


if __name__ == "__main__":
    main()
