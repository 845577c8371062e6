"""Writes the trained-model fixtures in Fixtures/import/ with the real frameworks (Keras 3, tf_keras,
PyTorch, torch.onnx, tf2onnx, safetensors, h5py), and the frameworks' own outputs for them:
   python scripts/export_import_fixtures.py Fixtures/import
   python scripts/export_import_fixtures.py --bench /tmp/nnviz-bench   # the 784-1024-1024-10 .keras (7 MB, not committed)

Two models, trained once in Keras 3 and copied into tf_keras and PyTorch, so that every file holds the
same weights and one set of reference activations checks them all:
  blog: 4 -> Dense 8 relu -> Dense 4 relu -> Dense 1 sigmoid
  bn:   13 -> BatchNormalization -> Dense 16 relu -> Dropout 0.3 -> BatchNormalization -> Dense 3 softmax
reference.json holds, per model, the inputs, every layer's output as each framework computes it, and
count_params()."""
import json, os, subprocess, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np


def bench(folder):
    import keras
    from keras import layers
    os.makedirs(folder, exist_ok=True)
    keras.utils.set_random_seed(7)
    m = keras.Sequential([keras.Input((784,)), layers.Dense(1024, activation="relu"), layers.Dense(1024, activation="relu"),
                          layers.Dense(10, activation="softmax")], name="mnist_mlp")
    m.save(os.path.join(folder, "mnist_784_1024_1024_10.keras"))
    rows = np.random.default_rng(7).random((3, 784)).round(3)
    np.savetxt(os.path.join(folder, "mnist_input.csv"), rows, delimiter=",", fmt="%.3f",
               header=",".join(f"p{i}" for i in range(784)), comments="")


def blog_keras(k):
    return k.Sequential([k.Input((4,)), k.layers.Dense(8, activation="relu"), k.layers.Dense(4, activation="relu"),
                         k.layers.Dense(1, activation="sigmoid")], name="blog_mlp")


def bn_keras(k):
    return k.Sequential([k.Input((13,)), k.layers.BatchNormalization(name="input_norm"), k.layers.Dense(16, activation="relu"),
                         k.layers.Dropout(0.3), k.layers.BatchNormalization(), k.layers.Dense(3, activation="softmax")],
                        name="wine_bn")


def keras_phase(out):
    import keras, tf_keras
    os.makedirs(out, exist_ok=True)
    path = lambda name: os.path.join(out, name)
    rng = np.random.default_rng(42)
    keras.utils.set_random_seed(42)
    # Data: the blog's 4 features in [0, 1] with a yes/no label; 13 "wine" features in 3 classes.
    blog_x = rng.random((256, 4)).astype("float32")
    blog_y = (blog_x[:, 0] + blog_x[:, 2] > blog_x[:, 1] + 0.5 * blog_x[:, 3]).astype("float32")
    spread = np.linspace(0.5, 20, 13)
    centres = rng.normal(0, 3, (3, 13)) * spread
    wine_y = rng.integers(0, 3, 300)
    wine_x = (centres[wine_y] + rng.normal(0, 2, (300, 13)) * spread + np.linspace(1, 100, 13)).astype("float32")
    inputs = {"blog": blog_x[:4], "bn": wine_x[:4]}

    blog = blog_keras(keras)
    blog.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
    blog.fit(blog_x, blog_y, epochs=25, batch_size=32, verbose=0)
    bn = bn_keras(keras)
    bn.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    bn.fit(wine_x, wine_y, epochs=30, batch_size=32, verbose=0)
    models = {"blog": blog, "bn": bn}

    reference, weights = {}, {}
    for name, m in models.items():
        m.save(path(f"{name}.keras"))
        m.save(path(f"{name}.h5"))
        m.save_weights(path(f"{name}.weights.h5"))
        open(path(f"{name}.json"), "w").write(m.to_json())
        x = inputs[name]
        probe = keras.Model(m.inputs, [l.output for l in m.layers])
        reference[name] = {"inputs": x.tolist(), "count_params": int(m.count_params()),
                           "keras": {"output": m.predict(x, verbose=0).tolist(),
                                     "layers": {l.name: np.asarray(v).tolist() for l, v in zip(m.layers, probe.predict(x, verbose=0))}}}
        np.savetxt(path(f"{name}_inputs.csv"), x, delimiter=",", fmt="%.9g",
                   header=",".join(f"x{i + 1}" for i in range(x.shape[1])), comments="")
        for i, w in enumerate(m.get_weights()):
            weights[f"{name}/{i}"] = np.asarray(w)
        weights[f"{name}/x"] = x

        # tf_keras (Keras 2): the same weights; legacy .h5, both save_weights forms.
        k2 = (blog_keras if name == "blog" else bn_keras)(tf_keras)
        k2.set_weights(m.get_weights())
        k2.compile(optimizer="adam", loss="binary_crossentropy" if name == "blog" else "sparse_categorical_crossentropy")
        k2.save(path(f"{name}.k2.h5"), save_format="h5")
        k2.save_weights(path(f"{name}.k2.weights.h5"))
        k2.save_weights(path(f"{name}.k2-legacy-weights.h5"), save_format="h5")
        open(path(f"{name}.k2.json"), "w").write(k2.to_json())
        probe = tf_keras.Model(k2.inputs, [l.output for l in k2.layers])
        reference[name]["tf_keras"] = {"output": k2.predict(x, verbose=0).tolist(),
                                       "layers": {l.name: np.asarray(v).tolist() for l, v in zip(k2.layers, probe.predict(x, verbose=0))}}

        # Keras's own ONNX export (tf2onnx): MatMul + Add, BatchNormalization folded to Mul + Add.
        m.export(path(f"{name}.tf2onnx.onnx"), format="onnx", verbose=False)
    np.savez(path("weights.npz"), **weights)
    json.dump(reference, open(path("reference.json"), "w"))
    print("keras", keras.__version__, "tf_keras", tf_keras.__version__)


