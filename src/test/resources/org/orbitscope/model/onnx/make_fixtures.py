#!/usr/bin/env python3
"""Makes the ONNX test fixtures of org.orbitscope.model.onnx with PyTorch (Debian: python3-torch, python3-onnx).

Run from the repository root:  python3 src/test/resources/org/orbitscope/model/onnx/make_fixtures.py

Writes, beside this script:
  mlp-tmnist-r4-da-s0.onnx   the shipped model models/tmnist-r4-da-s0 as a PyTorch MLP ([N,1296] input)
  cnn.onnx                   a small CNN ([N,1,36,36] input) exported without constant folding: Conv,
                             BatchNormalization, Relu, MaxPool, LeakyRelu, Pad + AveragePool,
                             GlobalAveragePool, Sigmoid, Mul, Concat, Flatten, Shape/Gather/Unsqueeze/Reshape
                             (from x.view), Dropout, Gemm, Tanh and a final Softmax
  unsupported.onnx           a graph with a Hardmax node (not supported: the import must say so)
  expected.npz               what PyTorch computed on the inputs below: mlp_logits and cnn_logits (the CNN's
                             logits before its Softmax), float32 [100,9]; cnn_grad, the gradient of the
                             true-class logit w.r.t. the input for the first 4 inputs, float32 [4,1296]

Inputs: the first 100 images of data/mnist/t10k-images-idx3-ubyte.gz in file order, scaled to [0,1] in float32,
zero-padded to 36x36, normalized as (x - MEAN) / STD with the float32 constants below (the training statistics
of T-MNIST at split seed 0, as in the shipped model cards). The Java tests rebuild them the same way.
"""
import gzip
import os
import json

import numpy as np
import onnx
from onnx import helper, TensorProto
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, *[".."] * 7))
MEAN = np.float32(0.08011180907487869)
STD = np.float32(0.24975299835205078)
N = 100


def inputs():
    with gzip.open(os.path.join(ROOT, "data", "mnist", "t10k-images-idx3-ubyte.gz")) as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8)
    imgs = raw[16:16 + N * 784].reshape(N, 28, 28).astype(np.float32) / np.float32(255)
    padded = np.zeros((N, 36, 36), dtype=np.float32)
    padded[:, 4:32, 4:32] = imgs
    return ((padded - MEAN) / STD).astype(np.float32).reshape(N, 1296)


def labels():
    with gzip.open(os.path.join(ROOT, "data", "mnist", "t10k-labels-idx1-ubyte.gz")) as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8)
    return raw[8:8 + N].astype(np.int64)


def export(model, example, path, input_name="image", fold=True):
    model.eval()
    # fold=False: no constant folding or conv-batchnorm fusion, so BatchNormalization stays a node
    torch.onnx.export(model, example, path, input_names=[input_name], output_names=["out"],
                      dynamic_axes={input_name: {0: "batch"}, "out": {0: "batch"}}, opset_version=13,
                      do_constant_folding=fold,
                      training=torch.onnx.TrainingMode.EVAL if fold else torch.onnx.TrainingMode.PRESERVE)


def mlp():
    model_dir = os.path.join(ROOT, "models", "tmnist-r4-da-s0")
    with open(os.path.join(model_dir, "model.json")) as f:
        w = np.load(os.path.join(model_dir, json.load(f)["weightsFile"]))
    layers = []
    k = 0
    while f"W{k}" in w:
        lin = nn.Linear(*w[f"W{k}"].shape)
        lin.weight.data = torch.from_numpy(np.ascontiguousarray(w[f"W{k}"].T))
        lin.bias.data = torch.from_numpy(w[f"b{k}"])
        layers.append(lin)
        k += 1
    mods = []
    for i, lin in enumerate(layers):
        mods.append(lin)
        if i < len(layers) - 1:
            mods.append(nn.ReLU())
    return nn.Sequential(*mods)


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.pool2 = nn.AvgPool2d(2)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Linear(8 * 8 * 8 + 8, 16)
        self.fc2 = nn.Linear(16, 9)

    def logits(self, x):
        h = self.pool1(torch.relu(self.bn(self.conv1(x))))
        h = nn.functional.leaky_relu(self.conv2(h), 0.1)
        g = torch.flatten(self.gap(h), 1)
        g = g * torch.sigmoid(g)
        h = self.pool2(h)
        h = h.view(h.size(0), -1)
        h = torch.cat([h, g], dim=1)
        h = torch.tanh(self.fc1(self.drop(h)))
        return self.fc2(h)

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


def main():
    torch.manual_seed(0)
    x = torch.from_numpy(inputs())
    y = torch.from_numpy(labels())

    m = mlp().eval()
    export(m, x[:2], os.path.join(HERE, "mlp-tmnist-r4-da-s0.onnx"))
    expected = {}
    with torch.no_grad():
        expected["mlp_logits"] = m(x).numpy().astype(np.float32)

    c = Cnn()
    with torch.no_grad():
        c.bn.running_mean.uniform_(-0.5, 0.5)
        c.bn.running_var.uniform_(0.5, 2.0)
        c.bn.weight.uniform_(0.5, 1.5)
        c.bn.bias.uniform_(-0.2, 0.2)
    c.eval()
    xi = x.reshape(N, 1, 36, 36)
    export(c, xi[:2], os.path.join(HERE, "cnn.onnx"), fold=False)
    with torch.no_grad():
        expected["cnn_logits"] = c.logits(xi).numpy().astype(np.float32)
    xg = xi[:4].clone().requires_grad_(True)
    out = c.logits(xg)
    out.gather(1, y[:4].reshape(4, 1)).sum().backward()
    expected["cnn_grad"] = xg.grad.reshape(4, 1296).numpy().astype(np.float32)
    np.savez(os.path.join(HERE, "expected.npz"), **expected)

    node = helper.make_node("Hardmax", ["image"], ["out"], name="the_hardmax")
    graph = helper.make_graph([node], "unsupported",
                              [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1296])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch", 1296])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(HERE, "unsupported.onnx"))
    print("ops:", sorted({n.op_type for n in onnx.load(os.path.join(HERE, "cnn.onnx")).graph.node}))


if __name__ == "__main__":
    main()
