/**
 * Adam in one TensorFlow kernel on the `tensorflow` backend. tfjs's AdamOptimizer updates each weight
 * with 14 elementwise ops, each a full pass over the weight and a dispatch from JavaScript: on the
 * reference MLP (bench/mnist.mjs) that was ~45 % of a training step's CPU time. TensorFlow's
 * `ResourceApplyAdam` does the same update in one pass.
 *
 * Between steps the weight and its two moments live in tfjs variables, as before (so getWeights,
 * setWeights, saving and dispose work unchanged), and in TensorFlow resource variables that share
 * their buffers. TensorFlow copies a shared buffer before it updates it, so a tensor read before a
 * step keeps its values. Where only the tfjs variable holds its buffer (the usual case in training),
 * its TensorFlow handle is let go for the update, so TensorFlow updates in place: the copies were
 * ~60 % of the update's time (210 vs 550 µs for a 784 × 256 weight). The tfjs data then keeps its
 * data id and takes a new handle from the resource when it is next used (an op, a read); the moments
 * are seldom read, so that saves a read per moment and step. A tfjs variable changed by anything else
 * (setWeights, assign, another Adam) is copied into this resource before the next step.
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
/** What tfjs-node keeps for a data id: its TensorFlow tensor, and how many tfjs tensors share it. */
interface TensorData {
  id: number;
  refCount: number;
  /** Values not yet written to TensorFlow. */
  values: unknown;
  /** Set by src/backend/moved-views.ts on data moved from another backend. */
  movedValues?: unknown;
  views?: unknown;
  /** The resource variable that holds the value while the data has no handle of its own (set here). */
  resource?: number;
  /** The slot whose Adam step last changed the data in place (set here). */
  writer?: Slot;
}
interface NodeBackend {
  binding: Binding;
  tensorMap: { get(dataId: object): TensorData | undefined };
  getInputTensorIds(tensors: { dataId?: object }[]): number[];
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
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
  /** tfjs data whose value is only in one of these resources now. */
  waiting: Set<TensorData>;
}
/** Slots by the weight's first-moment variable (tfjs keeps the moments by the weight's position). */
const slots = new WeakMap<tf.Variable, Slot>();
let backend: NodeBackend | undefined;
const freeHandles = new FinalizationRegistry<Slot>((slot) => backend && release(backend.binding, slot));

const floatType = (b: Binding) => [{ name: "dtype", type: b.TF_ATTR_TYPE, value: b.TF_FLOAT }];

/** Give data that waits on a resource its own handle again (a read shares the resource's buffer). */
function materialize(b: Binding, data: TensorData): void {
  if (data.resource === undefined) return;
  data.id = b.executeOp("ReadVariableOp", floatType(b), [data.resource], 1)[0].id;
  data.resource = undefined;
  data.writer?.waiting.delete(data);
}

/** Free a slot's resources, once the data that waits on them has handles of its own. */
function release(b: Binding, slot: Slot): void {
  for (const data of slot.waiting) materialize(b, data);
  slot.handles.forEach((id) => b.deleteTensor(id));
  freeHandles.unregister(slot);
}

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
    slot = { handles: [0, 1, 2].map(() => resource(be.binding, m.shape)), synced: [], waiting: new Set() };
    slots.set(m, slot);
    freeHandles.register(m, slot, slot);
  }
  return slot;
}

/** One weight's Adam step in TensorFlow; `scalars`: β₁ᵗ, β₂ᵗ, lr, β₁, β₂, ε' (tensor ids). */
function step(be: NodeBackend, slot: Slot, state: tf.Variable[], grad: tf.Tensor, scalars: number[]): void {
  const b = be.binding;
  const dtype = floatType(b);
  // bring each resource up to date with its tfjs variable when something else changed the variable:
  // assigned a new data id, or changed in place by another slot's step
  state.forEach((t, k) => {
    const writer = be.tensorMap.get(t.dataId)?.writer;
    if (slot.synced[k] === t.dataId && (writer === undefined || writer === slot)) return;
    const assign = [...dtype, { name: "validate_shape", type: b.TF_ATTR_BOOL, value: true }];
    b.executeOp("AssignVariableOp", assign, [slot.handles[k], ...be.getInputTensorIds([t])], 0);
    slot.synced[k] = t.dataId;
  });
  const attrs = [
    { name: "T", type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: "use_locking", type: b.TF_ATTR_BOOL, value: false },
    { name: "use_nesterov", type: b.TF_ATTR_BOOL, value: false },
  ];
  const gradId = be.getInputTensorIds([grad])[0];
  // a buffer no other tfjs tensor shares: let go of the variable's handle, so the resource holds it alone
  const owned = state.map((t, k) => {
    const data = be.tensorMap.get(t.dataId);
    if (!data || data.refCount !== 1 || data.values != null || data.movedValues != null || data.views)
      return undefined;
    if (data.resource !== slot.handles[k]) {
      materialize(b, data);
      b.deleteTensor(data.id);
      data.id = -1;
    }
    return data;
  });
  try {
    b.executeOp("ResourceApplyAdam", attrs, [...slot.handles, ...scalars, gradId], 0);
  } finally {
    state.forEach((t, k) => {
      const data = owned[k];
      if (data) {
        // the same tfjs data, its value now in the resource: read when next used
        data.resource = slot.handles[k];
        data.writer = slot;
        slot.waiting.add(data);
        return;
      }
      // shared data keeps its values: the variable takes a new data id on the updated buffer
      const value = be.createOutputTensor(b.executeOp("ReadVariableOp", dtype, [slot.handles[k]], 1)[0]);
      t.assign(value);
      slot.synced[k] = value.dataId;
    });
  }
}

