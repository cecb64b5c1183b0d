"""What the PyTorch/numpy counterparts of nn-bench share: thread settings, timing, figure lines
and the IDX data.

Install (Debian 12): apt-get install -y python3-torch python3-numpy
Run with Debian's interpreter, /usr/bin/python3: another python3 earlier on PATH (e.g. pyenv's)
may lack those packages.
"""
import gzip
import os
import statistics
import struct
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FASHION = "/usr/share/datasets/fashion-mnist"
# The 10,000 MNIST digits that nn-digits embeds in its jar: TrainBench's data when Fashion-MNIST
# is not installed.
EMBEDDED = os.path.join(HERE, "..", "..", "nn-digits", "src", "main", "resources", "dev", "nn", "digits",
                        "mnist-10k")


def start(threads):
    """Limits every thread pool to `threads` and returns the torch module.

    OpenMP and OpenBLAS read their thread counts once, when the library loads, so the variables
    are set before torch (which loads both) is imported; a value already in the environment wins,
    so that a caller may give OpenBLAS and OpenMP different counts. torch.set_num_threads then
    fixes the intra-op pool, which is what -Dnn.threads fixes for nn.
    """
    if threads < 1:
        raise SystemExit(f"--threads must be at least 1, got {threads}")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    import torch
    torch.set_num_threads(threads)
    return torch


def layer_suite(doc, layers):
    """Parses a layer suite's command line (--threads N, --layer NAME...), starts torch with those
    threads and prints its version line; returns the arguments, torch and a generator seeded 42."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--layer", nargs="+", default=layers)
    args = ap.parse_args()
    torch = start(args.threads)
    print(f"# torch {torch.__version__}, threads {args.threads}", flush=True)
    return args, torch, torch.Generator().manual_seed(42)


def openblas_kernel():
    """The kernel OpenBLAS chose for this CPU (e.g. Cooperlake, SkylakeX; Prescott is its generic
    SSE3 fallback for a CPU it does not know), as threadpoolctl reports it, or a note why not."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (apt-get install -y python3-threadpoolctl to see it)"
    kernels = {d.get("architecture") for d in threadpool_info() if d.get("internal_api") == "openblas"}
    return ", ".join(sorted(k or "unknown" for k in kernels)) or "not loaded"


def time_calls(fn, samples=5, sample_seconds=0.2, warmup_seconds=1.0):
    """Seconds per call of fn, one value per sample.

    Warms up for warmup_seconds (one-time allocation, oneDNN's kernel choice, caches), then
    calls fn in batches long enough (sample_seconds) that the clock's resolution and the
    loop's overhead vanish: the same shape of measurement as JMH's iterations.
    """
    t0 = time.perf_counter()
    calls = 0
    while calls < 2 or time.perf_counter() - t0 < warmup_seconds:
        fn()
        calls += 1
    inner = max(1, int(sample_seconds * calls / (time.perf_counter() - t0)))
    per_call = []
    for _ in range(samples):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        per_call.append((time.perf_counter() - t) / inner)
    return per_call


def figure_line(key, unit, values):
    """One figure as vs_pytorch.py reads it: key, median, unit, sample count and range."""
    return (f"{key}: {statistics.median(values):.3f} {unit} "
            f"(median of {len(values)}; {min(values):.3f}–{max(values):.3f})")


def load_idx(path):
    """The array of an IDX file (gzipped): 0, 0, type code, rank, big-endian sizes, data."""
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, code, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or code != 0x08:
        raise ValueError(f"{path}: expected an IDX file of unsigned bytes (magic 0x0000 08), got "
                         f"{zero:#06x} {code:#04x}")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_images(directory):
    """(train images, train labels, test images, test labels) of an MNIST-style folder."""
    names = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    missing = [n for n in names if not os.path.isfile(os.path.join(directory, n))]
    if missing:
        raise SystemExit(f"{directory}: missing {', '.join(missing)}")
    return tuple(load_idx(os.path.join(directory, n)) for n in names)