def torch_phase(out):
    import torch, onnx
    from onnx import helper, TensorProto
    from safetensors.torch import save_file
    path = lambda name: os.path.join(out, name)
    bad = path("bad")
    os.makedirs(bad, exist_ok=True)
    reference = json.load(open(path("reference.json")))
    weights = np.load(path("weights.npz"))

    def torch_blog():
        return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 4), torch.nn.ReLU(),
                                   torch.nn.Linear(4, 1), torch.nn.Sigmoid())

    def torch_bn():
        return torch.nn.Sequential(torch.nn.BatchNorm1d(13, eps=1e-3), torch.nn.Linear(13, 16), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                                   torch.nn.BatchNorm1d(16, eps=1e-3), torch.nn.Linear(16, 3), torch.nn.Softmax(dim=1))

    # Keras kernels are [in, out]; Linear.weight is [out, in]. BN uses Keras's epsilon.
    def with_keras_weights(name, model):
        arrays = iter(weights[f"{name}/{i}"] for i in range(sum(1 for k in weights.files if k.startswith(name + "/")) - 1))
        with torch.no_grad():
            for mod in model:
                if isinstance(mod, torch.nn.Linear):
                    mod.weight.copy_(torch.tensor(next(arrays).T)); mod.bias.copy_(torch.tensor(next(arrays)))
                elif isinstance(mod, torch.nn.BatchNorm1d):
                    for t in [mod.weight, mod.bias, mod.running_mean, mod.running_var]:
                        t.copy_(torch.tensor(next(arrays)))
                    mod.num_batches_tracked.fill_(300)
        return model.eval()

    models = {"blog": with_keras_weights("blog", torch_blog()), "bn": with_keras_weights("bn", torch_bn())}
    for name, m in models.items():
        x = torch.tensor(weights[f"{name}/x"])
        modules, h = {}, x
        with torch.no_grad():
            for index, mod in enumerate(m):
                h = mod(h)
                modules[str(index)] = h.tolist()
        reference[name]["torch"] = {"output": h.tolist(), "modules": modules,
                                    "count_params": int(sum(p.numel() for p in m.parameters()))}
        save_file({k: v.contiguous() for k, v in m.state_dict().items()}, path(f"{name}.safetensors"), metadata={"format": "pt"})
        torch.onnx.export(m, (x,), path(f"{name}.onnx"), dynamo=True, input_names=["input"], output_names=["output"],
                          external_data=False)
        torch.onnx.export(m, (x,), path(f"{name}.ts.onnx"), dynamo=False, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})

    # The blog's model with named modules (the keys fc1, fc2, out sort unlike the layers), in float16 and bfloat16.
    class BlogNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1, self.fc2, self.out = torch.nn.Linear(4, 8), torch.nn.Linear(8, 4), torch.nn.Linear(4, 1)

        def forward(self, x):
            return torch.sigmoid(self.out(torch.relu(self.fc2(torch.relu(self.fc1(x))))))

    named = BlogNet()
    blog_state = models["blog"].state_dict()
    named.load_state_dict({k.replace("0.", "fc1.").replace("2.", "fc2.").replace("4.", "out."): v for k, v in blog_state.items()})
    save_file(named.state_dict(), path("blog_named.safetensors"))
    save_file({k: v.half() for k, v in blog_state.items()}, path("blog.fp16.safetensors"))
    save_file({k: v.to(torch.bfloat16) for k, v in blog_state.items()}, path("blog.bf16.safetensors"))
    x = torch.tensor(weights["blog/x"])
    for key, dtype in [("torch_fp16_weights", torch.float16), ("torch_bf16_weights", torch.bfloat16)]:
        rounded = torch_blog()
        rounded.load_state_dict({k: v.to(dtype).float() for k, v in blog_state.items()})
        with torch.no_grad():
            reference["blog"][key] = {"output": rounded.eval()(x).tolist()}

    # ONNX with every initializer in an external-data file beside it.
    onnx.save_model(onnx.load(path("bn.onnx")), path("bn.extdata.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="bn.extdata.onnx.data", size_threshold=0)
    for leftover in os.listdir(out):
        if leftover.endswith(".onnx.data") and leftover != "bn.extdata.onnx.data":
            os.remove(path(leftover))

    # Files nnviz must refuse with a clear message.
    import h5py
    with h5py.File(os.path.join(bad, "no_model.h5"), "w") as f:
        f["numbers"] = np.arange(6, dtype="float32")
    sine = helper.make_graph([helper.make_node("Sin", ["input"], ["output"])], "sine",
                             [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
                             [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 4])])
    onnx.save(helper.make_model(sine, producer_name="nnviz-fixtures"), os.path.join(bad, "sine.onnx"))

    def one_gemm(weight, name):
        gemm = helper.make_node("Gemm", ["input", "W", "b"], ["output"], transB=1)
        g = helper.make_graph([gemm], "gemm", [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
                              [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 2])],
                              initializer=[weight, helper.make_tensor("b", TensorProto.FLOAT, [2], [0.5, -0.5])])
        onnx.save(helper.make_model(g, producer_name="nnviz-fixtures"), os.path.join(bad, name))

    huge = helper.make_tensor("W", TensorProto.FLOAT, [2, 4], b"\0" * 32, raw=True)
    huge.dims[0] = 1000000000  # what the header claims; the file holds 32 bytes
    one_gemm(huge, "billion.onnx")
    for name, location in [("escape.onnx", "../escape.bin"), ("absolute.onnx", "/etc/hostname")]:
        w = helper.make_tensor("W", TensorProto.FLOAT, [2, 4], np.ones(8, "float32").tobytes(), raw=True)
        w.ClearField("raw_data")
        w.data_location = TensorProto.EXTERNAL
        for key, value in [("location", location), ("offset", "0"), ("length", "32")]:
            entry = w.external_data.add(); entry.key = key; entry.value = value
        one_gemm(w, name)
    header = json.dumps({"0.weight": {"dtype": "F32", "shape": [1000000000, 4], "data_offsets": [0, 16]}}).encode()
    header += b" " * (-len(header) % 8)
    open(os.path.join(bad, "billion.safetensors"), "wb").write(len(header).to_bytes(8, "little") + header + b"\0" * 16)

    json.dump(reference, open(path("reference.json"), "w"), indent=1)
    print("torch", torch.__version__, "onnx", onnx.__version__)


if sys.argv[1] == "--bench":
    bench(sys.argv[2])
elif sys.argv[1] == "--keras":
    keras_phase(sys.argv[2])
elif sys.argv[1] == "--torch":
    torch_phase(sys.argv[2])
else:
    # TensorFlow and PyTorch each load their own LLVM and cannot share one process: a process per phase.
    for phase in ["--keras", "--torch"]:
        subprocess.run([sys.executable, __file__, phase, sys.argv[1]], check=True)
    os.remove(os.path.join(sys.argv[1], "weights.npz"))
