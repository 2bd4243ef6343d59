/**
 * WebGPU in Node through Dawn (the `webgpu` npm package). Adapters are first probed in a child
 * process: Dawn prints its driver warnings straight to the process's stderr (which would land in
 * a student's notebook) and a device keeps the event loop alive, so neither happens in-process
 * unless a real GPU is found.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const load = createRequire(__filename);

/** What Dawn says about one adapter. */
export interface AdapterInfo {
  /** Dawn backend that found it: "vulkan" (the default on Linux) or "opengl". */
  via: string;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a CPU rasteriser (llvmpipe, lavapipe, SwiftShader…): not a GPU. */
  software: boolean;
  /** Largest buffer the adapter allows, in bytes. */
  maxBufferSize: number;
}

/** The outcome of probing for adapters. */
export interface WebgpuProbe {
  adapters: AdapterInfo[];
  /** Dawn's own warnings (e.g. "Couldn't load Vulkan: libvulkan.so.1 …"), one per line. */
  warnings: string[];
  /** Set when the `webgpu` package itself could not be loaded. */
  error?: string;
}

// CPU renderers that some drivers do not flag as fallback adapters (llvmpipe over GL reports false)
const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|basic render/i;

/** Ways to ask Dawn for an adapter, best first. */
export const ATTEMPTS: { via: string; flags: string[]; featureLevel?: string }[] = [
  { via: "vulkan", flags: [] },
  { via: "opengl", flags: ["backend=opengl"], featureLevel: "compatibility" },
];

/**
 * The probe program (a plain script, so it is linted like the rest): next to this file in src/, and
 * two folders up from the compiled dist/backend/webgpu.js.
 */
function probeScript(): string {
  const near = join(__dirname, "webgpu-probe.cjs");
  return existsSync(near) ? near : join(__dirname, "..", "..", "backend", "webgpu-probe.cjs");
}

/** Run a command, collecting its output; never rejects (a failure is in `error`). */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ stdout, stderr, error: e.message }));
    child.on("close", (code, signal) =>
      resolve({ stdout, stderr, error: signal ? `killed by ${signal}` : code ? `exit ${code}` : undefined }),
    );
  });
}

/** Probe for WebGPU adapters in a child process (about 0.1–0.5 s; asynchronous, so a kernel stays responsive). */
export async function probeWebgpu(timeoutMs = 20_000): Promise<WebgpuProbe> {
  let entry: string;
  try {
    entry = load.resolve("webgpu");
  } catch {
    return { adapters: [], warnings: [], error: "the `webgpu` package is not installed" };
  }
  // EGL needs a platform without a display server; Dawn's GL backend reads this at start
  const env = { ...process.env, EGL_PLATFORM: process.env.EGL_PLATFORM ?? "surfaceless" };
  const res = await run([probeScript(), pathToFileURL(entry).href, JSON.stringify(ATTEMPTS)], env, timeoutMs);
  const warnings = (res.stderr ?? "")
    .split("\n")
    .filter((l) => /^Warning:|^Error:/.test(l))
    .map((l) => l.replace(/^Warning:\s*/, "").trim());
  const line = (res.stdout ?? "").split("\n").find((l) => l.startsWith("@@"));
  if (!line)
    return {
      adapters: [],
      warnings,
      error: `the probe did not answer (${res.error ?? "no output"})`,
    };
  if (line.startsWith("@@ERR")) return { adapters: [], warnings, error: line.slice(5) };
  const raw = JSON.parse(line.slice(2)) as (Omit<AdapterInfo, "software"> & { fallback: boolean })[];
  const adapters = raw.map(({ fallback, ...a }) => ({
    ...a,
    software: fallback || SOFTWARE.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`),
  }));
  return { adapters, warnings: [...new Set(warnings)] };
}

/** A one-line name for an adapter, e.g. "llvmpipe (OpenGL 4.5 Mesa 22.3.6) via opengl". */
export function adapterName(a: AdapterInfo): string {
  const name = [a.vendor, a.device || a.architecture].filter(Boolean).join(" ") || "unnamed adapter";
  return `${name}${a.description ? ` (${a.description})` : ""} via ${a.via}`;
}
