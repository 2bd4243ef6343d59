/**
 * Gradient checks: a gradient function (usually the student's) against tfjs autodiff AND against
 * central finite differences computed in float64 (see core.ts). Asynchronous: tensors are read
 * with `await t.data()`, which works on every backend.
 */
import { checkGradients } from "./core";
import { gradcheckNetwork } from "./network";

export type { GradcheckOptions, GradcheckResult, TensorCheck, Nested } from "./core";
export { networkLoss64, gradcheckNetwork } from "./network";
export type { BackwardFn } from "./network";

/**
 * Compare a gradient function with autodiff and float64 central differences (`await dl.gradcheck(…)`),
 * or a backward pass on a network (`await dl.gradcheck.network(…)`); the wrong tensors are named.
 * @example
 * const r = await dl.gradcheck((q) => ({ w: q.w.mul(2) }), (q) => tf.sum(tf.square(q.w)) as tf.Scalar, { w: tf.tensor1d([1, 2]) });
 * console.log(r.text);
 */
export const gradcheck = Object.assign(checkGradients, { network: gradcheckNetwork });
