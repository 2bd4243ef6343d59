/**
 * tfjs-node keeps one TensorFlow tensor per tfjs data id, shaped like the data id's first tensor.
 * On `wasm` and `cpu`, `reshape` shares a data id between tensors of different shapes (an MNIST
 * batch as 28 × 28 × 1 images and as rows of 784). When tfjs moves such data to `tensorflow`
 * (dl.train switching to the backend that can train a model), every view then reached TensorFlow
 * with the first tensor's shape, and an op on the others failed ("Expected begin and size arguments
 * to be 1-D tensors of size 4, but got shapes [2] and [2]"). This gives each shape of moved data its
 * own TensorFlow tensor, made from the moved values, freed with the data.
 */

/** The parts of tfjs-node's NodeJSKernelBackend this patch touches. */
interface NodeBackend {
  tensorMap: { get(id: object): TensorData | undefined; has(id: object): boolean };
  binding: {
    createTensor(shape: number[], dtype: number, values: unknown): number;
    deleteTensor(id: number): void;
  };
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  write(values: unknown, shape: number[], dtype: string): object;
  getInputTensorIds(tensors: { dataId?: object; shape: number[] }[]): number[];
  disposeData(dataId: object, force?: boolean): boolean;
}

interface TensorData {
  shape: number[];
  dtype: number;
  /** The moved values, kept while views of other shapes may need a tensor of their own. */
  movedValues?: unknown;
  /** TensorFlow tensors of this data in other shapes, by shape. */
  views?: Map<string, number>;
}

const PATCHED = Symbol.for("dlab.movedViews");
const same = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Patch tfjs-node's backend (once per class) so views of moved data keep their own shapes.
 * @example
 * fixMovedViews(tf.findBackend("tensorflow")); // after tfjs-node registered its backend
 */
export function fixMovedViews(backend: unknown): void {
  const proto = Object.getPrototypeOf(backend) as NodeBackend & { [PATCHED]?: true };
  if (!proto || proto[PATCHED] || typeof proto.getInputTensorIds !== "function") return;
  proto[PATCHED] = true;
  const { move, getInputTensorIds, disposeData } = proto;
  // every op's inputs pass through getInputTensorIds: look for views only once data was moved here
  let moved = false;
  // write() is a move of fresh values; only data moved from another backend keeps its values
  proto.write = function (this: NodeBackend, values, shape, dtype) {
    const dataId = {};
    move.call(this, dataId, values, shape, dtype, 1);
    return dataId;
  };
  proto.move = function (this: NodeBackend, dataId, values, shape, dtype, refCount) {
    move.call(this, dataId, values, shape, dtype, refCount);
    const info = this.tensorMap.get(dataId);
    if (info) info.movedValues = values;
    moved = true;
  };
  proto.getInputTensorIds = function (this: NodeBackend, tensors) {
    const ids = getInputTensorIds.call(this, tensors);
    if (!moved) return ids;
    tensors.forEach((t, i) => {
      const info = t?.dataId ? this.tensorMap.get(t.dataId) : undefined;
      if (!info?.movedValues || same(info.shape, t.shape)) return;
      info.views ??= new Map();
      const key = t.shape.join(",");
      let id = info.views.get(key);
      if (id === undefined) {
        id = this.binding.createTensor(t.shape, info.dtype, info.movedValues);
        info.views.set(key, id);
      }
      ids[i] = id;
    });
    return ids;
  };
  proto.disposeData = function (this: NodeBackend, dataId, force) {
    const views = this.tensorMap.get(dataId)?.views;
    const done = disposeData.call(this, dataId, force);
    if (views && !this.tensorMap.has(dataId)) for (const id of views.values()) this.binding.deleteTensor(id);
    return done;
  };
}
