/**
 * Adam in one TensorFlow kernel on the `tensorflow` backend. tfjs's AdamOptimizer updates each weight
 * with 14 elementwise ops, each a full pass over the weight and a dispatch from JavaScript: on the
 * reference MLP (bench/mnist.mjs) that was ~45 % of a training step's CPU time. TensorFlow's
 * `ResourceApplyAdam` does the same update in one pass.
 *
 * Between steps the weight and its two moments live in tfjs variables, as before (so getWeights,
 * setWeights, saving and dispose work unchanged), and in TensorFlow resource variables that share
 * their buffers. TensorFlow copies a shared buffer before it updates it, so a tensor read before a
 * step keeps its values. A tfjs variable changed by anything else (setWeights, assign) is copied into
 * its resource before the next step.
 *
 * The update is tfjs's: TensorFlow computes w −= lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε'), and with
 * ε' = ε·√(1−β₂ᵗ) that is tfjs's w −= lr · m̂ / (√v̂ + ε), where m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * Rounding differs: TensorFlow takes 1−β₂ from float32 β₂ (1 − 0.99900001 = 0.00099998713), tfjs
 * from the double 0.001, so v's step weight differs by 1.3e-5 relative; against Adam in float64 the
 * fused weights were ~4× closer than tfjs's (mean 6 vs 25 ulps after 30 steps), and loss curves of
 * a seeded MLP agree with tfjs's on cpu to 2e-6 relative over 39 batches (tfjs's own Adam: 2e-7).
 */
import * as tf from "@tensorflow/tfjs";

type Attr = { name: string; type: number; value: unknown };
/** The parts of tfjs-node's addon binding and backend used here. */
interface Binding {
  executeOp(name: string, attrs: Attr[], inputs: number[], outputs: number): OutputInfo[];
  createTensor(shape: number[], dtype: number, values: Float32Array): number;
  deleteTensor(id: number): void;
  TF_FLOAT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_SHAPE: number;
  TF_ATTR_BOOL: number;
}
type OutputInfo = { id: number; shape: number[]; dtype: number };
interface NodeBackend {
  binding: Binding;
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(info: OutputInfo): tf.Tensor;
}
/** tfjs's AdamOptimizer's own fields (tfjs-core 4.x). */
interface AdamFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  readonly iterations: number;
  incrementIterations(): void;
}
type Grads = Parameters<tf.AdamOptimizer["applyGradients"]>[0];

/** TensorFlow's name for a resource variable owned by its handle: deleting the handle frees it. */
const ANONYMOUS = "cd2c89b7-88b7-44c8-ad83-06c2a9158347";
const PATCHED = Symbol.for("dlab.fusedAdam");

/** A weight's three resource variables (weight, m, v) and the tfjs data each one holds now. */
interface Slot {
  handles: number[];
  synced: (object | undefined)[];
}
/** Slots by the weight's first-moment variable (tfjs keeps the moments by the weight's position). */
const slots = new WeakMap<tf.Variable, Slot>();
let backend: NodeBackend | undefined;
const freeHandles = new FinalizationRegistry<number[]>((ids) =>
  ids.forEach((id) => backend?.binding.deleteTensor(id)),
);

function resource(b: Binding, shape: number[]): number {
  const attrs = [
    { name: "container", type: b.TF_ATTR_STRING, value: "" },
    { name: "shared_name", type: b.TF_ATTR_STRING, value: ANONYMOUS },
    { name: "dtype", type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: "shape", type: b.TF_ATTR_SHAPE, value: shape },
  ];
  return b.executeOp("VarHandleOp", attrs, [], 1)[0].id;
}

function slotFor(be: NodeBackend, m: tf.Variable): Slot {
  let slot = slots.get(m);
  if (!slot) {
    slot = { handles: [0, 1, 2].map(() => resource(be.binding, m.shape)), synced: [] };
    slots.set(m, slot);
    freeHandles.register(m, slot.handles, slot);
  }
  return slot;
}

