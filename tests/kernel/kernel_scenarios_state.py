"""State and interrupt scenarios for kernel_driver.py (see the vitest test kernel-state.test.ts).

Names that survive a runtime error or an interrupt, a cell the type checker rejects running
nothing, re-declaration, interrupt latency per kind of loop (20 runs each), nothing of an
interrupted cell showing later, prompt() through input_request, execute_request on control,
and the heartbeat while a cell spins.
"""
import os
import signal
import statistics
import time

from kernel_driver import ROOT, Kernel

RUNS = 20


def _exit_on_sigterm(*_):
    raise SystemExit(143)


def _start(cwd=None):
    """A kernel whose process is killed even when the driver is stopped by a timeout (SIGTERM)."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    return Kernel(cwd=cwd)


def _close(k):
    try:
        k.kc.stop_channels()
    finally:
        k.km.shutdown_kernel(now=True)
        k.stderr.close()


def _text(outs):
    """The execute_result text/plain of a cell's outputs, or None."""
    for t, c in outs:
        if t == "execute_result":
            return c["data"]["text/plain"]
    return None


def _value(k, code):
    """Run `code` and return its result text (or the error's `ename: evalue`)."""
    content, outs = k.run(code, timeout=120)
    if content["status"] != "ok":
        return f"{content.get('ename')}: {content.get('evalue')}"
    return _text(outs)


def _summary(content, outs=()):
    return {
        "status": content["status"],
        "ename": content.get("ename"),
        "evalue": content.get("evalue"),
        "traceback": content.get("traceback"),
        "streams": [c["text"] for t, c in outs if t == "stream"],
    }


def _stats(runs):
    s = [r["s"] for r in runs if r["s"] is not None]
    if not s:
        return None
    return {"n": len(s), "min": min(s), "median": statistics.median(s), "max": max(s)}


def _seen(k, msg_id, marker):
    if marker is None:
        return any(m["msg_type"] == "execute_input" for m in k.outputs_of(msg_id))
    return any(
        m["msg_type"] == "stream" and marker in m["content"].get("text", "") for m in k.outputs_of(msg_id)
    )


def _interrupt(k, code, marker=None, delay=0.05, **kw):
    """Run `code`, send interrupt_request (control) `delay` s after its output shows `marker`.

    Returns {status, ename, s: seconds from the interrupt_request to the execute_reply, started:
    whether the marker was seen first, msg_id}. Reads IOPub one message at a time, so a cell that
    prints without pause cannot keep the driver reading.
    """
    msg_id = k.kc.execute(code, **kw)
    deadline = time.time() + 15
    while not _seen(k, msg_id, marker) and time.time() < deadline:
        try:
            k._recv(0.02)
        except Exception:
            pass
    started = _seen(k, msg_id, marker)
    time.sleep(delay)
    t0 = time.time()
    k.km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on control
    reply = k.wait_reply(msg_id, timeout=30)
    took = time.time() - t0
    k.wait_idle(msg_id, timeout=30)
    k.mark = len(k.iopub)  # IOPub messages from here on came after the interrupted cell's idle
    c = reply["content"]
    return {"status": c["status"], "ename": c.get("ename"), "s": took, "started": started, "msg_id": msg_id}


