"""Protocol conformance scenarios for kernel_driver.py (see the vitest test kernel-protocol.test.ts)."""
import os
import time

from kernel_driver import BRIDGE, ROOT, Kernel, scratch_dir


def _statuses_of_burst(k, codes, stop_on_error):
    ids = [k.kc.execute(c, stop_on_error=stop_on_error) for c in codes]
    return [k.wait_reply(i)["content"]["status"] for i in ids]


def scenario_protocol():
    k = Kernel(cwd=os.path.join(ROOT, "notebooks"))
    r = {}
    try:
        r["kernel_info"] = k.kc.kernel_info(reply=True)["content"]
        c1, o1 = k.run("1")
        c2, o2 = k.run("2", store_history=False)
        c3, _ = k.run("3")
        r["counts"] = [c1["execution_count"], c2["execution_count"], c3["execution_count"]]
        r["execute_input"] = [c for t, c in o1 if t == "execute_input"]
        r["result_no_history"] = [c for t, c in o2 if t == "execute_result"]
        r["value"] = k.run("6 * 7")
        r["ts_error"] = k.run("const a = 1;\nconst b: number = 'x';")
        r["runtime_error"] = k.run("JSON.parse('{')")
        r["no_stop"] = _statuses_of_burst(k, ["throw new Error('a')", "1", "2"], False)
        r["stop"] = _statuses_of_burst(k, ["throw new Error('b')", "1", "2"], True)
        r["after_stop"] = k.run("5")[0]["status"]
        r["stream"] = k.run("console.log('out'); console.error('err')")[1]
        r["display"] = k.run(
            BRIDGE + ".display({'text/plain': 'v1'}, {displayId: 'dd'});\n"
            + BRIDGE + ".update('dd', {'text/plain': 'v2', 'application/json': {a: 1}});\n"
            + BRIDGE + ".clearOutput(true)"
        )[1]
        r["signals"] = k.run(
            "globalThis.s1 = " + BRIDGE + ".currentSignal(); [globalThis.s1.aborted, typeof globalThis.s1.addEventListener]"
        )[0]
        r["signal_fresh"] = k.run("globalThis.s1 === " + BRIDGE + ".currentSignal()")[1]
        r["history"] = k.kc.history(hist_access_type="tail", n=2, output=False, raw=True, reply=True)["content"]
        r["complete_math"] = k.kc.complete("Math.ab", reply=True)["content"]
        r["complete_unicode"] = k.kc.complete("const 😀 = 1; Math.ab", reply=True)["content"]
        r["inspect"] = k.kc.inspect("Math.max", 6, reply=True)["content"]
        r["is_complete"] = [k.wait_reply(k.kc.is_complete(c))["content"] for c in ["1+1", "if (x) {", "1 +* 2"]]
        r.update(_probe_host_context(k))
        r.update(_comms(k))
        r.update(_dlab_import(k))
        r["heartbeat"] = _heartbeat(k)
        r["tslab_display"] = k.run('import * as tslab from "tslab";\nconst td = tslab.newDisplay(); td.text("a"); td.text("b");')[1]
    finally:
        k.close()
    return r


def _probe_host_context(k):
    probe = os.path.join(scratch_dir("dlab-probe-"), "probe.js")
    with open(probe, "w") as f:
        f.write('module.exports = () => typeof globalThis[Symbol.for("dlab.kernel.bridge.v1")].display;\n')
    return {
        "host_module_sees_bridge": k.run(f"require({probe!r})()")[1],
        "cell_sees_bridge": k.run("typeof " + BRIDGE + ".openComm")[1],
    }


def _comms(k):
    out = {}
    _, opened = k.run(
        "const c = " + BRIDGE + ".openComm('dlab.test', {hello: 1});\n"
        "c.onMessage = (d) => console.log('got ' + JSON.stringify(d));\n"
        "(globalThis as any).testComm = c;"
    )
    out["comm_open"] = [c for t, c in opened if t == "comm_open"]
    comm_id = out["comm_open"][0]["comm_id"] if out["comm_open"] else "missing"
    out["comm_info"] = k.kc.comm_info(reply=True)["content"] if hasattr(k.kc, "comm_info") else None
    if out["comm_info"] is None:
        msg = k.kc.session.msg("comm_info_request", {"target_name": "dlab.test"})
        k.kc.shell_channel.send(msg)
        out["comm_info"] = k.wait_reply(msg["header"]["msg_id"])["content"]
    # frontend → kernel comm_msg; the handler prints under the comm's cell
    k.kc.shell_channel.send(k.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"x": 1}}))
    # frontend opens a comm to a target nobody registered: the kernel closes it
    k.kc.shell_channel.send(k.kc.session.msg("comm_open", {"comm_id": "front-1", "target_name": "nobody", "data": {}}))
    time.sleep(0.5)
    _, sent = k.run("(globalThis as any).testComm.send({y: 2}); (globalThis as any).testComm.close()")
    k.pull_iopub()
    out["comm_sent"] = [(t, c) for t, c in sent if t.startswith("comm_")]
    out["comm_all"] = [(m["msg_type"], m["content"]) for m in k.iopub if m["msg_type"].startswith("comm_") or (m["msg_type"] == "stream" and "got" in m["content"]["text"])]
    return out


def _dlab_import(k):
    t0 = time.time()
    imp = k.run('import * as dl from "dlab"')
    import_s = time.time() - t0
    return {
        "dlab_import": imp[0],
        "dlab_import_s": import_s,
        "dlab_complete": k.kc.complete("dl.", reply=True)["content"],
        "dlab_type_error": k.run("\nconst n: number = dl.FIGURE_MIME;")[0],
        "dlab_value": k.run("dl.FIGURE_MIME")[1],
    }


def _heartbeat(k):
    import zmq

    info = k.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.REQ)
    sock.linger = 0
    sock.connect(f"tcp://{info['ip']}:{info['hb_port']}")
    sock.send(b"ping-dlab")
    echoed = sock.recv() if sock.poll(5000) else None
    sock.close()
    return echoed.decode() if echoed else None
