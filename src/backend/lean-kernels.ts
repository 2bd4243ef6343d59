/**
 * Leaner versions of tfjs-node kernels and gradients that every training step runs several times.
 * On `tensorflow` each kernel call costs ~10 µs in TensorFlow's eager runtime plus tfjs's own work,
 * whatever the tensor's size, so on the reference MLP (bench/mnist.mjs) these were ~30 of a step's
 * ~110 TensorFlow ops.
 * - ReLU's gradient: tfjs computes dy · step(x), where tfjs-node builds step from IsNan, Greater, a
 *   ones tensor filled in JavaScript, Fill and two Selects. On `tensorflow` it is TensorFlow's
 *   ReluGrad, one op and one pass: dy where x > 0, else 0. The one difference: where x is NaN the
 *   gradient is 0, not NaN (the loss is NaN then anyway, and dl.train stops on it).
 * - `Step` itself (in the gradient of a fused layer's ReLU, and tf.step): for α = 0 it is
 *   Sign(Relu(x)): 1 where x > 0, 0 where x ≤ 0 (and ±0), NaN where x is NaN, as tfjs defines it.
 *   Other α keep tfjs-node's kernel.
 * - `Cast` to the dtype a tensor already has, and `Reshape` to the shape it already has (tfjs's
 *   gradients do both often): the same data, shared as the cpu backend shares it, instead of a copy
 *   or a new tensor made by TensorFlow.
 * - `tf.losses.softmaxCrossEntropy` (the loss of a classifier that outputs logits, as PyTorch's
 *   CrossEntropyLoss): tfjs builds it from ~13 ops forward and ~10 backward; on `tensorflow` the
 *   per-row losses and their gradient come from TensorFlow's SoftmaxCrossEntropyWithLogits in one
 *   op, and tfjs's own computeWeightedLoss applies the weights and the reduction. Label smoothing,
 *   and labels or logits that are not float32 rows of one shape, keep tfjs's own.
 */
import * as tf from "@tensorflow/tfjs";

type Attr = { name: string; type: number; value: unknown };
type Losses = { softmaxCrossEntropy: typeof tf.losses.softmaxCrossEntropy };
type OutputInfo = { id: number; shape: number[]; dtype: number };
/** The parts of tfjs-node's backend used here. */
interface NodeBackend {
  binding: {
    executeOp(name: string, attrs: Attr[], inputs: number[], outputs: number): OutputInfo[];
    deleteTensor(id: number): void;
    TF_ATTR_TYPE: number;
    TF_FLOAT: number;
  };
  getInputTensorIds(tensors: tf.TensorInfo[]): number[];
  createOutputTensor(info: OutputInfo): tf.Tensor;
  incRef(dataId: object): void;
}

const PATCHED = Symbol.for("dlab.leanKernels");

/** TensorFlow's float32 op `name` on tensor handles `ids`; its outputs' handles. */
function floatOp(b: NodeBackend, name: string, ids: number[], outputs = 1): OutputInfo[] {
  const T = [{ name: "T", type: b.binding.TF_ATTR_TYPE, value: b.binding.TF_FLOAT }];
  return b.binding.executeOp(name, T, ids, outputs);
}

/** Put `kernelFunc` in place of tfjs-node's kernel `name`; `fallback` is tfjs-node's own. */
function replace(
  name: string,
  kernelFunc: (
    args: Parameters<tf.KernelFunc>[0],
    be: NodeBackend,
    fallback: tf.KernelFunc,
  ) => tf.TensorInfo | tf.Tensor,
): void {
  const own = tf.getKernel(name, "tensorflow");
  if (!own) return;
  tf.unregisterKernel(name, "tensorflow");
  tf.registerKernel({
    ...own,
    kernelFunc: (args) => kernelFunc(args, args.backend as unknown as NodeBackend, own.kernelFunc),
  });
}

/**
 * Register the lean kernels for the `tensorflow` backend, and ReLU's gradient (once per process).
 * @example
 * leanKernels(tf.findBackend("tensorflow")); // after tfjs-node registered its backend
 */
