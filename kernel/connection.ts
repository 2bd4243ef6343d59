/**
 * The connection file Jupyter writes for a kernel, and the zeromq addresses it describes.
 */
import { readFileSync } from "node:fs";

/** Fields of a Jupyter connection file. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
}

/** The five channels a kernel binds. */
export type ChannelName = "shell" | "control" | "iopub" | "stdin" | "hb";

/**
 * Read and check a connection file. Errors name the file and the field, never the key.
 * @example readConnectionFile("/run/user/1000/jupyter/kernel-1.json").shell_port
 */
export function readConnectionFile(path: string): ConnectionInfo {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`dlab kernel: cannot read the connection file ${path}: ${(err as Error).message}`);
  }
  let info: any;
  try {
    info = JSON.parse(text);
  } catch {
    // Not the parser's message: V8 quotes the offending text, which may hold the key.
    throw new Error(`dlab kernel: the connection file ${path} is not valid JSON`);
  }
  const transport = info.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") {
    throw new Error(
      `dlab kernel: connection file field "transport" must be "tcp" or "ipc", got ${JSON.stringify(transport)}`,
    );
  }
  const scheme = info.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256") {
    throw new Error(
      `dlab kernel: connection file field "signature_scheme" must be "hmac-sha256", got ${JSON.stringify(scheme)}`,
    );
  }
  for (const port of ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"]) {
    if (!Number.isInteger(info[port]) || info[port] < 0) {
      throw new Error(
        `dlab kernel: connection file field "${port}" must be a port number, got ${JSON.stringify(info[port])}`,
      );
    }
  }
  if (typeof info.key !== "string")
    throw new Error('dlab kernel: connection file field "key" must be a string');
  return { ...info, transport, signature_scheme: scheme, ip: info.ip ?? "127.0.0.1" };
}

/**
 * The zeromq address of a channel, built the way jupyter_client builds it
 * (`tcp://ip:port`, `ipc://path-port`).
 * @example address({ transport: "ipc", ip: "kernel-ipc", ... }, "shell") // → "ipc://kernel-ipc-5"
 */
export function address(info: ConnectionInfo, channel: ChannelName): string {
  const port = info[`${channel}_port`];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
