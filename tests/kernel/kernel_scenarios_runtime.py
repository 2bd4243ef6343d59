"""Runtime scenarios for kernel_driver.py: interrupt, output bursts, stray errors, shutdown, restart."""
import time

from kernel_driver import BRIDGE, Kernel


def _printed(k, msg_id, marker):
    return any(
        m["msg_type"] == "stream" and marker in m["content"].get("text", "") for m in k.outputs_of(msg_id)
    )


def _interrupt_after_busy(k, code, delay=0.3, how="signal", marker=None):
    """Start `code`, interrupt it once it runs, return (reply content, seconds from interrupt to reply).

    With `marker`, "runs" means the cell has printed it: the interrupt then reaches the cell's code,
    as a person's does (they press stop on a cell they see running), not the compiler before it.
    """
    msg_id = k.kc.execute(code)
    deadline = time.time() + 30
    started = (lambda: _printed(k, msg_id, marker)) if marker else (
        lambda: any(m["msg_type"] == "execute_input" for m in k.outputs_of(msg_id))
    )
    while not started() and time.time() < deadline:
        k.pull_iopub(timeout=0.05)
    time.sleep(delay)
    t0 = time.time()
    if how == "signal":
        k.km.interrupt_kernel()
    else:
        msg = k.kc.session.msg("interrupt_request", {})
        k.kc.control_channel.send(msg)
    reply = k.wait_reply(msg_id, timeout=10)
    took = time.time() - t0
    k.wait_idle(msg_id)
    # Everything IOPub delivers after this index was produced after the interrupted cell's idle.
    k.mark = len(k.iopub)
    return reply["content"], took


def scenario_interrupt():
    k = Kernel()
    r = {"sync": []}
    try:
        k.run("let kept = 41;")
        for _ in range(20):
            content, took = _interrupt_after_busy(
                k, "console.log('looping'); while (true) {}", delay=0.05, marker="looping"
            )
            r["sync"].append({"status": content["status"], "ename": content.get("ename"), "s": took})
        r["kept_after"] = k.run("kept + 1")[1]
        # An async loop that checks the bridge's signal between steps, plus stray work that does not.
        loop = (
            "const sig = " + BRIDGE + ".currentSignal();\n"
            "(globalThis as any).ticks = 0;\n"
            "(globalThis as any).stray = setInterval(() => console.log('LATE-stray'), 30);\n"
            "for (let i = 0; i < 100000; i++) {\n"
            "  await new Promise((res) => setTimeout(res, 20));\n"
            "  if (sig.aborted) break; // checked between steps, as dl.train does between batches\n"
            "  (globalThis as any).ticks++;\n"
            "  console.log('LATE-tick ' + i);\n"
            "}"
        )
        content, took = _interrupt_after_busy(k, loop, delay=0.5)
        r["async"] = {"status": content["status"], "ename": content.get("ename"), "s": took}
        mark = k.mark
        t1 = k.run("(globalThis as any).ticks")[1]
        k.run("await new Promise((res) => setTimeout(res, 400))")
        t2 = k.run("(globalThis as any).ticks")[1]
        r["ticks_after"] = [t1, t2]
        later_id = k.kc.execute("await new Promise((res) => setTimeout(res, 300)); 'later'")
        k.wait_reply(later_id)
        k.wait_idle(later_id)
        k.run("clearInterval((globalThis as any).stray)")
        k.pull_iopub()
        r["late_output_after_interrupt"] = [
            m["content"]["text"] for m in k.iopub[mark:]
            if m["msg_type"] == "stream" and "LATE" in m["content"]["text"]
        ]
        r["late_output_before_interrupt"] = sum(
            1 for m in k.iopub[:mark] if m["msg_type"] == "stream" and "LATE" in m["content"]["text"]
        )
        # A loop a finished cell left running in the background stops on an interrupt while idle.
        k.run(
            "(globalThis as any).bg = 0;\n"
            "const bgSig = " + BRIDGE + ".currentSignal();\n"
            "(async () => { for (;;) { await new Promise((res) => setTimeout(res, 20)); if (bgSig.aborted) break; (globalThis as any).bg++; } })();"
        )
        time.sleep(0.3)
        k.km.interrupt_kernel()
        time.sleep(0.2)
        b1 = k.run("(globalThis as any).bg")[1]
        time.sleep(0.4)
        r["background_after_idle_interrupt"] = [b1, k.run("(globalThis as any).bg")[1]]
        content, took = _interrupt_after_busy(k, "await new Promise(() => {})", delay=0.3, how="control")
        r["control_interrupt"] = {"status": content["status"], "ename": content.get("ename"), "s": took}
        r["alive"] = k.run("kept")[1]
    finally:
        k.close()
    return r


