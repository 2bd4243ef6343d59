/**
 * dlab: helpers for deep-learning lecture labs on TensorFlow.js.
 *
 * The only public entry of the package: every export is listed here by name, grouped by concept,
 * each through its concept's face (a file, or a folder's index.ts).
 * @example
 * import * as dl from "dlab";
 */
import * as check from "./check/index";

// ── backends: the fastest tfjs backend this machine has, and why ──
export { backend, backendFor, BACKENDS, formatReport } from "./backend/index";
export type {
  BackendReport,
  BackendOptions,
  BackendName,
  BackendNeed,
  Attempt,
  AdapterInfo,
} from "./backend/index";

// ── data: toy sets, regression, MNIST, splits, normalisation, seeded batches ──
export * as data from "./data/index";

// ── neurons and networks ──
export * as perceptron from "./perceptron";
export type { PerceptronResult, PerceptronUpdate, PerceptronOptions } from "./perceptron";
export * as activations from "./activations";
export * as losses from "./losses";
export { mlp, summary, optimizer } from "./models";
export type { MlpOptions, LayerSpec } from "./models";
export { SeededDropout } from "./seeded-dropout";
export { leastSquares, polyFeatures, polyfit, polyval } from "./polyfit";
export type { LeastSquaresOptions } from "./polyfit";

// ── backpropagation by hand, and gradient checks ──
export * as backprop from "./backprop/index";
export type {
  Network,
  ForwardCache,
  Gradients,
  Activation as BackpropActivation,
  Cost as BackpropCost,
} from "./backprop/index";
export { gradcheck } from "./gradcheck/index";
export type { GradcheckOptions, GradcheckResult, TensorCheck, BackwardFn } from "./gradcheck/index";

// ── optimizers, loss surfaces, races, learning-rate sweeps and schedules ──
export * as optimizers from "./optimizers/index";
export type { Optimizer, OptimizerState, OptimizerName } from "./optimizers/index";
export { race, lrSweep } from "./optimizers/index";
export type {
  RaceOptions,
  RaceResult,
  RaceTrack,
  Divergence,
  SweepOptions,
  SweepResult,
  SweepRun,
  Verdict,
} from "./optimizers/index";
export * as surfaces from "./surfaces";
export type { Surface, SurfacePoint } from "./surfaces";
export * as schedules from "./schedules";
export type { Schedule, ScheduleCallbackOptions } from "./schedules";

// ── training with one live figure ──
export { train, TrainingInterrupted } from "./train/index";
export type {
  TrainOptions,
  TrainHistory,
  EarlyStoppingOptions,
  LiveOptions,
  LiveTraining,
} from "./train/index";

// ── figures: dl.plot computes and shows; dl.figures are the pure payload builders (for lab authors) ──
export { plot, LivePlot, Figure } from "./plot/index";
export type {
  DecisionBoundaryOptions,
  FitSpec,
  ActivationName,
  ActivationCurves,
  Classifier,
} from "./plot/index";
export * as figures from "./figures/index";
export { surfaceFigure, surfaceSummary } from "./figures/index";
export type { Trajectory, SurfaceFigureOptions } from "./figures/index";
export { show, LiveFigure, liveFigure, currentSignal, inKernel, input } from "./display";
export type { LiveFigureOptions } from "./display";

// ── self-checks for exercises ──
export { check };
export type { CheckResult, CheckOptions, CloseOptions } from "./check/index";
/** @deprecated use dl.check (the same checks; `export * as` cannot carry this mark, a const can) */
export const checkLab = check;

// ── errors ──
export { ArgumentError } from "./errors";

// ── the figure payload (shared with the JupyterLab extension) and the kernel bridge (implemented by kernel/) ──
export { FIGURE_MIME, FIGURE_KINDS } from "./payload";
export type {
  FigurePayload,
  FigureKind,
  FigureCommon,
  Series,
  Marker,
  Grid,
  HistoryFigure,
  DecisionBoundaryFigure,
  SurfaceFigure,
  CurveFitFigure,
  ScatterFigure,
  ActivationFigure,
  ConfusionFigure,
  ImageGridFigure,
  PlotlyFigure,
} from "./payload";
export { BRIDGE_KEY } from "./bridge";
export type { KernelBridge, KernelComm, MimeBundle } from "./bridge";
