// The benchmark's models (the same in bench/mnist_torch.py), seeded Glorot initialisation:
//   mlp  784-256-128-10 (ReLU; the reference model of issue 15)
//   cnn  a small LeNet-style conv net, as in lab 05: conv 8×3×3 → max-pool 2 → conv 16×3×3 → max-pool 2
//        → dense 64 → 10 (ReLU), on 28×28×1 images
/** The input shape one example has for `kind` (after the batch dimension). */
export const inputShape = (kind) => (kind === "cnn" ? [28, 28, 1] : [784]);

export function buildModel(tf, seed = 0, kind = "mlp") {
  const init = (k) => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  if (kind === "cnn")
    return tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [28, 28, 1],
          filters: 8,
          kernelSize: 3,
          activation: "relu",
          kernelInitializer: init(1),
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu", kernelInitializer: init(2) }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: init(3) }),
        tf.layers.dense({ units: 10, kernelInitializer: init(4) }),
      ],
    });
  if (kind !== "mlp") throw new Error(`bench: --model must be mlp or cnn, got "${kind}"`);
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 256, activation: "relu", kernelInitializer: init(1) }),
      tf.layers.dense({ units: 128, activation: "relu", kernelInitializer: init(2) }),
      // logits: the loss applies the softmax (as PyTorch's CrossEntropyLoss does)
      tf.layers.dense({ units: 10, kernelInitializer: init(3) }),
    ],
  });
}
