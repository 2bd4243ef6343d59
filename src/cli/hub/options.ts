/**
 * The command line of `dlab hub`: what the lecturer may choose, each with its default, checked
 * before anything starts (a mistake names the option, what was expected and what came).
 *
 * @example
 * import { parseHubArgs } from "./options";
 * parseHubArgs(["--port", "8000", "--simple"]); // { action: "start", port: 8000, simple: true, … }
 */
import { UsageError, quoted } from "../usage";

/** The per-student limits, as the hub applies them and values.yaml states them. */
export interface HubLimits {
  /** Memory one kernel may use, MB (its data rlimit; the V8 heap gets 3/4 of it). Defaults to 1536. */
  kernelMemMB: number;
  /** Memory the student's Jupyter server itself may use, MB. Defaults to 512. */
  serverMemMB: number;
  /** Kernels one student may run at once. Defaults to 2. */
  kernelsPerStudent: number;
  /** CPU cores one student may use at most (cgroup v2 cpu.max, where available). Defaults to 1. */
  cpus: number;
  /** Processes one student's Unix user may run (RLIMIT_NPROC). Defaults to 256. */
  processes: number;
  /** Niceness of the students' processes, so the hub and proxy stay responsive. Defaults to 5. */
  nice: number;
  /**
   * The tfjs backend of the students' kernels (DLAB_BACKEND), or "auto" for dlab's own choice.
   * Defaults to wasm: with a room on few cores it kept cells responsive where TensorFlow's
   * native kernels did not (see the README's sizing figures).
   */
  backend: "auto" | "tensorflow" | "wasm" | "cpu";
}

/** What `dlab hub` was asked to do. */
export interface HubOptions {
  /**
   * start (the default), stop, kernelspec (write the class kernelspec only, for an image),
   * simulate (a class of simulated students, `--simulate N`), or help.
   */
  action: "start" | "stop" | "kernelspec" | "simulate" | "help";
  /** Address the hub listens on. Defaults to 127.0.0.1 (this machine only). */
  ip: string;
  /** Port students connect to. Defaults to 8000. */
  port: number;
  /** TLS certificate and key (PEM) for HTTPS; both or neither. */
  cert?: string;
  key?: string;
  /** One Unix user for everyone: no isolation between students, for trying it out. */
  simple: boolean;
  /** State folder: settings, cookie secret, database, log. Defaults to .hub in the checkout. */
  state?: string;
  /** The class password (at least 8 characters). Defaults to a generated one, kept in the state folder. */
  password?: string;
  /** The lecturer's login name (admin). Defaults to lecturer. */
  admin: string;
  /** shared (class password, the default) or native (NativeAuthenticator: accounts the lecturer approves). */
  auth: "shared" | "native";
  /** Where students' homes are created. Defaults to /home. */
  homes: string;
  /** Minutes without activity before a student's server (and an idle kernel) is stopped. Defaults to 60. */
  cullMinutes: number;
  limits: HubLimits;
  /** With `--simulate N`: how many students, whether one runs away, over how many seconds they arrive. */
  simulate?: { students: number; runaway: boolean; arriveOverS: number };
}

/** Minutes without activity before a student's server is stopped, by default. */
export const DEFAULT_CULL_MINUTES = 60;

/** The defaults of every limit. */
export const DEFAULT_LIMITS: HubLimits = {
  kernelMemMB: 1536,
  serverMemMB: 512,
  kernelsPerStudent: 2,
  cpus: 1,
  processes: 256,
  nice: 5,
  backend: "wasm",
};

function number(option: string, value: string | undefined, min: number, max: number, integer = true): number {
  const n = Number(value);
  const ok = value !== undefined && value !== "" && Number.isFinite(n) && (!integer || Number.isInteger(n));
  if (!ok || n < min || n > max) {
    const kind = integer ? "a whole number" : "a number";
    throw new UsageError(
      option,
      `${kind} from ${min} to ${max}`,
      value === undefined ? "nothing" : quoted(value),
    );
  }
  return n;
}

function text(option: string, value: string | undefined): string {
  if (value === undefined || value === "" || value.startsWith("--"))
    throw new UsageError(option, "a value", value === undefined ? "nothing" : quoted(value));
  return value;
}

