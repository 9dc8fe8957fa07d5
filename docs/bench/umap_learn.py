"""umap-learn on the points `orbitscope bench --tsne-points N` lays out, for comparison with its umap lines.

Usage: python3 umap_learn.py POINTS.csv [POINTS.csv ...]

Each CSV holds one point per line (comma-separated coordinates), as written by
`orbitscope bench --tsne-points N --tsne-export DIR`. The settings are umap-learn's defaults (15 neighbours,
minimum distance 0.1, 500 epochs up to 10,000 points and 200 beyond) from the start Orbitscope uses: the first two
principal components scaled to a largest coordinate of 10. umap-learn runs once on a small set first, so that
numba's compilation is not timed, then once serially (a seed) and once on all cores (no seed).

For each file it prints bench's line format: the seconds of the fit and the share of each point's 15 nearest
neighbours that are also among its 15 nearest in the layout (bench's umap-...-knn15).
"""
import sys
import time

import numpy as np
import umap
from sklearn.decomposition import PCA
from sklearn.neighbors import NearestNeighbors

K = 15


def preserved(x, layout, k=K):
    """Mean share of each point's k nearest neighbours that are among its k nearest in the layout."""
    high = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(x).kneighbors(x, return_distance=False)
    low = NearestNeighbors(n_neighbors=k + 1).fit(layout).kneighbors(layout, return_distance=False)
    return np.mean([len(set(a[1:]) & set(b[1:])) / k for a, b in zip(high, low)])


def main(paths):
    warm = np.random.default_rng(0).normal(size=(600, 50))
    umap.UMAP(n_neighbors=K, random_state=0).fit_transform(warm)
    umap.UMAP(n_neighbors=K).fit_transform(warm)
    for path in paths:
        x = np.loadtxt(path, delimiter=",")
        n = x.shape[0]
        start = PCA(n_components=2).fit_transform(x)
        start = start * (10 / np.abs(start).max())
        for name, seed in (("serial", 0), ("parallel", None)):
            t0 = time.time()
            y = umap.UMAP(n_neighbors=K, init=start, random_state=seed).fit_transform(x)
            seconds = time.time() - t0
            print("umap-learn-%s-%dpts %.4g s" % (name, n, seconds))
            print("umap-learn-%s-%dpts-knn%d %.4g share" % (name, n, K, preserved(x, y)))
            sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
