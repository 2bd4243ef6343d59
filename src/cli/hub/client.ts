/**
 * A student of the class hub, as a browser would be one: logs in at /hub/login with a name and
 * the class password, asks the hub's REST API for a token, starts their server, and runs cells in
 * a kernel through jupyter_server's REST and websocket API behind the hub's proxy. Used by
 * `dlab hub --simulate` and by the hub's integration test.
 *
 * @example
 * import { login, spawnServer, startKernel, runCell } from "./client";
 * const s = await login("http://127.0.0.1:8000", "alice", classPassword);
 * await spawnServer(s);
 * const r = await runCell("http://127.0.0.1:8000", s, await startKernel(s), "1 + 1");
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import WebSocket from "ws";

/** One student's session with the hub. */
export interface Student {
  name: string;
  token: string;
  /** Calls `path` on the hub's public URL with the student's token; returns the raw response. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** What a cell produced. */
export interface CellResult {
  status: "ok" | "error" | "dead";
  stdout: string;
  error?: string;
  /** The text/plain of each display_data and execute_result, in order. */
  displays: string[];
  /** Seconds from sending the request to the kernel's idle status after its reply. */
  seconds: number;
}

/** A plain HTTP request. (fetch sends Sec-Fetch-Mode: cors, and JupyterHub then sets no _xsrf cookie.) */
function request(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; cookies: string[]; body: string }>((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [], body: text }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

function keep(cookies: string[], jar: Map<string, string>): void {
  for (const c of cookies) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}

const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Log in through the login form; throws when the hub turns the login down. */
export async function login(base: string, name: string, password: string): Promise<Student> {
  const jar = new Map<string, string>();
  keep((await request(`${base}/hub/login`, "GET", {})).cookies, jar);
  const xsrf = jar.get("_xsrf") ?? "";
  const form = new URLSearchParams({ username: name, password, _xsrf: xsrf }).toString();
  const res = await request(
    `${base}/hub/login`,
    "POST",
    { cookie: header(jar), "content-type": "application/x-www-form-urlencoded" },
    form,
  );
  keep(res.cookies, jar);
  if (res.status !== 302) throw new Error(`login of ${name} refused: HTTP ${res.status}`);
  const body = JSON.stringify({ note: "dlab hub client", expires_in: 3600 });
  // The login sets a new _xsrf cookie, tied to the session; the API call must present that one.
  const headers = {
    cookie: header(jar),
    "X-XSRFToken": jar.get("_xsrf") ?? "",
    "content-type": "application/json",
  };
  const tokenRes = await request(`${base}/hub/api/users/${name}/tokens`, "POST", headers, body);
  if (tokenRes.status !== 201) throw new Error(`token for ${name}: HTTP ${tokenRes.status} ${tokenRes.body}`);
  const { token } = JSON.parse(tokenRes.body) as { token: string };
  return {
    name,
    token,
    fetch: (path, init = {}) =>
      patientFetch(
        `${base}${path}`,
        init.method ?? "GET",
        {
          authorization: `token ${token}`,
          "content-type": "application/json",
          ...((init.headers as Record<string, string> | undefined) ?? {}),
        },
        init.body as string | undefined,
      ),
  };
}

/**
 * One request, answered as a `Response`, redirects not followed, and no connect timeout: Node's
 * fetch gives up after 10 s without a connection, where a browser waits while a busy proxy
 * accepts (a room logging in at once keeps it busy).
 */
function patientFetch(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? https : http).request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => {
        const status = res.statusCode ?? 500;
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h.set(k, ([] as string[]).concat(v).join(", "));
        const noBody = status === 204 || status === 304;
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: h }));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Start the student's server and wait until the hub says it is ready; resolves to the seconds it took. */
export async function spawnServer(s: Student, timeoutMs = 120_000): Promise<number> {
  const t0 = Date.now();
  const res = await s.fetch(`/hub/api/users/${s.name}/server`, { method: "POST", body: "{}" });
  if (![201, 202, 400].includes(res.status))
    throw new Error(`spawn of ${s.name}: HTTP ${res.status} ${await res.text()}`);
  while (Date.now() - t0 < timeoutMs) {
    const user = (await (await s.fetch(`/hub/api/users/${s.name}`)).json()) as {
      servers?: Record<string, { ready: boolean }>;
    };
    if (user.servers?.[""]?.ready) return (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server of ${s.name} was not ready within ${timeoutMs / 1000} s`);
}

/**
 * Open `path` in the student's server as JupyterLab does (a session with a new dlab kernel: the
 * kernel starts in the notebook's folder and knows the notebook's path); resolves to the kernel's id.
 */
export async function startKernel(s: Student, path = "labs/01-perceptron.ipynb"): Promise<string> {
  const res = await s.fetch(`/user/${s.name}/api/sessions`, {
    method: "POST",
    body: JSON.stringify({ path, type: "notebook", name: path.split("/").pop(), kernel: { name: "dlab" } }),
  });
  if (res.status !== 201)
    throw new Error(`kernel for ${s.name}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return ((await res.json()) as { kernel: { id: string } }).kernel.id;
}

/** Run `code` in kernel `id` of `owner`'s server with student `s`'s token, through the websocket. */
export function runCell(
  base: string,
  s: Student,
  id: string,
  code: string,
  timeoutMs = 120_000,
  owner = s.name,
): Promise<CellResult> {
  return runCellAt(`${base}/user/${owner}`, s.token, id, code, timeoutMs, s.name);
}

/**
 * Run `code` in kernel `id` of the Jupyter server at `server` (its base URL, e.g.
 * http://127.0.0.1:8888 or a hub's http://…/user/alice) with `token`, through the websocket.
 * @example
 * const r = await runCellAt(lab.baseUrl, lab.token, kernelId, "1 + 1");
 */
export function runCellAt(
  server: string,
  token: string,
  id: string,
  code: string,
  timeoutMs = 120_000,
  username = "dlab",
): Promise<CellResult> {
  const url = `${server.replace(/^http/, "ws")}/api/kernels/${id}/channels`;
  const ws = new WebSocket(url, { headers: { authorization: `token ${token}` } });
  const msgId = randomUUID();
  const result: CellResult = { status: "ok", stdout: "", displays: [], seconds: 0 };
  let sent = 0;
  const displayIds = new Map<string, number>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`cell did not finish within ${timeoutMs / 1000} s: ${code.slice(0, 60)}`));
    }, timeoutMs);
    const done = (r: CellResult) => {
      clearTimeout(timer);
      r.seconds = (performance.now() - sent) / 1000;
      ws.close();
      resolve(r);
    };
    let idle = false;
    let replied = false;
    ws.on("open", () => {
      const header = {
        msg_id: msgId,
        msg_type: "execute_request",
        username,
        session: randomUUID(),
        date: new Date().toISOString(),
        version: "5.3",
      };
      const content = {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
        stop_on_error: true,
      };
      sent = performance.now();
      ws.send(
        JSON.stringify({ header, parent_header: {}, metadata: {}, content, channel: "shell", buffers: [] }),
      );
    });
    ws.on("message", (raw) => {
      const msg = JSON.parse(String(raw)) as {
        msg_type: string;
        parent_header: { msg_id?: string };
        content: Record<string, unknown>;
      };
      if (msg.msg_type === "status" && msg.content.execution_state === "dead")
        return done({ ...result, status: "dead" });
      if (msg.msg_type === "status" && msg.content.execution_state === "restarting")
        return done({ ...result, status: "dead" });
      if (msg.parent_header.msg_id !== msgId) return;
      if (msg.msg_type === "stream") result.stdout += String(msg.content.text);
      if (["display_data", "execute_result", "update_display_data"].includes(msg.msg_type)) {
        // A live figure is displayed once and then updated in place: keep its last text.
        const text = String(((msg.content.data ?? {}) as Record<string, unknown>)["text/plain"] ?? "");
        const id = (msg.content.transient as { display_id?: string } | undefined)?.display_id;
        const at = id === undefined ? undefined : displayIds.get(id);
        if (msg.msg_type === "update_display_data") {
          if (at !== undefined) result.displays[at] = text;
        } else {
          if (id !== undefined) displayIds.set(id, result.displays.length);
          result.displays.push(text);
        }
      }
      if (msg.msg_type === "error") {
        result.status = "error";
        result.error = `${String(msg.content.ename)}: ${String(msg.content.evalue)}`;
      }
      if (msg.msg_type === "execute_reply") replied = true;
      if (msg.msg_type === "status" && msg.content.execution_state === "idle") idle = true;
      if (idle && replied) done(result);
    });
    ws.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on("close", (code) => {
      // Closed by the server before the cell finished: the kernel is gone (its server said why).
      if (!(idle && replied)) {
        clearTimeout(timer);
        reject(
          new Error(
            `the websocket to the kernel at ${server} closed (code ${code}) before the cell finished`,
          ),
        );
      }
    });
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`websocket to the kernel at ${server}: HTTP ${res.statusCode}`));
    });
  });
}
