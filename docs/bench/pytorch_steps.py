#!/usr/bin/env python3
"""The training steps of `orbitscope bench`, in PyTorch, for a side-by-side comparison.

Same networks (1296 -> 128 x5 -> 9, ReLU), batch 512, Adam, cross-entropy; IR runs both halves
(2B rows) and adds nu * the L2 regularizer between their logits; WT(R4) takes its first layer on the
four rotations of each input and max-pools over them. Prints the bench's line format:
`name value unit`, median of the timed steps.

    OMP_WAIT_POLICY=PASSIVE python3 docs/bench/pytorch_steps.py [--threads 2] [--steps 60]
"""
import argparse
import time

import torch
import torch.nn as nn


def mlp():
    sizes = [1296, 128, 128, 128, 128, 128, 9]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Tied(nn.Module):
    """relu(W0 (g x) + b0), max over the four rotations of the 36 x 36 image, then the rest."""

    def __init__(self):
        super().__init__()
        m = mlp()
        self.first = m[0]
        self.rest = m[2:]

    def forward(self, x):
        b = x.shape[0]
        img = x.view(b, 36, 36)
        orbit = torch.stack([torch.rot90(img, k, (1, 2)) for k in range(4)], 1).reshape(b * 4, 1296)
        h = torch.relu(self.first(orbit)).view(b, 4, -1).max(1).values
        return self.rest(h)


def timed(kind, batch, steps, warmup):
    torch.manual_seed(0)
    net = Tied() if kind == "wt" else mlp()
    opt = torch.optim.Adam(net.parameters(), lr=8e-4)
    x = torch.randn(batch, 1296)
    x2 = torch.randn(batch, 1296)
    y = torch.randint(0, 9, (batch,))
    times = []
    for s in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        if kind == "ir":
            z = net(torch.cat([x, x2]))
            loss = nn.functional.cross_entropy(z[:batch], y) + 1.0 * ((z[:batch] - z[batch:]) ** 2).sum(1).mean()
        else:
            loss = nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        if s >= warmup:
            times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--warmup", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__} threads {torch.get_num_threads()}")
    for kind, name in (("da", "da"), ("ir", "ir-l2"), ("wt", "wt")):
        print(f"torch-{name}-step {timed(kind, a.batch, a.steps, a.warmup):.3f} ms")


if __name__ == "__main__":
    main()
