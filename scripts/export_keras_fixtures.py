"""Writes the Keras 3 fixtures in Fixtures/keras/ (run with a Python that has keras installed):
   python scripts/export_keras_fixtures.py Fixtures/keras"""
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import keras
from keras import layers
out = sys.argv[1]
def save(m, name):
    open(os.path.join(out, name), "w").write(m.to_json())
m = keras.Sequential([layers.Dense(8, activation='relu', input_dim=4), layers.Dense(4, activation='relu'), layers.Dense(1, activation='sigmoid')])
save(m, "blog_model_keras3.json")
a = keras.Input((4,), name="numeric"); b = keras.Input((6,), name="categorical")
x = layers.Dense(8, activation="relu", name="numeric_dense")(a)
y = layers.Dense(4, activation="tanh", name="categorical_dense")(b)
c = layers.Concatenate(name="merge")([x, y])
c = layers.Dropout(0.2)(c)
o = layers.Dense(3, activation="softmax", name="output")(c)
save(keras.Model([a, b], o, name="two_inputs"), "two_inputs_keras3.json")
m = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(), layers.BatchNormalization(), layers.Flatten(), layers.Dense(32, activation="relu"), layers.Activation("relu"), layers.Dense(10, activation="softmax")], name="small_cnn")
save(m, "cnn_keras3.json")
m = keras.Sequential([keras.Input((784,)), layers.Dense(1024, activation="relu"), layers.Dense(10, activation="softmax")], name="mnist_mlp")
save(m, "mnist_784_1024_10_keras3.json")
# Activations as the file spells them (silu is Keras's name for swish), and a residual block whose
# branches merge (the layer view's box widths and merge formula).
m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="silu", name="hidden"), layers.Activation("silu", name="act"),
                      layers.Dense(6, activation="gelu", name="smooth"), layers.Dense(3, activation="softmax", name="out")], name="spelled")
save(m, "spelled_activations_keras3.json")
i = keras.Input((16,), name="features")
x = layers.Dense(16, activation="relu", name="stem")(i)
y = layers.Dense(32, activation="relu", name="expand")(x)
y = layers.Dropout(0.1, name="drop")(y)
y = layers.Dense(16, name="project")(y)
z = layers.Add(name="residual")([x, y])
w = layers.Dense(4, activation="tanh", name="side")(x)
c = layers.Concatenate(name="joined")([z, w])
o = layers.Dense(2, activation="softmax", name="scores")(c)
save(keras.Model(i, o, name="residual"), "residual_keras3.json")
print("keras", keras.__version__)
