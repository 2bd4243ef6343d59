// The benchmark's model: an MLP 784-256-128-10 (ReLU, softmax), seeded Glorot initialisation.
export function buildModel(tf, seed = 0) {
  const init = (k) => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: "relu", kernelInitializer: init(1) }),
      tf.layers.dense({ units: 128, activation: "relu", kernelInitializer: init(2) }),
      // logits: the loss applies the softmax (as PyTorch's CrossEntropyLoss does)
      tf.layers.dense({ units: 10, kernelInitializer: init(3) }),
    ],
  });
}