def scenario_state_names():
    """Names survive runtime errors (with values and types); a type error runs nothing; re-declaring works."""
    k = _start()
    r = {}
    try:
        r["boom"] = _summary(*k.run('const q = 5; let w = 7; throw new Error("boom")'))
        r["q_plus_w"] = _value(k, "q + w")
        r["w_assign"] = _value(k, "w = w + 1; w")
        r["f1_cell"] = _summary(*k.run(
            'function f1() { return "f1 ran"; }\n'
            "const viaF1 = f1();\n"
            'throw new Error("after f1");\n'
            "const late = 3;"
        ))
        r["f1"] = _value(k, "f1()")
        r["via_f1"] = _value(k, "viaF1")
        r["late"] = _summary(*k.run("late"))
        r["typed"] = _summary(*k.run("const s: string = q"))
        # A type error runs nothing: neither the side effect before it nor a declaration.
        r["type_error"] = _summary(*k.run(
            '(globalThis as any).sideEffect = "ran";\n'
            'console.log("side effect");\n'
            "const t1 = 1;\n"
            'const bad: number = "x";'
        ))
        r["side_effect"] = _value(k, "typeof (globalThis as any).sideEffect")
        r["t1"] = _summary(*k.run("t1"))
        r["two_type_errors"] = _summary(*k.run('const b1: number = "x";\nconst b2: string = 1;'))
        # Re-declaring: the same cell twice, then edited to another type.
        r["model_1"] = _summary(*k.run("const model = 1;"))
        r["model_1_again"] = _summary(*k.run("const model = 1;"))
        r["model_value"] = _value(k, "model + 1")
        r["model_edited"] = _summary(*k.run('const model = "a string";'))
        r["model_string"] = _value(k, "model.toUpperCase()")
        r["model_not_number"] = _summary(*k.run("const m2: number = model;"))
        # A name kept from a failed cell is re-declared like any other.
        r["q_again"] = _summary(*k.run('const q = "again";'))
        r["q_string"] = _value(k, "q.length")
        r["f1_again"] = _summary(*k.run("function f1() { return 2; }"))
        r["f1_new"] = _value(k, "f1() + 1")
    finally:
        _close(k)
    return r


def scenario_state_train():
    """`await dl.train(...)` interrupted: the cell's names are kept; latency over 20 runs."""
    k = _start(cwd=os.path.join(ROOT, "notebooks"))
    r = {"runs": []}
    try:
        r["setup"] = _summary(*k.run('import * as dl from "dlab";\nconst data = dl.data.moons({ seed: 0 });', timeout=180))
        cell = (
            "let batches = 0;\n"
            "const model = dl.mlp({ inputs: 2, layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });\n"
            "await dl.train(model, data, { epochs: 100000, batchSize: 4, onBatch: () => {\n"
            "  if (batches++ === 0) console.log('first batch');\n"
            "} });"
        )
        for i in range(RUNS):
            run = _interrupt(k, cell, marker="first batch", delay=0.3)
            if i == 0:
                train_id, mark = run["msg_id"], k.mark
                time.sleep(0.5)  # a batch in flight may finish; none may start after
                b1 = _value(k, "batches")
                k.run("await new Promise((res) => setTimeout(res, 600))")
                r["batches"] = [b1, _value(k, "batches")]
                r["model"] = _value(k, "[model.layers.length, model.countParams()]")
                r["weights"] = _value(k, "model.getWeights().map((w) => w.shape.join('x')).join(' ')")
                k.pull_iopub()
                r["updates_before"] = sum(
                    1 for m in k.outputs_of(train_id) if m["msg_type"] in ("display_data", "update_display_data")
                )
                r["train_output_after"] = [
                    m["msg_type"] for m in k.iopub[mark:] if m["parent_header"].get("msg_id") == train_id
                ]
            run["next"] = _value(k, "batches > 0")
            del run["msg_id"]
            r["runs"].append(run)
        r["latency"] = _stats(r["runs"])
    finally:
        _close(k)
    return r


LOOPS = {
    "sync": "let spins = 0;\nconsole.log('looping');\nwhile (true) { spins++; }",
    "sync_after_await": (
        "let spins = 0;\nawait new Promise((res) => setTimeout(res, 10));\n"
        "console.log('looping');\nwhile (true) { spins++; }"
    ),
    "microtask": "let spins = 0;\nconsole.log('looping');\nwhile (true) { spins++; await Promise.resolve(); }",
    "timer": (
        "let k = 0;\nconsole.log('looping');\n"
        "for (let i = 0; i < 1e9; i++) { k++; await new Promise((res) => setTimeout(res, 5)); }"
    ),
}