/**
 * tfjs-node reaches a data's handle in three places: an op's inputs, a read, and its disposal. Data
 * that waits on a resource takes a handle before the first two; disposed, it just stops waiting.
 */
function readWaiting(proto: NodeBackend): void {
  const { getInputTensorIds, readSync, disposeData } = proto;
  proto.getInputTensorIds = function (this: NodeBackend, tensors) {
    for (const t of tensors) {
      const data = t?.dataId && this.tensorMap.get(t.dataId);
      if (data && data.resource !== undefined) materialize(this.binding, data);
    }
    return getInputTensorIds.call(this, tensors);
  };
  proto.readSync = function (this: NodeBackend, dataId) {
    const data = this.tensorMap.get(dataId);
    if (data) materialize(this.binding, data);
    return readSync.call(this, dataId);
  };
  proto.disposeData = function (this: NodeBackend, dataId, force) {
    const data = this.tensorMap.get(dataId);
    if (data && data.resource !== undefined && (force || data.refCount <= 1)) {
      data.writer?.waiting.delete(data);
      data.resource = undefined;
      data.id = -1; // nothing of its own to free
    }
    return disposeData.call(this, dataId, force);
  };
}

/** Set on an optimizer whose accBeta variables lag behind its fused steps. */
const STALE = Symbol("dlab.fusedAdam.accBetaStale");

function applyFused(this: AdamFields, grads: Grads, be: NodeBackend): void {
  const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
  const b = be.binding;
  const t = this.iterations + 1;
  const eps = this.epsilon * Math.sqrt(1 - Math.pow(this.beta2, t));
  // β₁ᵗ and β₂ᵗ from t (tfjs multiplies its accBeta variables step by step: two more ops a step; they
  // are brought up to date when tfjs's own update runs next, see fuseAdam)
  const scalars = [
    Math.pow(this.beta1, t),
    Math.pow(this.beta2, t),
    this.learningRate,
    this.beta1,
    this.beta2,
    eps,
  ].map((v) => b.createTensor([], b.TF_FLOAT, new Float32Array([v])));
  try {
    tf.tidy(() => {
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
    });
  } finally {
    scalars.forEach((id) => b.deleteTensor(id));
  }
  this.incrementIterations();
  (this as AdamFields & { [STALE]?: boolean })[STALE] = true;
}

/** β₁ᵗ and β₂ᵗ into tfjs's accBeta variables, for tfjs's own update of step t = iterations + 1. */
function catchUp(self: AdamFields & { [STALE]?: boolean }): void {
  if (!self[STALE]) return;
  const t = self.iterations + 1;
  tf.tidy(() => {
    self.accBeta1.assign(tf.scalar(Math.pow(self.beta1, t)));
    self.accBeta2.assign(tf.scalar(Math.pow(self.beta2, t)));
  });
  self[STALE] = false;
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
  readWaiting(Object.getPrototypeOf(be) as NodeBackend);
  const { applyGradients, dispose } = proto;
  proto.applyGradients = function (this: tf.AdamOptimizer, grads: Grads) {
    if ((tf.backend() as unknown) !== be || !fusable(grads)) {
      catchUp(this as unknown as AdamFields);
      return applyGradients.call(this, grads);
    }
    applyFused.call(this as unknown as AdamFields, grads, be);
  };
  proto.dispose = function (this: tf.AdamOptimizer) {
    const self = this as unknown as AdamFields;
    const held = (self.accumulatedFirstMoment ?? []).flatMap(({ variable }) => {
      const slot = variable && slots.get(variable);
      if (slot) slots.delete(variable);
      return slot ? [slot] : [];
    });
    dispose.call(this); // the moments go first: they need no reading
    held.forEach((slot) => release(be.binding, slot));
  };
}
