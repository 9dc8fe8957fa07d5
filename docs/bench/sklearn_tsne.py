"""scikit-learn's Barnes-Hut t-SNE on the points `orbitscope bench --tsne-points N` lays out, for comparison.

Usage: python3 sklearn_tsne.py POINTS.csv [POINTS.csv ...]

Each CSV holds one point per line (comma-separated coordinates), as written by
`orbitscope bench --tsne-points N --tsne-export DIR`. The settings are Orbitscope's defaults: perplexity 30,
1000 iterations, learning rate 200, early exaggeration 12 for 250 iterations, a random start, theta (angle) 0.5.

For each file it prints bench's line format: the seconds of the fit and the KL divergence of the layout by
Orbitscope's yardstick (the affinities over the floor(3 * perplexity) nearest neighbours, calibrated and
symmetrized, with Q's normalization summed exactly over all pairs), and scikit-learn's own KL estimate.
"""
import sys
import time

import numpy as np
from sklearn.manifold import TSNE
from sklearn.manifold._utils import _binary_search_perplexity
from sklearn.neighbors import NearestNeighbors


def kl_divergence(x, layout, perplexity=30.0):
    """KL(P || Q) over nearest-neighbour affinities, Z summed exactly (Orbitscope's BarnesHutTsne.exactCost)."""
    n = x.shape[0]
    k = int(np.floor(3 * perplexity))
    nn = NearestNeighbors(n_neighbors=k + 1).fit(x)
    d, idx = nn.kneighbors(x)
    d2 = (d[:, 1:] ** 2).astype(np.float32)
    idx = idx[:, 1:]
    cond = _binary_search_perplexity(d2, perplexity, 0)
    p = {}
    for i in range(n):
        for c in range(k):
            j = idx[i, c]
            key = (i, j) if i < j else (j, i)
            p[key] = p.get(key, 0.0) + cond[i, c]
    rows = np.array([a for a, _ in p], dtype=np.int64)
    cols = np.array([b for _, b in p], dtype=np.int64)
    vals = np.array(list(p.values())) / (2.0 * n)
    z = 0.0
    for start in range(0, n, 1000):
        block = layout[start:start + 1000]
        sq = ((block[:, None, :] - layout[None, :, :]) ** 2).sum(-1)
        z += (1.0 / (1.0 + sq)).sum() - block.shape[0]
    diff = layout[rows] - layout[cols]
    q = 1.0 / (1.0 + (diff ** 2).sum(-1)) / z
    # each unordered pair stands for (i, j) and (j, i)
    return float(2.0 * (vals * np.log(vals / q)).sum())


def main(paths):
    for path in paths:
        x = np.loadtxt(path, delimiter=",")
        n = x.shape[0]
        t0 = time.perf_counter()
        tsne = TSNE(n_components=2, perplexity=30.0, early_exaggeration=12.0, learning_rate=200.0, n_iter=1000,
                    init="random", method="barnes_hut", angle=0.5, random_state=0)
        layout = tsne.fit_transform(x)
        seconds = time.perf_counter() - t0
        print(f"tsne-sklearn-barnes-hut-{n}pts {seconds:.3f} s")
        print(f"tsne-sklearn-barnes-hut-{n}pts-kl {kl_divergence(x, layout):.4f} 1")
        print(f"tsne-sklearn-barnes-hut-{n}pts-own-kl {tsne.kl_divergence_:.4f} 1")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
