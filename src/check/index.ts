/**
 * Self-checks for exercises, by lecture topic (`await dl.check.x(…)`): each prints "✔ name: right"
 * or "✘ name: not yet — hint" and resolves to the same as an object. They compare with tolerance,
 * accept numbers, arrays or tensors (read with `await t.data()`: every backend), turn a stub that
 * throws or returns nothing into a hint, and never print the expected answer.
 */
export type { CheckResult, CheckOptions, Tolerance } from "./core";
export { close } from "./close";
export type { CloseOptions } from "./close";
export { hidden } from "./hidden";
export type { HiddenOptions } from "./hidden";
export { stepPerceptron, perceptronUpdate, gate, decisionLine, xorFromGates } from "./perceptron";
export type { StepWeights } from "./perceptron";
export { activationDerivatives, sigmoidViaTanh, sigmoidPrime, twoWeightGrads } from "./neurons";
export { cost, softmax, bce } from "./losses";
export { backward } from "./backward";
export { optimizerStep } from "./optimizer-step";
export type { StepStates, StepHypers, StudentStep } from "./optimizer-step";
export { lrRegimes, largestStableLr } from "./learning-rate";
export type { RegimeOptions, StableLrOptions } from "./learning-rate";
export { penalty, split } from "./regularization";
export { dropout, stopPoint, glorotLimit } from "./training";
export { smallestPatience } from "./overfitting-reasoning";
export { prediction, target } from "./reasoning";
export type { Predicted, PredictionOptions, TargetOptions } from "./reasoning";
export * from "./convnets";