def scenario_interrupt_loops():
    """Every kind of loop stops within 1 s, 20 times out of 20, variables intact, the next cell served."""
    k = _start()
    r = {"kinds": {}}
    try:
        k.run("let kept = 41;")
        for kind, code in LOOPS.items():
            runs = []
            for _ in range(RUNS):
                run = _interrupt(k, code, marker="looping")
                del run["msg_id"]
                run["next"] = _value(k, "kept + 1")
                if kind == "timer":
                    # The student's async loop stops: k no longer changes.
                    run["k"] = [_value(k, "k")]
                    time.sleep(0.3)
                    run["k"].append(_value(k, "k"))
                else:
                    run["spun"] = _value(k, "spins > 0")
                runs.append(run)
            r["kinds"][kind] = {"runs": runs, "latency": _stats(runs)}
        r["kept"] = _value(k, "kept")
    finally:
        _close(k)
    return r


def scenario_interrupt_leftovers():
    """After an interrupt nothing of the interrupted cell shows in later cells' outputs."""
    k = _start()
    r = {}
    try:
        printing = "let n = 0;\nwhile (true) { n++; if (n % 200000 === 0) console.log('LEFT-loop ' + n); }"
        r["loop"] = _interrupt(k, printing, marker="LEFT-loop", delay=0.3)
        marks = [k.mark]
        timers = (
            "setInterval(() => console.log('LEFT-interval'), 20);\n"
            "setTimeout(() => console.log('LEFT-timeout'), 700);\n"
            "(async () => { for (;;) { console.log('LEFT-async'); await new Promise((res) => setTimeout(res, 15)); } })();\n"
            "await new Promise((res) => setTimeout(res, 200));\n"
            "console.log('looping');\n"
            "await new Promise(() => {});"
        )
        r["timers"] = _interrupt(k, timers, marker="looping", delay=0.1)
        marks.append(k.mark)
        later = []
        for code in ["await new Promise((res) => setTimeout(res, 1000)); 'later'", "n > 0", "1 + 1"]:
            later.append(_value(k, code))
        r["later"] = later
        k.pull_iopub(timeout=0.5)

        def left(msgs):
            return [m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and "LEFT-" in m["content"]["text"]]

        r["before"] = {
            "loop": len(left(k.outputs_of(r["loop"]["msg_id"]))),
            "timers": sorted({t.split()[0] for t in "".join(left(k.outputs_of(r["timers"]["msg_id"]))).split("\n") if t}),
        }
        # After each interrupt: nothing more of that cell, and nothing of either in any later cell.
        loop_id = r["loop"]["msg_id"]
        r["after_loop"] = left(m for m in k.iopub[marks[0]:] if m["parent_header"].get("msg_id") == loop_id)
        r["after"] = left(k.iopub[marks[1]:])
        for x in ("loop", "timers"):
            del r[x]["msg_id"]
    finally:
        _close(k)
    return r


def _heavy_cell(n):
    """A cell whose type check is slow (n statements of overloaded generic calls, in a block: no names)."""
    lines = [
        f"  const x{i} = Object.entries({{ a{i}: [{i}], b: 'x', c: {{ d: [new Map<string, Set<number>>()] }} }})"
        f".map(([key, v]) => ({{ key, v, s: JSON.stringify(v) }})).filter((e) => e.key.length > {i % 3});"
        for i in range(n)
    ]
    return "{\n" + "\n".join(lines) + "\n}\n"


