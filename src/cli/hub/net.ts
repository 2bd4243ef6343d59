/**
 * The few network checks `dlab hub` makes, all on this machine: is a port free, which port is,
 * and has the hub started answering its REST API.
 *
 * @example
 * import { freePort, waitForHub } from "./net";
 * const port = await freePort();
 * await waitForHub("http://127.0.0.1:8000", 90_000, () => false);
 */
import * as http from "node:http";
import * as https from "node:https";
import { createServer } from "node:net";

/** True when nothing listens on `port` at `ip`. */
export function portFree(port: number, ip = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, ip, () => srv.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The HTTP status of GET `url` (a self-signed certificate is accepted: this is a probe of our own hub). */
function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const get = url.startsWith("https:") ? https.get : http.get;
    const req = get(url, { rejectUnauthorized: false, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
  });
}

/** Wait until the hub at `url` answers /hub/api; throws when `gaveUp()` says it exited or time runs out. */
export async function waitForHub(url: string, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await status(`${url}/hub/api`)) === 200) return;
    if (gaveUp()) throw new Error("JupyterHub exited while starting");
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`JupyterHub did not answer at ${url} within ${timeoutMs / 1000} s`);
}
