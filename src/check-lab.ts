/**
 * Self-checks for the lab exercises that `dl.check` does not cover (activation derivatives, the
 * step perceptron, softmax, binary cross-entropy, the two-weight chain rule, dropout, early
 * stopping, Glorot). Same contract as `dl.check`: "✔ name: right" or "✘ name: not yet — hint",
 * a stub that throws gives "not yet", and the expected values are never printed.
 */
export { activationDerivatives, stepPerceptron, softmax, bce, twoWeightGrads } from "./check-lab/neurons";
export { dropout, stopPoint, glorotLimit } from "./check-lab/training";