/** One weight's Adam step in TensorFlow; `scalars`: β₁ᵗ, β₂ᵗ, lr, β₁, β₂, ε' (tensor ids). */
function step(be: NodeBackend, slot: Slot, state: tf.Variable[], grad: tf.Tensor, scalars: number[]): void {
  const b = be.binding;
  const dtype = [{ name: "dtype", type: b.TF_ATTR_TYPE, value: b.TF_FLOAT }];
  // bring each resource up to date with its tfjs variable when something else changed the variable
  state.forEach((t, k) => {
    if (slot.synced[k] === t.dataId) return;
    const assign = [...dtype, { name: "validate_shape", type: b.TF_ATTR_BOOL, value: true }];
    b.executeOp("AssignVariableOp", assign, [slot.handles[k], ...be.getInputTensorIds([t])], 0);
    slot.synced[k] = t.dataId;
  });
  const attrs = [
    { name: "T", type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: "use_locking", type: b.TF_ATTR_BOOL, value: false },
    { name: "use_nesterov", type: b.TF_ATTR_BOOL, value: false },
  ];
  b.executeOp("ResourceApplyAdam", attrs, [...slot.handles, ...scalars, ...be.getInputTensorIds([grad])], 0);
  // the tfjs variables take the new values (the read shares the resource's buffer)
  state.forEach((t, k) => {
    const value = be.createOutputTensor(b.executeOp("ReadVariableOp", dtype, [slot.handles[k]], 1)[0]);
    t.assign(value);
    slot.synced[k] = value.dataId;
  });
}

function applyFused(this: AdamFields, grads: Grads, be: NodeBackend): void {
  const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
  const b = be.binding;
  const t = this.iterations + 1;
  const eps = this.epsilon * Math.sqrt(1 - Math.pow(this.beta2, t));
  const made = [this.learningRate, this.beta1, this.beta2, eps].map((v) =>
    b.createTensor([], b.TF_FLOAT, new Float32Array([v])),
  );
  try {
    tf.tidy(() => {
      const [lr, beta1, beta2, epsilon] = made;
      const scalars = [...be.getInputTensorIds([this.accBeta1, this.accBeta2]), lr, beta1, beta2, epsilon];
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        // the moments as tfjs keeps them: made on first use, by the weight's position
        this.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        this.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const grad = Array.isArray(grads) ? grads[i].tensor : grads[name];
        if (grad == null) return;
        const m = this.accumulatedFirstMoment[i].variable;
        const v = this.accumulatedSecondMoment[i].variable;
        step(be, slotFor(be, m), [value, m, v], grad, scalars);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
    });
  } finally {
    made.forEach((id) => b.deleteTensor(id));
  }
  this.incrementIterations();
}

/** True when every weight and gradient is float32 of the weight's shape (TensorFlow's kernel is typed). */
function fusable(grads: Grads): boolean {
  const entries = Array.isArray(grads)
    ? grads.map((g) => [g.name, g.tensor] as const)
    : Object.entries(grads);
  return entries.every(([name, g]) => {
    const w = tf.engine().registeredVariables[name];
    return (
      w &&
      w.dtype === "float32" &&
      (g == null || (g.dtype === "float32" && tf.util.arraysEqual(g.shape, w.shape)))
    );
  });
}

/**
 * Make tfjs's Adam run as one TensorFlow kernel per weight while `tensorflow` is the backend (once per
 * process; other backends keep tfjs's own update). DLAB_FUSED_ADAM=0 leaves tfjs's Adam as it is.
 * @example
 * fuseAdam(tf.findBackend("tensorflow")); // after tfjs-node registered its backend
 */
export function fuseAdam(native: unknown): void {
  const proto = tf.AdamOptimizer.prototype as tf.AdamOptimizer & { [PATCHED]?: true };
  if (proto[PATCHED] || process.env.DLAB_FUSED_ADAM === "0") return;
  if (typeof (native as NodeBackend)?.binding?.executeOp !== "function") return;
  proto[PATCHED] = true;
  const be = (backend = native as NodeBackend);
  const { applyGradients, dispose } = proto;
  proto.applyGradients = function (this: tf.AdamOptimizer, grads: Grads) {
    if ((tf.backend() as unknown) !== be || !fusable(grads)) return applyGradients.call(this, grads);
    applyFused.call(this as unknown as AdamFields, grads, be);
  };
  proto.dispose = function (this: tf.AdamOptimizer) {
    const self = this as unknown as AdamFields;
    for (const { variable } of self.accumulatedFirstMoment ?? []) {
      const slot = variable && slots.get(variable);
      if (!slot) continue;
      slot.handles.forEach((id) => be.binding.deleteTensor(id));
      freeHandles.unregister(slot);
      slots.delete(variable);
    }
    dispose.call(this);
  };
}
