"""``trainable`` set on a wrapper after it is made, in functional Keras code: Keras's setter sets it on the
layers inside too (given to the constructor, it stays the wrapper's own). Shared by
tests/test_keras_trainable_later.py and tests/oracle/test_keras_trainable_later_oracle.py, which runs each in
Keras 3; found by a probe, where lstmcalc counted every weight trainable."""

from __future__ import annotations

HEADER = "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(10, 4))\n"


def functional(made: str, *after: str) -> str:
    """A model of ``made`` (the layer ``wrapper``) then Dense(1), with the statements ``after`` it."""
    return (
        HEADER
        + f"wrapper = {made}\nmodel = keras.Model(inputs, layers.Dense(1)(wrapper(inputs)))\n"
        + "".join(f"{line}\n" for line in after)
    )


#: name -> (code, (total, trainable)) as Keras 3.15.1 counts them.
SET_LATER = {
    "bidirectional": (functional("layers.Bidirectional(layers.LSTM(3))", "wrapper.trainable = False"), (199, 7)),
    "time_distributed": (
        functional("layers.TimeDistributed(layers.Dense(3))", "wrapper.trainable = False"),
        (19, 4),
    ),
    "rnn_of_a_cell": (functional("layers.RNN(layers.GRUCell(3))", "wrapper.trainable = False"), (85, 4)),
    "a_frozen_layer_thawed_through_its_wrapper": (
        functional("layers.Bidirectional(layers.LSTM(3, trainable=False))", "wrapper.trainable = True"),
        (199, 199),
    ),
    "given_to_the_constructor_it_stays_the_wrapper_s": (
        functional("layers.Bidirectional(layers.LSTM(3), trainable=False)"),
        (199, 199),
    ),
}
