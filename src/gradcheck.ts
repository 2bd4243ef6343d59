/**
 * Gradient checks: a gradient function (usually the student's) against tfjs autodiff AND against
 * central finite differences computed in float64 (see gradcheck/core.ts).
 */
import { checkGradients, checkGradientsNow } from "./gradcheck/core";
import { gradcheckNetwork, gradcheckNetworkNow } from "./gradcheck/network";

export type { GradcheckOptions, GradcheckResult, TensorCheck, Nested } from "./gradcheck/core";
export { networkLoss64, gradcheckNetwork, gradcheckNetworkNow } from "./gradcheck/network";
export type { BackwardFn } from "./gradcheck/network";

/**
 * Compare a gradient function with autodiff and float64 central differences (`dl.gradcheck(…)`),
 * or a backward pass on a network (`dl.gradcheck.network(…)`); the wrong tensors are named.
 * `.now` and `.networkNow` do the same before returning (no await; every backend but WebGPU).
 * @example
 * const r = await dl.gradcheck((q) => ({ w: q.w.mul(2) }), (q) => tf.sum(tf.square(q.w)) as tf.Scalar, { w: tf.tensor1d([1, 2]) });
 * console.log(r.text);
 */
export const gradcheck = Object.assign(checkGradients, {
  network: gradcheckNetwork,
  now: checkGradientsNow,
  networkNow: gradcheckNetworkNow,
});