def scenario_burst():
    k = Kernel()
    r = {}
    try:
        code = (
            "const b = " + BRIDGE + ";\n"
            "for (let d = 0; d < 10; d++) b.display({'text/plain': 'start'}, {displayId: 'burst' + d});\n"
            "for (let i = 0; i < 5000; i++) b.update('burst' + (i % 10), {'text/plain': 'v' + i});\n"
            "'done'"
        )
        # One loop of 5,000 updates, then two quick requests queued behind it.
        ids = [k.kc.execute(code), k.kc.execute("1"), k.kc.execute("2")]
        replies = [k.wait_reply(i, timeout=120)["content"] for i in ids]
        for i in ids:
            k.wait_idle(i, timeout=120)
        k.pull_iopub(timeout=0.5)
        r["replies"] = [x["status"] for x in replies]
        r["per_request"] = []
        for i in ids:
            outs = k.outputs_of(i)
            states = [m["content"]["execution_state"] for m in outs if m["msg_type"] == "status"]
            final = {}
            for m in outs:
                if m["msg_type"] == "update_display_data":
                    final[m["content"]["transient"]["display_id"]] = m["content"]["data"]["text/plain"]
            r["per_request"].append({
                "status_order_ok": states == ["busy", "idle"],
                "states": states,
                "updates": sum(1 for m in outs if m["msg_type"] == "update_display_data"),
                "final": final,
                "errors": [m["content"] for m in outs if m["msg_type"] in ("error",) or (m["msg_type"] == "stream" and m["content"]["name"] == "stderr")],
            })
        r["kernel_stderr"] = k.kernel_stderr()
    finally:
        k.close()
    return r


def scenario_stray():
    k = Kernel()
    r = {}
    try:
        r["schedule"] = k.run(
            "setTimeout(() => { throw new Error('late boom') }, 300);\n"
            "setTimeout(() => { Promise.reject(new Error('stray rejection')) }, 350);\n"
            "'scheduled'"
        )[0]["status"]
        # The errors happen while this next cell runs: they belong on its stderr.
        r["next"] = k.run("await new Promise((res) => setTimeout(res, 1000)); 1 + 1")[1]
        r["stderr"] = [c["text"] for t, c in r["next"] if t == "stream" and c["name"] == "stderr"]
        r["alive"] = k.km.is_alive()
        r["after"] = k.run("'still here'")[1]
    finally:
        k.close()
    return r


def scenario_lifecycle():
    k = Kernel()
    r = {"start_s": k.start_s}
    try:
        k.run("let v = 1;")
        t0 = time.time()
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        r["restart_s"] = time.time() - t0
        r["after_restart"] = k.run("typeof v")[1]
        r["works"] = k.run("2 + 3")[1]
        t0 = time.time()
        k.kc.shutdown()
        while k.km.is_alive() and time.time() - t0 < 10:
            time.sleep(0.05)
        r["shutdown_s"] = time.time() - t0
        r["alive_after_shutdown"] = k.km.is_alive()
    finally:
        k.kc.stop_channels()
        if k.km.is_alive():
            k.km.shutdown_kernel(now=True)
    return r


def scenario_dlab_train_interrupt():
    """Contract 5 end to end: interrupt `await dl.train(...)` from a notebook folder."""
    import os

    from kernel_driver import ROOT

    k = Kernel(cwd=os.path.join(ROOT, "notebooks"))
    r = {}
    try:
        r["setup"] = k.run(
            'import * as dl from "dlab";\n'
            "const data = dl.data.moons({ seed: 0 });\n"
            "const model = dl.mlp({ inputs: 2, layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });\n"
            "let batches = 0;",
            timeout=120,
        )[0]
        content, took = _interrupt_after_busy(
            k, "await dl.train(model, data, { epochs: 100000, batchSize: 4, onBatch: () => { batches++; } });", delay=3.0
        )
        mark = k.mark
        r["interrupt"] = {"status": content["status"], "ename": content.get("ename"), "s": took}
        train_id = k.iopub[mark - 1]["parent_header"]["msg_id"]
        time.sleep(0.5)  # a batch already in flight may still finish; none may start after
        b1 = k.run("batches")[1]
        k.run("await new Promise((res) => setTimeout(res, 600))")
        r["batches"] = [b1, k.run("batches")[1]]
        k.pull_iopub()
        r["updates_before"] = sum(1 for m in k.outputs_of(train_id) if m["msg_type"] in ("display_data", "update_display_data"))
        r["train_output_after"] = [m["msg_type"] for m in k.iopub[mark:] if m["parent_header"].get("msg_id") == train_id]
    finally:
        k.close()
    return r


def scenario_dlab_plot_result():
    """A dl.plot handle returned by the cell that showed it is not printed again; later it prints its line."""
    import os

    from kernel_driver import ROOT

    k = Kernel(cwd=os.path.join(ROOT, "notebooks"))
    r = {}
    try:
        r["setup"] = k.run('import * as dl from "dlab";', timeout=120)[0]
        kinds = lambda outs: [t for t, _ in outs]
        r["shown"] = kinds(k.run('dl.plot.scatter({ x: [1, 2], y: [3, 4] });')[1])
        r["shown_async"] = kinds(k.run('await dl.plot.decisionBoundary((a, b) => a > b ? 1 : 0, { x: [[0, 1], [1, 0]], y: [0, 1] });')[1])
        r["kept"] = k.run('const f = dl.plot.scatter({ x: [1], y: [2] }); 0')[1]
        r["later"] = k.run("f")[1]
    finally:
        k.close()
    return r
