"""Writes Fixtures/layers/: a small Keras model with Dense, BatchNormalization, Dropout, LeakyReLU and
Activation layers, trained briefly so that every batch-normalisation statistic is non-trivial, as
  - bn_dropout_keras3.json / bn_dropout_keras2.json: model.to_json() from Keras 3 and tf_keras,
  - bn_dropout_trained.json: the Keras 3 model's weights in nnviz's own format,
  - bn_dropout_expected.json: inputs, every layer's output (training=False) and count_params().
Run with a Python that has keras and tf_keras: python scripts/export_layer_fixtures.py Fixtures/layers"""
import json, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import numpy as np

out = sys.argv[1]
rng = np.random.default_rng(7)
x = rng.normal(1.5, 2.0, size=(64, 5)).astype("float32")
y = (x[:, 0] + x[:, 1] * x[:, 2] > 2).astype("int64") + (x[:, 3] > 1.5)


def build(layers, keras):
    return keras.Sequential([
        keras.Input((5,)),
        layers.Dense(8, activation="relu", name="dense"),
        layers.BatchNormalization(momentum=0.9, epsilon=1e-3, name="bn"),
        layers.Dropout(0.25, name="dropout"),
        layers.Dense(6, name="dense_1"),
        layers.LeakyReLU(0.1, name="leaky"),
        layers.BatchNormalization(center=False, name="bn_1"),
        layers.Dense(3, name="dense_2"),
        layers.Activation("softmax", name="softmax"),
    ], name="bn_dropout")


def f(v):
    return [float(np.float32(t)) for t in np.ravel(v)]


import keras
keras.utils.set_random_seed(1)
m = build(keras.layers, keras)
m.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
m.fit(x, y, epochs=5, batch_size=16, verbose=0)
open(os.path.join(out, "bn_dropout_keras3.json"), "w").write(m.to_json())

layers = []
for layer in m.layers:
    entry = {"name": layer.name}
    w = [np.asarray(v) for v in layer.get_weights()]
    if isinstance(layer, keras.layers.Dense):
        entry.update(units=layer.units, activation=layer.activation.__name__,
                     weights=[f(row) for row in w[0].T], bias=f(w[1]))
    elif isinstance(layer, keras.layers.BatchNormalization):
        entry.update(type="batch_normalization", epsilon=float(np.float32(layer.epsilon)), momentum=float(np.float32(layer.momentum)))
        names = [v.path.split("/")[-1] for v in layer.weights]
        values = dict(zip(names, w))
        if not layer.center: entry["center"] = False
        if layer.scale: entry["gamma"] = f(values["gamma"])
        if layer.center: entry["beta"] = f(values["beta"])
        entry["moving_mean"] = f(values["moving_mean"])
        entry["moving_variance"] = f(values["moving_variance"])
    elif isinstance(layer, keras.layers.Dropout):
        entry.update(type="dropout", rate=layer.rate)
    elif isinstance(layer, keras.layers.LeakyReLU):
        entry.update(type="activation", activation="leaky_relu", alpha=float(np.float32(layer.negative_slope)))
    elif isinstance(layer, keras.layers.Activation):
        entry.update(type="activation", activation=layer.activation.__name__)
    layers.append(entry)
json.dump({"name": "bn_dropout", "input_dim": 5, "layers": layers},
          open(os.path.join(out, "bn_dropout_trained.json"), "w"), indent=1)

inputs = x[:4]
outputs = []
h = inputs
for layer in m.layers:
    h = layer(h, training=False)
    outputs.append({"name": layer.name, "values": [f(r) for r in np.asarray(h)]})
json.dump({"inputs": [f(r) for r in inputs], "layers": outputs, "params": int(m.count_params()),
           "trainable_params": int(sum(np.prod(v.shape) for v in m.trainable_weights)),
           "keras": keras.__version__},
          open(os.path.join(out, "bn_dropout_expected.json"), "w"), indent=1)

os.environ["TF_USE_LEGACY_KERAS"] = "1"
import tf_keras
m2 = build(tf_keras.layers, tf_keras)
open(os.path.join(out, "bn_dropout_keras2.json"), "w").write(m2.to_json())
print("keras", keras.__version__, "tf_keras", tf_keras.__version__)