/** Parse `dlab hub [stop] [options]`; throws a UsageError for a mistake. */
export function parseHubArgs(args: string[]): HubOptions {
  const o: HubOptions = {
    action: "start",
    ip: "127.0.0.1",
    port: 8000,
    simple: false,
    admin: "lecturer",
    auth: "shared",
    homes: "/home",
    cullMinutes: DEFAULT_CULL_MINUTES,
    limits: { ...DEFAULT_LIMITS },
  };
  const rest = [...args];
  if (rest[0] === "stop" || rest[0] === "start" || rest[0] === "kernelspec")
    o.action = rest.shift() as HubOptions["action"];
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    const value = () => (inline !== undefined ? inline : rest.shift());
    switch (flag) {
      case "-h":
      case "--help":
        o.action = "help";
        break;
      case "--simple":
        o.simple = true;
        break;
      case "--ip":
        o.ip = text(flag, value());
        break;
      case "--port":
        o.port = number(flag, value(), 1, 65535);
        break;
      case "--cert":
        o.cert = text(flag, value());
        break;
      case "--key":
        o.key = text(flag, value());
        break;
      case "--state":
        o.state = text(flag, value());
        break;
      case "--password": {
        const p = text(flag, value());
        if (p.length < 8) throw new UsageError(flag, "at least 8 characters", `${p.length}`);
        o.password = p;
        break;
      }
      case "--admin":
        o.admin = text(flag, value()).toLowerCase();
        if (!/^[a-z][a-z0-9_-]{0,23}$/.test(o.admin))
          throw new UsageError(
            flag,
            "a name of lower-case letters, digits, _ or - (up to 24)",
            quoted(o.admin),
          );
        break;
      case "--auth": {
        const a = text(flag, value());
        if (a !== "shared" && a !== "native") throw new UsageError(flag, "shared or native", quoted(a));
        o.auth = a;
        break;
      }
      case "--homes":
        o.homes = text(flag, value());
        break;
      case "--cull-minutes":
        o.cullMinutes = number(flag, value(), 1, 7 * 24 * 60);
        break;
      case "--memory":
        o.limits.kernelMemMB = number(flag, value(), 256, 1 << 20);
        break;
      case "--server-memory":
        o.limits.serverMemMB = number(flag, value(), 256, 1 << 20);
        break;
      case "--kernels":
        o.limits.kernelsPerStudent = number(flag, value(), 1, 64);
        break;
      case "--backend": {
        const b = text(flag, value());
        if (!["auto", "tensorflow", "wasm", "cpu"].includes(b))
          throw new UsageError(flag, "auto, tensorflow, wasm or cpu", quoted(b));
        o.limits.backend = b as HubLimits["backend"];
        break;
      }
      case "--cpus":
        o.limits.cpus = number(flag, value(), 0.1, 1024, false);
        break;
      case "--simulate":
        o.action = "simulate";
        o.simulate = {
          runaway: false,
          arriveOverS: 0,
          ...o.simulate,
          students: number(flag, value(), 1, 200),
        };
        break;
      case "--runaway":
        o.simulate = { students: 0, arriveOverS: 0, ...o.simulate, runaway: true };
        break;
      case "--arrive-over":
        o.simulate = {
          students: 0,
          runaway: false,
          ...o.simulate,
          arriveOverS: number(flag, value(), 0, 3600),
        };
        break;
      default:
        throw new UsageError("option", "one of the options listed below", quoted(arg));
    }
  }
  if (o.simulate && o.action !== "simulate")
    throw new UsageError(
      o.simulate.runaway ? "--runaway" : "--arrive-over",
      "--simulate N with it",
      "no --simulate",
    );
  if (Boolean(o.cert) !== Boolean(o.key))
    throw new UsageError(o.cert ? "--key" : "--cert", "both --cert and --key for HTTPS", "only one of them");
  return o;
}

/** Usage of `dlab hub`. */
export const HUB_USAGE = `usage: dlab hub [options]        start a JupyterHub for the class (as root on a Linux server)
       dlab hub stop [--state DIR]   stop the hub, every student's server and kernel
       dlab hub kernelspec [--memory MB] [--state DIR]   write only the class kernelspec (for an image)
       dlab hub --simulate N [--runaway] [--arrive-over S]   size this server: N simulated students run lab 01

Students open the printed URL and log in with any name and the class password; each becomes a
Unix user of their own (dlab-<name>, home mode 0700) with the labs in ~/labs.
  --ip ADDR            address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the room)
  --port N             port (default 8000)
  --cert FILE --key FILE   serve HTTPS with this certificate and key (PEM)
  --password TEXT      the class password (default: generated once, kept in the state folder)
  --admin NAME         the lecturer's login (default lecturer; the admin password is printed)
  --auth shared|native shared: the class password (default); native: accounts the lecturer approves
  --memory MB          memory cap of each kernel (default 1536)
  --server-memory MB   memory cap of each student's Jupyter server (default 512)
  --kernels N          kernels one student may run at once (default 2)
  --cpus N             CPU cores one student may use, where cgroup v2 is available (default 1)
  --backend NAME       the kernels' tfjs backend: wasm (default: measured best for a room on few
                       cores), tensorflow (native; faster for larger models, more CPU and memory
                       per kernel), cpu, or auto (dlab's own choice)
  --cull-minutes M     stop a student's server after M idle minutes; files are kept (default 60)
  --homes DIR          where students' homes are made (default /home)
  --state DIR          settings, cookie secret, database and log (default .hub in the checkout)
  --simple             one Unix user for everyone: NO isolation between students — for trying it out

--simulate N starts a hub of its own on 127.0.0.1 (state in .hub-simulate), logs in N students
(Unix users dlab-sim001…, removed afterwards), runs lab 01 for each, measures spawn time, the
latency of a trivial cell while the class trains, memory and CPU per student, and prints the
figures; --runaway adds a student whose cell allocates without bound; --arrive-over S spreads
the logins over S seconds (default 0: all at once).
`;