def scenario_interrupt_compile():
    """An interrupt during a long type check ends the cell within 1 s; the next cell compiles and runs."""
    k = _start()
    r = {"runs": []}
    try:
        k.run("let kept = 41;", timeout=120)
        # First: the type check alone (the cell fails on a type error at its end) takes > 2 s here.
        n = 400
        while True:
            t0 = time.time()
            content, _ = k.run(_heavy_cell(n) + 'const probe: number = "x";', timeout=300)
            r["compile_s"] = time.time() - t0
            r["compile_status"] = [content["status"], content.get("ename"), (content.get("traceback") or [""])[-1]]
            if r["compile_s"] > 3 or n >= 6400:
                break
            n *= 2
        r["statements"] = n
        cell = _heavy_cell(n) + "(globalThis as any).heavyRan = true;"
        for _ in range(RUNS):
            run = _interrupt(k, cell, delay=0.3)
            del run["msg_id"]
            t0 = time.time()
            run["next"] = _value(k, "kept + 1")
            run["next_s"] = time.time() - t0
            r["runs"].append(run)
        r["heavy_ran"] = _value(k, "typeof (globalThis as any).heavyRan")
        r["latency"] = _stats(r["runs"])
    finally:
        _close(k)
    return r


def scenario_stdin():
    """prompt() and dl.input() ask through input_request; refused without stdin; interruptible."""
    k = _start(cwd=os.path.join(ROOT, "notebooks"))
    r = {}
    try:
        k.run("let kept = 41;", timeout=120)

        def ask(code, answer):
            msg_id = k.kc.execute(code, allow_stdin=True)
            req = k.kc.get_stdin_msg(timeout=60)
            k.kc.input(answer)
            reply = k.wait_reply(msg_id, timeout=60)
            k.wait_idle(msg_id)
            return {"request": req["msg_type"], "content": req["content"],
                    "parent_ok": req["parent_header"].get("msg_id") == msg_id, "status": reply["content"]["status"]}

        r["prompt"] = ask('const name = prompt("Your name? ");', "Ada")
        r["name"] = _value(k, "name")
        r["dl_input"] = ask('import * as dl from "dlab";\nconst rating = await dl.input("Rating? ");', "5")
        r["rating"] = _value(k, "rating")
        r["no_stdin"] = _summary(*k.run('const refused = prompt("never asked");', allow_stdin=False))
        r["no_stdin_dl"] = _summary(*k.run('const refused2 = await dl.input("never asked");', allow_stdin=False))
        # Interrupt while the kernel waits for the answer.
        waits = []
        for _ in range(5):
            msg_id = k.kc.execute('const who = prompt("Waiting? ");', allow_stdin=True)
            req = k.kc.get_stdin_msg(timeout=60)
            time.sleep(0.1)
            t0 = time.time()
            k.km.interrupt_kernel()
            reply = k.wait_reply(msg_id, timeout=30)
            took = time.time() - t0
            k.wait_idle(msg_id)
            waits.append({"prompt": req["content"].get("prompt"), "status": reply["content"]["status"],
                          "ename": reply["content"].get("ename"), "s": took, "next": _value(k, "kept + 1")})
        r["interrupted"] = waits
        r["who"] = _summary(*k.run("who"))
    finally:
        _close(k)
    return r


def _ping(info, payload, timeout_ms=5000):
    import zmq

    sock = zmq.Context.instance().socket(zmq.REQ)
    sock.linger = 0
    sock.connect(f"tcp://{info['ip']}:{info['hb_port']}")
    t0 = time.time()
    sock.send(payload)
    echoed = sock.recv() if sock.poll(timeout_ms) else None
    took = time.time() - t0
    sock.close()
    return {"echoed": echoed.decode() if echoed else None, "s": took}


