/**
 * The Python half of the grading runner (driver.ts starts it in `.venv`): jupyter_client drives
 * up to `jobs` dlab kernels at once, each used for one submission only and started ahead of time
 * (a pool of fresh kernels, each in its own scratch folder). It reads jobs as JSON lines on stdin
 * and answers one JSON line per job on stdout, with what each cell did and the check records that
 * were appended while it ran. Outputs are counted and dropped, never kept: a notebook that prints
 * 100 MB is stopped at the cap and costs no memory here.
 */

/** The driver's source (run with `python -c`). */
export const DRIVER_PY = String.raw`
import asyncio, json, os, pwd, queue, shutil, subprocess, sys, time
from jupyter_client.manager import AsyncKernelManager

cfg = json.loads(sys.argv[1])
JOBS, WORK, KERNEL, ENV = cfg["jobs"], cfg["work"], cfg["kernel"], cfg["env"]
MODULES = cfg["nodeModules"]
RUN_AS = cfg.get("runAs")
SERVER = cfg.get("compileServer")
counter = [0, 0]
cleanups = []
# Graded as root, each kernel runs as a user id (and group id) of its own that no account has, so
# that a submission can neither read nor write another's folder or records, nor signal its kernel.
# A range per run: two gradings at once never share an id.
ID_BASE = 2000000000 + (os.getpid() % 100000) * 10000

def kernel_id():
    for _ in range(10000):
        counter[1] += 1
        kid = ID_BASE + counter[1] % 10000
        try:
            pwd.getpwuid(kid)
        except KeyError:
            return kid
    raise RuntimeError("no free user id for a kernel")
servers = []

def start_servers():
    """One compile server per slot (kernel/compile-server.ts), run as the grading user: a slot's
    kernels parse Node's and tfjs's declarations once between them. A kernel whose server is not
    there, or fails it, compiles on its own thread; so the grades never depend on them."""
    if not SERVER:
        return
    # The servers' own folder, where dlab resolves from (they never read a kernel's folder);
    # kernels may reach the sockets in it, not list it.
    folder = os.path.join(WORK, "cs")
    os.makedirs(folder, exist_ok=True)
    os.symlink(MODULES, os.path.join(folder, "node_modules"))
    env = dict(os.environ)
    if RUN_AS:
        os.chown(folder, RUN_AS["uid"], RUN_AS["gid"])
        os.chmod(folder, 0o711)
        env["DLAB_KERNEL_USER"] = str(RUN_AS["uid"])
    for i in range(JOBS):
        sock = os.path.join(folder, "%d.sock" % i)
        proc = subprocess.Popen(SERVER + [sock], cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append((proc, sock))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(os.path.exists(s) for _, s in servers):
        time.sleep(0.05)

def stop_servers():
    for proc, _ in servers:
        proc.terminate()
    for proc, _ in servers:
        try:
            proc.wait(timeout=5)
        except Exception:
            proc.kill()

async def start_kernel():
    counter[0] += 1
    scratch = os.path.join(WORK, "k%d" % counter[0])
    os.makedirs(scratch)
    # import "dlab" resolves from the kernel's folder, as from a notebook inside the checkout
    os.symlink(MODULES, os.path.join(scratch, "node_modules"))
    records = os.path.join(WORK, "k%d.records.jsonl" % counter[0])
    env = dict(os.environ)
    env.update(ENV)
    env["DLAB_RECORDS"] = records
    if RUN_AS:
        # Graded as root: the kernel gives up root for its own id (kernel/privileges.ts) before any
        # cell runs. Its folder and records file are its own and nobody else's.
        kid = kernel_id()
        open(records, "a").close()
        for p in (scratch, records):
            os.chown(p, kid, kid)
            os.chmod(p, 0o700 if p == scratch else 0o600)
        env["DLAB_KERNEL_USER"] = "%d:%d" % (kid, kid)
        env["HOME"] = scratch
    if servers:
        env["DLAB_COMPILE_SERVER"] = servers[counter[0] % len(servers)][1]
    km = AsyncKernelManager(kernel_name=KERNEL)
    await km.start_kernel(cwd=scratch, env=env)
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
    except Exception:
        await stop(km, kc, scratch)
        raise
    return {"km": km, "kc": kc, "scratch": scratch, "records": records}

async def stop(km, kc, scratch):
    try:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
    except Exception:
        pass
    shutil.rmtree(scratch, ignore_errors=True)

def size_of(f):
    try:
        return os.path.getsize(f)
    except OSError:
        return 0

def read_from(f, start):
    try:
        with open(f, "rb") as fh:
            fh.seek(start)
            return fh.read(1 << 20).decode("utf-8", "replace")
    except OSError:
        return ""

def out_size(msg):
    c = msg["content"]
    if msg["msg_type"] == "stream":
        return len(c.get("text", ""))
    if msg["msg_type"] in ("display_data", "update_display_data", "execute_result"):
        return len(json.dumps(c.get("data", {})))
    return 0

async def run_cell(k, code, timeout, limit):
    """Run one cell; returns (result, alive). Outputs are counted against the limit, then dropped."""
    budget = [limit]
    km, kc = k["km"], k["kc"]
    start = size_of(k["records"])
    msg_id = kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
    began = time.monotonic()
    deadline = began + timeout
    status, error, stopped_at = "ok", None, None
    while True:
        try:
            msg = await kc.get_iopub_msg(timeout=0.5)
        except queue.Empty:
            now = time.monotonic()
            if not await km.is_alive():
                return {"status": "died", "error": "the kernel died", "records": read_from(k["records"], start)}, False
            if stopped_at is None and now > deadline:
                status, error, stopped_at = "timeout", "still running after %d s" % timeout, now
                await km.interrupt_kernel()
            if stopped_at is not None and now - stopped_at > 10:
                return {"status": status, "error": error + "; the kernel did not stop", "records": read_from(k["records"], start)}, False
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["msg_type"]
        budget[0] -= out_size(msg)
        if budget[0] < 0 and stopped_at is None:
            status, error, stopped_at = "output-limit", "printed more than the output limit", time.monotonic()
            await km.interrupt_kernel()
        if t == "error" and status == "ok":
            status = "error"
            error = (msg["content"].get("ename", "") + ": " + msg["content"].get("evalue", ""))[:400]
        if t == "status" and msg["content"].get("execution_state") == "idle":
            break
    return {"status": status, "error": error, "seconds": round(time.monotonic() - began, 3),
            "records": read_from(k["records"], start)}, True

async def grade(job, pool):
    """Run a job's cells in one fresh kernel; after a kernel dies or hangs, a fresh one replays the
    cells that ran fine (not the checks) and goes on after the bad cell, at most twice."""
    t0 = time.monotonic()
    results, restarts = [], 0
    k = await pool.get()
    try:
        for i, cell in enumerate(job["cells"]):
            res, alive = await run_cell(k, cell["source"], cell.get("timeout", job["timeout"]), job["outputLimit"])
            results.append(res)
            if alive:
                continue
            await pool.done(k)
            k = None
            if restarts >= 2:
                break
            restarts += 1
            k = await pool.get()
            for j in range(i):
                if results[j]["status"] == "ok" and job["cells"][j].get("replay"):
                    await run_cell(k, job["cells"][j]["source"], job["cells"][j].get("timeout", job["timeout"]), job["outputLimit"])
        while len(results) < len(job["cells"]):
            results.append({"status": "not-run", "error": "the kernel stopped before this cell", "records": ""})
    finally:
        if k is not None:
            cleanups.append(asyncio.ensure_future(pool.done(k)))
    return {"id": job["id"], "cells": results, "restarts": restarts, "seconds": round(time.monotonic() - t0, 2)}

def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

async def main():
    loop = asyncio.get_running_loop()
    jobs = asyncio.Queue()
    pool = asyncio.Queue()
    wanted = asyncio.Semaphore(JOBS + cfg["prestart"])

    async def keep_pool():
        while True:
            await wanted.acquire()
            try:
                pool.put_nowait(await start_kernel())
            except Exception as e:
                emit({"fatal": "the %s kernel did not start: %s" % (KERNEL, e)})
                os._exit(3)

    class Pool:
        async def get(self):
            return await pool.get()

        async def done(self, k):
            # a used kernel is never reused: stop it, and let a fresh one start in its place
            await stop(k["km"], k["kc"], k["scratch"])
            wanted.release()

    async def worker():
        while True:
            job = await jobs.get()
            if job is None:
                return
            try:
                emit(await grade(job, Pool()))
            except Exception as e:
                emit({"id": job["id"], "failed": repr(e)[:500]})

    start_servers()
    filler = asyncio.ensure_future(keep_pool())
    workers = [asyncio.ensure_future(worker()) for _ in range(JOBS)]
    reader = asyncio.StreamReader(limit=1 << 30)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        jobs.put_nowait(json.loads(line))
    for _ in workers:
        jobs.put_nowait(None)
    await asyncio.gather(*workers)
    filler.cancel()
    await asyncio.gather(*cleanups)
    while not pool.empty():
        k = pool.get_nowait()
        await stop(k["km"], k["kc"], k["scratch"])

try:
    asyncio.run(main())
finally:
    stop_servers()
`;
