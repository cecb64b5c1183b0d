"""Runs one of nn's benchmarks and its PyTorch (or numpy) counterpart side by side: in
alternation, several rounds, printing both figures and nn's speed-up over PyTorch per round,
then each figure's median and range over the rounds.

    /usr/bin/python3 nn-bench/python/vs_pytorch.py train|gemm|conv|normpool [--threads 1|2]
        [--rounds N] [--only NAME ...] [--model mlp|cnn|all] [--epochs N] [--data DIR|embedded]
        [--lib numpy|torch] [--jar nn-bench/target/benchmarks.jar] [--java PATH]

Build the jar first (mvn -B -ntp -pl nn-bench -am package -DskipTests); install PyTorch and numpy
with apt-get install -y python3-torch python3-numpy and run with /usr/bin/python3.

    suite     nn's side                               counterpart
    train     TrainBench (not JMH)                    train_bench.py
    gemm      JMH GemmBench, vector kernels            gemm_bench.py (numpy's OpenBLAS, or --lib torch)
    conv      JMH ConvBench, vector kernels            conv_bench.py
    normpool  JMH NormPoolBench, vector kernels        norm_pool_bench.py

--only selects shapes or layers (GemmBench's shape, ConvBench's and NormPoolBench's layer) or,
for train, is not used (--model selects). Both sides get the same thread count: -Dnn.threads=N
for nn; OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and torch.set_num_threads for PyTorch. The machines
these run on share their CPUs and change speed within minutes, so the rounds alternate which
side goes first, and the ratio of one round is the figure to trust, not either side's figure
alone. Set OPENBLAS_CORETYPE in the environment when OpenBLAS does not recognise the CPU (see
nn-bench/README.md); it reaches the counterpart only.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

from common import HERE

REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
# glibc hands large freed blocks back to the kernel and the next allocation faults them in again,
# page by page, which costs about 1.5 µs per 4 KiB page on these VMs; nn reuses its buffers, so
# PyTorch gets the same by keeping its freed memory.
KEEP_FREED_MEMORY = "glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824"
JMH_SUITES = {  # suite: (JMH benchmark regex, its parameter that --only sets, counterpart, its option)
    "gemm": ("GemmBench.sgemm", "shape", "gemm_bench.py", "--shape"),
    "conv": ("ConvBench", "layer", "conv_bench.py", "--layer"),
    "normpool": ("NormPoolBench", "layer", "norm_pool_bench.py", "--layer"),
}
FIGURE = re.compile(r"^(\S+ \S+=\S+): ([\d.]+) (\S+) \(median of")
TRAIN_FIGURES = [  # TrainBench's and train_bench.py's lines: pattern, key, unit, higher is better
    (re.compile(r"^(\w+) epoch (\d+)/\d+: ([\d.]+) s,"), "{0} epoch {1}", "s", False),
    (re.compile(r"^(\w+) inference, batch 1000: ([\d.]+) samples/s"), "{0} inference", "samples/s", True),
    (re.compile(r"^(\w+) single-sample predict: ([\d.]+) µs"), "{0} single-sample predict", "µs", False),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("suite", choices=["train", *JMH_SUITES])
    ap.add_argument("--threads", type=int, choices=[1, 2], default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="+", help="shapes or layers of the JMH suite")
    ap.add_argument("--model", choices=["mlp", "cnn", "all"], default="all")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--data", help="TrainBench's --data: an MNIST-style folder or 'embedded'")
    ap.add_argument("--lib", choices=["numpy", "torch"], default="numpy", help="gemm's counterpart")
    ap.add_argument("--jar", default=os.path.join(REPO, "nn-bench", "target", "benchmarks.jar"))
    ap.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                    if "JAVA_HOME" in os.environ else "java")
    args = ap.parse_args()
    if args.rounds < 1:
        raise SystemExit(f"--rounds must be at least 1, got {args.rounds}")
    if not os.path.isfile(args.jar):
        raise SystemExit(f"{args.jar} is missing: build it with mvn -B -ntp -pl nn-bench -am package -DskipTests")
    nn_side, torch_side = sides(args)
    theirs = "numpy" if args.suite == "gemm" and args.lib == "numpy" else "PyTorch"
    print(f"# {args.suite}, {args.threads} thread(s), {args.rounds} rounds; OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; CPU: {cpu_model()}", flush=True)
    rounds = []
    for r in range(args.rounds):
        order = [("nn", "nn", nn_side), ("theirs", theirs, torch_side)]
        if r % 2:
            order.reverse()
        figures = {}
        for side, name, run_side in order:
            figures[side] = run_side()
            if not figures[side]:
                raise SystemExit(f"{name}'s run printed no figure (see its command above)")
        rounds.append(figures)
        print_round(r + 1, order[0][1], figures, theirs)
    print_summary(rounds, theirs)


def sides(args):
    """Two functions, each running one side once and returning {key: (value, unit, higher is better)}."""
    threads = args.threads
    java_flags = ["--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow",
                  f"-Dnn.threads={threads}"]
    python = [sys.executable]
    torch_env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    torch_env.setdefault("GLIBC_TUNABLES", KEEP_FREED_MEMORY)
    if args.suite == "train":
        options = ["--model", args.model, "--epochs", str(args.epochs), "--threads", str(threads)]
        options += ["--data", args.data] if args.data else []
        nn_cmd = [args.java, *java_flags, "-cp", args.jar, "dev.nn.bench.TrainBench", *options]
        torch_cmd = [*python, os.path.join(HERE, "train_bench.py"), *options]
        return (lambda: train_figures(run(nn_cmd)), lambda: train_figures(run(torch_cmd, torch_env)))
    regex, param, script, option = JMH_SUITES[args.suite]
    only_jmh = ["-p", f"{param}={','.join(args.only)}"] if args.only else []
    only_torch = [option, *args.only] if args.only else []
    lib = ["--lib", args.lib] if args.suite == "gemm" else []
    torch_cmd = [*python, os.path.join(HERE, script), "--threads", str(threads), *lib, *only_torch]

    def nn_run():
        with tempfile.NamedTemporaryFile(suffix=".json") as results:
            run([args.java, "-jar", args.jar, regex, "-p", "kernels=vector", *only_jmh, "-i", "5", "-foe", "true",
                 "-jvmArgsAppend", " ".join(java_flags), "-rf", "json", "-rff", results.name])
            return jmh_figures(json.load(open(results.name)))

    return nn_run, lambda: kernel_figures(run(torch_cmd, torch_env))


def run(cmd, env=None):
    """Runs cmd, printing it first; its standard output, or an exit naming what failed."""
    shown = " ".join(f"'{c}'" if " " in c else c for c in cmd)
    if env is not None:
        shown = " ".join(f"{k}={env[k]}" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                   "OPENBLAS_CORETYPE", "GLIBC_TUNABLES") if k in env) + " " + shown
    print(f"$ {shown}", flush=True)
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"exit status {done.returncode} from: {shown}\n{done.stderr[-2000:]}")
    return done.stdout


def jmh_figures(results):
    """Each benchmark's work counter: the median of its measured iterations, as the counterparts give."""
    figures = {}
    for r in results:
        counter, = r["secondaryMetrics"].keys()
        unit = "GFLOP/s" if counter == "flops" else "elements/ns"
        params = {k: v for k, v in r["params"].items() if k != "kernels"}
        key = r["benchmark"].removeprefix("dev.nn.bench.") + " " + " ".join(f"{k}={v}" for k, v in params.items())
        values = [v for fork in r["secondaryMetrics"][counter]["rawData"] for v in fork]
        figures[key] = (statistics.median(values), unit, True)
    return figures