def scenario_control_and_heartbeat():
    """execute_request on control gets an error reply while a shell cell runs; heartbeat during a sync loop."""
    k = _start()
    r = {}
    try:
        k.run("let kept = 41;", timeout=120)
        shell_id = k.kc.execute("await new Promise((res) => setTimeout(res, 1500));\n'shell result'")
        while not _seen(k, shell_id, None):
            k._recv(5)
        msg = k.kc.session.msg("execute_request", {
            "code": "(globalThis as any).viaControl = 1;\n'control result'",
            "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True,
        })
        t0 = time.time()
        k.kc.control_channel.send(msg)
        control_reply = k.wait_reply(msg["header"]["msg_id"], timeout=10, channel="control")
        r["control_s"] = time.time() - t0
        r["control"] = control_reply["content"]
        r["control_type"] = control_reply["msg_type"]
        shell_reply = k.wait_reply(shell_id, timeout=30)
        k.wait_idle(shell_id)
        r["shell_status"] = shell_reply["content"]["status"]
        r["shell_result"] = _text([(m["msg_type"], m["content"]) for m in k.outputs_of(shell_id)])
        r["shell_results"] = sum(1 for m in k.outputs_of(shell_id) if m["msg_type"] == "execute_result")
        r["control_outputs"] = [m["msg_type"] for m in k.outputs_of(msg["header"]["msg_id"]) if m["msg_type"] != "status"]
        r["via_control"] = _value(k, "typeof (globalThis as any).viaControl")
        r["after"] = _value(k, "kept + 1")
        # Heartbeat while a synchronous loop holds the main thread.
        info = k.km.get_connection_info()
        loop_id = k.kc.execute("console.log('looping');\nwhile (true) {}")
        t0 = time.time()
        while not _seen(k, loop_id, "looping") and time.time() - t0 < 15:
            try:
                k._recv(0.02)
            except Exception:
                pass
        # What the cell printed before its synchronous loop arrives while the loop runs.
        r["printed_while_looping"] = _seen(k, loop_id, "looping")
        r["printed_s"] = time.time() - t0
        time.sleep(0.2)
        r["heartbeat"] = [_ping(info, f"ping-{i}".encode()) for i in range(5)]
        r["still_running"] = not any(
            m["msg_type"] == "status" and m["content"]["execution_state"] == "idle" for m in k.outputs_of(loop_id)
        )
        t0 = time.time()
        k.km.interrupt_kernel()
        r["loop"] = k.wait_reply(loop_id, timeout=30)["content"]["status"]
        r["loop_s"] = time.time() - t0
        k.wait_idle(loop_id)
        r["served"] = _value(k, "kept + 1")
    finally:
        _close(k)
    return r


def scenario_print_loop_and_shutdown():
    """Lines printed in quick succession before a synchronous loop all arrive while it runs; a
    shutdown_request stops a kernel that spins in a loop (the io thread interrupts the cell)."""
    k = _start()
    r = {}
    try:
        k.run("1")
        msg_id = k.kc.execute("for (let i = 0; i < 5; i++) console.log('line', i); while (true) {}")
        time.sleep(1.5)
        k.pull_iopub(0.3)
        r["streamed"] = "".join(
            m["content"].get("text", "") for m in k.outputs_of(msg_id) if m["msg_type"] == "stream"
        )
        t0 = time.time()
        k.km.shutdown_kernel(now=False)
        r["shutdown_s"] = time.time() - t0
        r["alive"] = k.km.is_alive()
    finally:
        _close(k)
    return r


_ORPHAN_CHILD = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from kernel_driver import Kernel
k = Kernel()
k.run("1")
k.kc.execute("while (true) {}")
time.sleep(0.5)
print(k.km.provisioner.process.pid, flush=True)
time.sleep(600)
"""


def scenario_orphaned():
    """The process that started a kernel is killed (SIGKILL: no shutdown_request) while a cell
    spins: the kernel notices (JPY_PARENT_PID) and exits by itself."""
    import subprocess
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    child = subprocess.Popen([sys.executable, "-c", _ORPHAN_CHILD, here], stdout=subprocess.PIPE, text=True)
    r = {}
    pid = None
    try:
        pid = int(child.stdout.readline())
        r["running_before"] = _pid_alive(pid)
        child.kill()
        child.wait()
        t0 = time.time()
        while _pid_alive(pid) and time.time() - t0 < 15:
            time.sleep(0.1)
        r["alive_after"] = _pid_alive(pid)
        r["exit_s"] = time.time() - t0
    finally:
        if child.poll() is None:
            child.kill()
        if pid and _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
    return r


def _pid_alive(pid):
    """Whether the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except OSError:
        return False
