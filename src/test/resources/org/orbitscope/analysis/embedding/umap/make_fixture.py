#!/usr/bin/env python3
"""Makes the UMAP test fixture of org.orbitscope.analysis.embedding.umap with umap-learn (Debian: umap-learn).

Run from the repository root:  python3 src/test/resources/org/orbitscope/analysis/embedding/umap/make_fixture.py

Writes, beside this script:
  points.csv   400 points of 10 dimensions: three Gaussian blobs of different spreads, and five points
               repeated exactly (so that some points have a neighbour at distance 0)
  graph.csv    row,col,weight: umap-learn's fuzzy simplicial set of the points for n_neighbors = 15, from the
               exact nearest neighbours (ties by the lower index), one line per non-zero entry, by row and col
  points_meta.csv  point,rho,sigma: umap-learn's smooth_knn_dist of the same neighbours
  ab.csv       spread,min_dist,a,b: umap-learn's find_ab_params for a few settings
"""
import os

import numpy as np
import umap.umap_ as umap_

HERE = os.path.dirname(os.path.abspath(__file__))
K = 15

rng = np.random.default_rng(20261204)
blobs = [rng.normal(loc=rng.normal(scale=4.0, size=10), scale=s, size=(m, 10)) for m, s in
         ((150, 1.0), (120, 0.4), (125, 2.0))]
x = np.vstack(blobs)
x = np.vstack([x, x[[3, 60, 170, 250, 390]]])  # exact repeats
x = x.astype(np.float64)
np.savetxt(os.path.join(HERE, "points.csv"), x, delimiter=",", fmt="%.17g")

# exact neighbours, the point itself first, ties by index (a stable sort of the distances)
d2 = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
n = x.shape[0]
idx = np.zeros((n, K), dtype=np.int64)
dist = np.zeros((n, K), dtype=np.float32)
for i in range(n):
    row = d2[i].copy()
    row[i] = -1.0  # the point itself first, as umap-learn's search returns it
    order = np.argsort(row, kind="stable")[:K]
    idx[i] = order
    dist[i] = np.sqrt(np.maximum(d2[i, order], 0.0))

graph, sigmas, rhos = umap_.fuzzy_simplicial_set(x, K, np.random.RandomState(0), "euclidean",
                                                  knn_indices=idx, knn_dists=dist)
coo = graph.tocoo()
order = np.lexsort((coo.col, coo.row))
with open(os.path.join(HERE, "graph.csv"), "w") as f:
    f.write("row,col,weight\n")
    for r, c, v in zip(coo.row[order], coo.col[order], coo.data[order]):
        f.write("%d,%d,%.9g\n" % (r, c, v))
with open(os.path.join(HERE, "points_meta.csv"), "w") as f:
    f.write("point,rho,sigma\n")
    for i in range(n):
        f.write("%d,%.9g,%.9g\n" % (i, rhos[i], sigmas[i]))
with open(os.path.join(HERE, "ab.csv"), "w") as f:
    f.write("spread,min_dist,a,b\n")
    for spread, md in ((1.0, 0.1), (1.0, 0.0), (1.0, 0.5), (2.0, 0.25), (0.5, 0.05)):
        a, b = umap_.find_ab_params(spread, md)
        f.write("%r,%r,%.17g,%.17g\n" % (spread, md, a, b))
print("points", x.shape, "edges", coo.nnz)
