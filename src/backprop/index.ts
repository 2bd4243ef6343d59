/**
 * Backpropagation by hand, the lecture's four equations on a small dense network
 * (`dl.backprop.forward`, `.backward`, `.update`, …); see passes.ts for the notation.
 */
export { forward, cost, loss, backward, update, dispose } from "./passes";
export { activate, activatePrime } from "./activations";
export { network, fromArrays, toArrays } from "./network";
export type { NetworkOptions } from "./network";
export type { Activation, Cost, Network, ForwardCache, Gradients } from "./types";
