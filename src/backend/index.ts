/** Backends: pick the fastest tfjs backend this machine has and say why (`dl.backend()`, `dl.backendFor(need)`). */
export { backend, backendFor } from "./choose";
export type { BackendOptions, BackendNeed } from "./choose";
export { ORDER as BACKENDS, formatReport } from "./report";
export type { Attempt, BackendName, BackendReport } from "./report";
export type { AdapterInfo } from "./webgpu";
