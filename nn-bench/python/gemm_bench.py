"""numpy's (OpenBLAS) or PyTorch's counterpart of nn-bench's GemmBench (dev.nn.bench.GemmBench):
C = op(A)·op(B) for the same shapes and storage, GFLOP/s (2·m·n·k flops per call), one line per
shape in the form vs_pytorch.py reads.

    /usr/bin/python3 nn-bench/python/gemm_bench.py [--lib numpy|torch] [--threads N] [--shape S ...]

Install: apt-get install -y python3-torch python3-numpy; run with /usr/bin/python3.

Shapes are written as GemmBench's: m×k×n, a bare number for a square, _TN or _NT when A or B is
stored transposed (A k×m, B n×k, both row-major); the transposed operand is passed as a
transposed view, which numpy and torch hand to sgemm as a transpose flag, without a copy. C is
preallocated (out=), as GemmBench writes into its own C. On an Intel CPU that Debian's OpenBLAS
0.3.21 does not recognise (e.g. a Xeon of the Sapphire or Emerald Rapids generation) it runs a
generic SSE3 kernel: OPENBLAS_CORETYPE=SkylakeX in the environment selects its AVX-512 one.
"""
import argparse

from common import figure_line, openblas_kernel, start, time_calls

# GemmBench's @Param list.
SHAPES = ["64", "128", "256", "512", "1024", "2048", "64x784x128", "256x784x128", "784x64x128_TN",
          "64x128x784_NT", "256x128x10", "64x128x10", "128x64x10_TN", "1x784x128"]


def parse(shape):
    dims, _, ops = shape.partition("_")
    sizes = dims.split("x")
    if len(sizes) == 1:
        sizes *= 3
    ops = ops or "NN"
    if len(sizes) != 3 or not all(s.isdigit() for s in sizes) or ops not in ("NN", "TN", "NT", "TT"):
        raise SystemExit(f"shape must be N or MxKxN, optionally with _NN/_TN/_NT/_TT: {shape}")
    m, k, n = map(int, sizes)
    return m, k, n, ops[0] == "T", ops[1] == "T"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lib", choices=["numpy", "torch"], default="numpy")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--shape", nargs="+", default=SHAPES)
    args = ap.parse_args()
    torch = start(args.threads)
    import numpy as np

    rng = np.random.default_rng(42)
    print(f"# {args.lib} ({np.__version__ if args.lib == 'numpy' else torch.__version__}), "
          f"threads {args.threads}, OpenBLAS kernel {openblas_kernel()}", flush=True)
    for shape in args.shape:
        m, k, n, trans_a, trans_b = parse(shape)
        a = rng.uniform(-1, 1, (k, m) if trans_a else (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, k) if trans_b else (k, n)).astype(np.float32)
        op_a, op_b = (a.T if trans_a else a), (b.T if trans_b else b)
        c = np.empty((m, n), dtype=np.float32)
        if args.lib == "numpy":
            multiply = lambda: np.matmul(op_a, op_b, out=c)
        else:
            ta, tb, tc = torch.from_numpy(op_a), torch.from_numpy(op_b), torch.from_numpy(c)
            multiply = lambda: torch.mm(ta, tb, out=tc)
        multiply()
        exact = op_a.astype(np.float64) @ op_b.astype(np.float64)
        if not np.allclose(c, exact, rtol=1e-4, atol=1e-4 * k):
            raise SystemExit(f"{args.lib} gave a wrong product for {shape}")
        seconds = time_calls(multiply)
        print(figure_line(f"GemmBench.sgemm shape={shape}", "GFLOP/s", [2.0 * m * n * k / s / 1e9 for s in seconds]),
              flush=True)


if __name__ == "__main__":
    main()