export function leanKernels(native: unknown): void {
  const be = native as NodeBackend & { [PATCHED]?: true };
  if (be?.[PATCHED] || typeof be?.binding?.executeOp !== "function") return;
  be[PATCHED] = true;
  replace("Step", (args, b, fallback) => {
    const x = args.inputs.x as tf.TensorInfo;
    const alpha = (args.attrs as { alpha?: number })?.alpha ?? 0;
    if (alpha !== 0 || x.dtype !== "float32") return fallback(args) as tf.TensorInfo;
    const relu = floatOp(b, "Relu", b.getInputTensorIds([x]))[0];
    try {
      return b.createOutputTensor(floatOp(b, "Sign", [relu.id])[0]);
    } finally {
      b.binding.deleteTensor(relu.id);
    }
  });
  replace("Cast", (args, b, fallback) => {
    const x = args.inputs.x as tf.TensorInfo;
    if ((args.attrs as { dtype?: tf.DataType })?.dtype !== x.dtype) return fallback(args) as tf.TensorInfo;
    return share(b, x);
  });
  replace("Reshape", (args, b, fallback) => {
    const x = args.inputs.x as tf.TensorInfo;
    const shape = (args.attrs as { shape?: number[] })?.shape ?? [];
    const same = shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i]);
    return same ? share(b, x) : (fallback(args) as tf.TensorInfo);
  });
  leanSoftmaxCrossEntropy();
  // ReLU's gradient as TensorFlow's ReluGrad on `tensorflow`; elsewhere tfjs's own
  const relu = tf.getGradient("Relu");
  if (!relu || tf.getKernel(RELU_GRAD, "tensorflow")) return;
  tf.registerKernel({
    kernelName: RELU_GRAD,
    backendName: "tensorflow",
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as NodeBackend;
      const ids = b.getInputTensorIds([inputs.dy as tf.TensorInfo, inputs.x as tf.TensorInfo]);
      return b.createOutputTensor(floatOp(b, "ReluGrad", ids)[0]);
    },
  });
  // its own gradient, for second derivatives: linear in dy, flat in x
  tf.registerGradient({
    kernelName: RELU_GRAD,
    inputsToSave: ["x"],
    gradFunc: (ddx, saved) => ({
      dy: () => reluGrad(ddx as tf.Tensor, saved[0]),
      x: () => tf.zerosLike(saved[0]),
    }),
  });
  tf.registerGradient({
    ...relu,
    gradFunc: (dy, saved, attrs) =>
      tf.getBackend() === "tensorflow" && !Array.isArray(dy) && dy.dtype === "float32"
        ? { x: () => reluGrad(dy, saved[0]) }
        : relu.gradFunc(dy, saved, attrs),
  });
}

const RELU_GRAD = "DlabReluGrad";
const XENT = "DlabSoftmaxXent";

/** tf.losses.softmaxCrossEntropy through TensorFlow's SoftmaxCrossEntropyWithLogits on `tensorflow`. */
function leanSoftmaxCrossEntropy(): void {
  if (tf.getKernel(XENT, "tensorflow")) return;
  // outputs: each row's loss, and its gradient with respect to the logits (softmax − labels)
  tf.registerKernel({
    kernelName: XENT,
    backendName: "tensorflow",
    kernelFunc: ({ inputs, backend }) => {
      const b = backend as unknown as NodeBackend;
      const ids = b.getInputTensorIds([inputs.logits as tf.TensorInfo, inputs.labels as tf.TensorInfo]);
      return floatOp(b, "SoftmaxCrossEntropyWithLogits", ids, 2).map((info) => b.createOutputTensor(info));
    },
  });
  tf.registerGradient({
    kernelName: XENT,
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const dy = (Array.isArray(dys) ? dys[0] : dys).expandDims(1);
      const backprop = saved[0];
      // the labels' gradient is tfjs's: dy · (labels − softmax)
      return { logits: () => tf.mul(dy, backprop), labels: () => tf.neg(tf.mul(dy, backprop)) };
    },
  });
  const losses = tf.losses as unknown as Losses;
  const own = losses.softmaxCrossEntropy;
  losses.softmaxCrossEntropy = function softmaxCrossEntropy<T extends tf.Tensor, O extends tf.Tensor>(
    onehotLabels: T | tf.TensorLike,
    logits: T | tf.TensorLike,
    weights?: tf.Tensor | tf.TensorLike,
    labelSmoothing = 0,
    reduction = tf.Reduction.SUM_BY_NONZERO_WEIGHTS,
  ): O {
    const lean =
      tf.getBackend() === "tensorflow" &&
      labelSmoothing === 0 &&
      onehotLabels instanceof tf.Tensor &&
      logits instanceof tf.Tensor &&
      logits.dtype === "float32" &&
      logits.rank === 2 &&
      tf.util.arraysEqual(onehotLabels.shape, logits.shape);
    if (!lean) return own(onehotLabels, logits, weights, labelSmoothing, reduction) as O;
    return tf.tidy(() => {
      const labels = tf.cast(onehotLabels as tf.Tensor, "float32");
      const [rows] = tf.engine().runKernel(XENT, { labels, logits: logits as tf.Tensor }) as tf.Tensor[];
      return tf.losses.computeWeightedLoss(rows, weights, reduction) as O;
    });
  };
}

/**
 * The tfjs kernels a lean kernel of dlab's own stands for on other backends (what tfjs's own gradient
 * runs there): a model that needs it on `tensorflow` needs these elsewhere.
 */
export const STANDS_FOR: Readonly<Record<string, readonly string[]>> = {
  [RELU_GRAD]: ["Cast", "Multiply", "Step"],
  [XENT]: ["Cast", "Exp", "Log", "Max", "Multiply", "Neg", "Reshape", "Sub", "Sum"],
};
const reluGrad = (dy: tf.Tensor, x: tf.Tensor): tf.Tensor =>
  tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;

/** `x`'s data as a second tensor, as the cpu backend's identity does. */
function share(b: NodeBackend, x: tf.TensorInfo): tf.TensorInfo {
  b.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
