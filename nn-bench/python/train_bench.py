"""PyTorch's counterpart of nn-bench's TrainBench (dev.nn.bench.TrainBench): the same networks
trained the same way, printed in the same lines, so that vs_pytorch.py can pair them.

    /usr/bin/python3 nn-bench/python/train_bench.py [--model mlp|cnn|all] [--epochs N]
        [--threads N] [--batch N] [--seed N] [--data DIR|embedded]

Install: apt-get install -y python3-torch python3-numpy (and dataset-fashion-mnist for the
default data); run with /usr/bin/python3.

What is mirrored: Fashion-MNIST from /usr/share/datasets/fashion-mnist when installed, else the
MNIST digits that nn-digits embeds; pixels x/255; mlp = 784-128 ReLU-10, cnn = conv 1->32 3x3
ReLU, max-pool 2, conv 32->64 3x3 ReLU, max-pool 2, dense 1600->128 ReLU, dense 128->10; softmax
cross-entropy on logits; SGD lr 0.01 momentum 0.9; batch 64; a new shuffle every epoch, the last
partial batch kept; an epoch's time leaves out the test evaluation that follows it. Then
inference at batch 1000 over the test images (median of 7 passes) and a single-sample predict
(median of 7 x 2000 calls, after one round of warm-up). PyTorch's default initialisation is kept
(what a user gets); nn starts its convolutions from He-normal weights. Neither side warms up
before epoch 1: its time holds each side's start-up costs (nn's JIT compilation), which is why
vs_pytorch.py compares the later epochs.
"""
import argparse
import os
import statistics
import time

from common import EMBEDDED, FASHION, load_images, openblas_kernel, start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", choices=["mlp", "cnn", "all"], default="all")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=FASHION if os.path.isdir(FASHION) else "embedded",
                    help="an MNIST-style folder of IDX files, or 'embedded'")
    args = ap.parse_args()
    torch = start(args.threads)
    import numpy as np

    folder = EMBEDDED if args.data == "embedded" else args.data
    xtr, ytr, xte, yte = load_images(folder)
    to_images = lambda a: torch.from_numpy(a.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    train = (to_images(xtr), torch.from_numpy(ytr.astype(np.int64)))
    test = (to_images(xte), torch.from_numpy(yte.astype(np.int64)))
    print(f"data: {'embedded MNIST digits' if args.data == 'embedded' else folder} ({len(ytr)} train, "
          f"{len(yte)} test); threads: {torch.get_num_threads()}; PyTorch {torch.__version__}, OpenBLAS kernel "
          f"{openblas_kernel()}", flush=True)
    torch.manual_seed(args.seed)
    for name in (["mlp", "cnn"] if args.model == "all" else [args.model]):
        run(torch, name, network(torch, name), train, test, args.epochs, args.batch, args.seed)


def network(torch, name):
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))


def run(torch, name, net, train, test, epochs, batch, seed):
    x, y = train
    sgd = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    for e in range(1, epochs + 1):
        t0 = time.perf_counter()
        order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed + e))
        total = 0.0
        for i in range(0, len(y), batch):
            idx = order[i:i + batch]
            sgd.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            sgd.step()
            total += loss.item() * len(idx)
        seconds = time.perf_counter() - t0
        print(f"{name} epoch {e}/{epochs}: {seconds:.3f} s, {len(y) / seconds:.0f} samples/s, "
              f"loss {total / len(y):.4f}, test accuracy {accuracy(torch, net, test):.4f}", flush=True)
    net.eval()
    print(f"{name} inference, batch 1000: {inference_rate(torch, net, test[0]):.0f} samples/s "
          f"(median of 7 passes over {len(test[0])} images)", flush=True)
    print(f"{name} single-sample predict: {single_sample_micros(torch, net, test[0]):.1f} µs "
          f"(median of 7 × 2000 calls, after 2 s of them)", flush=True)


def accuracy(torch, net, test):
    x, y = test
    net.eval()
    with torch.no_grad():
        right = sum((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
                    for i in range(0, len(y), 1000))
    net.train()
    return right / len(y)


def inference_rate(torch, net, images):
    def predict_all():
        with torch.no_grad():
            for i in range(0, len(images), 1000):
                net(images[i:i + 1000])

    predict_all()  # warm-up, as TrainBench's
    rates = []
    for _ in range(7):
        t0 = time.perf_counter()
        predict_all()
        rates.append(len(images) / (time.perf_counter() - t0))
    return statistics.median(rates)


def single_sample_micros(torch, net, images):
    """As TrainBench: untimed rounds for at least 2 s, then the median of 7 timed rounds of 2000."""

    def one_round():
        for i in range(2000):
            j = i % len(images)
            net(images[j:j + 1])

    micros = []
    with torch.no_grad():
        warm_up_end = time.perf_counter() + 2.0
        one_round()
        while time.perf_counter() < warm_up_end:
            one_round()
        for _ in range(7):
            t0 = time.perf_counter()
            one_round()
            micros.append((time.perf_counter() - t0) * 1e6 / 2000)
    return statistics.median(micros)


if __name__ == "__main__":
    main()