def kernel_figures(output):
    figures = {}
    for line in output.splitlines():
        match = FIGURE.match(line)
        if match:
            figures[match.group(1)] = (float(match.group(2)), match.group(3), True)
    return figures


def train_figures(output):
    figures = {}
    for line in output.splitlines():
        for pattern, key, unit, higher_is_better in TRAIN_FIGURES:
            match = pattern.match(line)
            if match:
                figures[key.format(*match.groups())] = (float(match.groups()[-1]), unit, higher_is_better)
    return figures


def speedup(ours, theirs):
    """How many times faster nn is: a rate's ratio, or a time's inverse ratio."""
    (a, _, higher_is_better), (b, _, _) = ours, theirs
    return a / b if higher_is_better else b / a


def print_round(round_number, first, figures, theirs):
    print(f"round {round_number} ({first} first)    nn | {theirs} | nn's speed-up", flush=True)
    nn, torch = figures["nn"], figures["theirs"]
    for key in [*nn, *(k for k in torch if k not in nn)]:
        if key in nn and key in torch:
            print(f"  {key}: {number(nn[key][0])} | {number(torch[key][0])} {nn[key][1]} | "
                  f"{speedup(nn[key], torch[key]):.2f}×",
                  flush=True)
        else:
            side, value = ("nn", nn[key]) if key in nn else (theirs, torch[key])
            print(f"  {key}: {number(value[0])} {value[1]} from {side} only", flush=True)


def number(value):
    """Three decimals for a small figure, none for samples/s."""
    return f"{value:.3f}" if value < 1000 else f"{value:.0f}"


def spread(values):
    return f"{number(statistics.median(values))} ({number(min(values))}–{number(max(values))})"


def print_summary(rounds, theirs):
    print(f"summary over {len(rounds)} rounds, median (min–max):    nn | {theirs} | nn's speed-up")
    for key, (_, unit, _) in rounds[0]["nn"].items():
        paired = [(r["nn"][key], r["theirs"][key]) for r in rounds if key in r["nn"] and key in r["theirs"]]
        if paired:
            print(f"  {key}: {spread([a[0] for a, _ in paired])} | {spread([b[0] for _, b in paired])} {unit} | "
                  f"{spread([speedup(a, b) for a, b in paired])}×", flush=True)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return "unknown"


if __name__ == "__main__":
    main()
