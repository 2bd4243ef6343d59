/**
 * dlab: helpers for deep-learning lecture labs on TensorFlow.js.
 *
 * The only public entry of the package: every export is listed here by name.
 * @example
 * import * as dl from "dlab";
 */

// ── figure payload (shared with the JupyterLab extension) ──
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

// ── errors ──
export { ArgumentError } from "./errors";

// ── kernel bridge (implemented by kernel/) ──
export { BRIDGE_KEY } from "./bridge";
export type { KernelBridge, KernelComm, MimeBundle } from "./bridge";

// ── backends, data, models, losses, training, display, plot (owner: package-core) ──
export * as data from "./data/index";
export { backend, backendFor, BACKENDS, formatReport } from "./backend";
export type {
  BackendReport,
  BackendOptions,
  BackendName,
  BackendNeed,
  Attempt,
  AdapterInfo,
} from "./backend";
export { show, LiveFigure, liveFigure, currentSignal, inKernel } from "./display";
export type { LiveFigureOptions } from "./display";
export * as figures from "./figures/index";
export * as perceptron from "./perceptron";
export type { PerceptronResult, PerceptronUpdate, PerceptronOptions } from "./perceptron";
export * as activations from "./activations";
export * as losses from "./losses";
export { mlp, summary, optimizer } from "./models";
export type { MlpOptions, LayerSpec } from "./models";
export { SeededDropout } from "./seeded-dropout";
export { train, TrainingInterrupted } from "./train";
export type { TrainOptions, TrainHistory, EarlyStoppingOptions, LiveOptions, LiveTraining } from "./train";
export { plot } from "./plot";
export { Figure } from "./figures/handle";
export type { DecisionBoundaryOptions, FitSpec } from "./plot";

// ── backprop, gradcheck, optimizers, race, check (owner: package-lessons) ──
export * as optimizers from "./optimizers";
export type { Optimizer, OptimizerState, OptimizerName } from "./optimizers";
export * as surfaces from "./surfaces";
export type { Surface, SurfacePoint } from "./surfaces";
export { surfaceFigure, surfaceSummary } from "./figures/surface";
export type { Trajectory, SurfaceFigureOptions } from "./figures/surface";
export * as backprop from "./backprop";
export type {
  Network,
  ForwardCache,
  Gradients,
  Activation as BackpropActivation,
  Cost as BackpropCost,
} from "./backprop";
export { gradcheck } from "./gradcheck";
export type { GradcheckOptions, GradcheckResult, TensorCheck, BackwardFn } from "./gradcheck";
export * as check from "./check";
export type { CheckResult, CheckOptions, CloseOptions } from "./check";
export { race } from "./race";
export type { RaceOptions, RaceResult, RaceTrack, Divergence } from "./race";
export { lrSweep } from "./optimizers/sweep";
export type { SweepOptions, SweepResult, SweepRun, Verdict } from "./optimizers/sweep";
export * as schedules from "./schedules";
export type { Schedule, ScheduleCallbackOptions } from "./schedules";

// ── additions the labs needed (owner: labs) ──
export { leastSquares, polyFeatures, polyfit, polyval } from "./polyfit";
export type { LeastSquaresOptions } from "./polyfit";
export * as checkLab from "./check-lab";
