"""Wire-abuse scenarios for kernel_driver.py (see kernel-wire.test.ts): a stalled IOPub
subscriber, an oversize frame, the kernel's own messages reflected back, a deeply nested header,
and signed messages replayed after a restart. Attacks come from raw pyzmq peers; only the
scenarios that need a signed message (nested header, replay) use the key, as a buggy client or a
recording of a real client would have it."""
import datetime
import json
import os
import subprocess
import threading
import time

import zmq
from jupyter_client.session import Session

from kernel_driver import BRIDGE, Kernel, scratch_dir

MIB = 1 << 20


def rss_mb(k):
    """Resident memory of the kernel process in MB (ps reports KiB)."""
    pid = k.km.provisioner.process.pid
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True).stdout
    return round(int(out.strip()) / 1024, 1)


def _socket(k, kind, channel):
    info = k.km.get_connection_info()
    sock = zmq.Context.instance().socket(kind)
    sock.linger = 0
    sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")
    return sock


def _zmtp_send_frame(k, channel, socket_type, frame):
    """Connect with plain TCP, speak ZMTP 3.0 (NULL mechanism) as `socket_type`, send one frame.
    Plain TCP, not pyzmq: pyzmq's own XSUB would keep a huge subscription in a trie it cannot tear down."""
    import socket
    import struct

    info = k.km.get_connection_info()
    conn = socket.create_connection((info["ip"], info[channel + "_port"]))
    greeting = b"\xff" + bytes(8) + b"\x7f" + b"\x03\x00" + b"NULL" + bytes(16) + b"\x00" + bytes(31)
    name, value = b"Socket-Type", socket_type
    ready = b"\x05READY" + bytes([len(name)]) + name + struct.pack(">I", len(value)) + value
    try:
        conn.sendall(greeting + b"\x04" + bytes([len(ready)]) + ready)
        conn.sendall(b"\x02" + struct.pack(">Q", len(frame)))  # a long, final frame
        view = memoryview(frame)
        for at in range(0, len(frame), MIB):
            conn.sendall(view[at : at + MIB])
        return "sent"
    except OSError as err:  # the kernel hung up on us
        return type(err).__name__
    finally:
        conn.close()


def _result(outs):
    """The execute_result text of a run's outputs, else the error's ename, else None."""
    for t, c in outs:
        if t == "execute_result":
            return c["data"]["text/plain"]
        if t == "error":
            return c["ename"]
    return None


def _dropped_lines(k, reason):
    return [line for line in k.kernel_stderr().splitlines() if f"dropped a message ({reason})" in line]


def _settled_rss(k):
    """RSS once the kernel is idle: a tiny cell, then a short pause for zeromq's I/O thread."""
    k.run("0")
    time.sleep(1.0)
    return rss_mb(k)


def scenario_iopub_stall():
    """A subscriber that never reads while a cell publishes 30,000 messages of ~2.5 KB each, paced
    (100 every 20 ms) so that the reading client keeps up: it is the other peer that stalls."""
    k = Kernel()
    r = {"messages": 30_000}
    stalled = None
    try:
        k.run("1")
        stalled = _socket(k, zmq.SUB, "iopub")
        stalled.rcvhwm = 1
        stalled.setsockopt(zmq.SUBSCRIBE, b"")
        time.sleep(0.5)  # let the subscription reach the kernel
        r["rss_before_mb"] = _settled_rss(k)
        code = (
            "const pad = 'x'.repeat(2400);\n"
            f"for (let i = 0; i < {r['messages']}; i++) {{\n"
            f"  {BRIDGE}.display({{'text/plain': pad + i}});\n"
            "  if (i % 100 === 99) await new Promise((res) => setTimeout(res, 20));\n"
            "}\n"
            "'done'"
        )
        t0 = time.time()
        # The reading client reads IOPub while the cell runs (as jupyter_server does), then the reply.
        msg_id = k.kc.execute(code)
        k.wait_idle(msg_id, timeout=170)
        r["normal_client_s"] = round(time.time() - t0, 1)
        r["reply"] = k.wait_reply(msg_id)["content"]["status"]
        outs = [(m["msg_type"], m["content"]) for m in k.outputs_of(msg_id)]
        # The reading client got every message, in order, though another subscriber stalled.
        shown = [c["data"]["text/plain"] for t, c in outs if t == "display_data"]
        r["normal_client_received"] = len(shown)
        r["normal_client_in_order"] = shown == ["x" * 2400 + str(i) for i in range(r["messages"])]
        r["rss_during_stall_mb"] = _settled_rss(k)
        # What the stalled subscriber gets once it reads again: at most what the kernel kept for it.
        got = 0
        stalled.rcvhwm = 100_000
        while stalled.poll(1000):
            stalled.recv_multipart()
            got += 1
        r["stalled_received_later"] = got
        r["alive"] = _result(k.run("'alive'")[1])
    finally:
        if stalled is not None:
            stalled.close()
        k.close()
    return r


def scenario_oversize():
    """One unsigned 256 MiB frame on shell, and a 256 MiB subscription on IOPub (a PUB socket
    reads subscriptions and keeps them); then messages of real sizes still pass."""
    k = Kernel()
    r = {}
    sock = _socket(k, zmq.DEALER, "shell")
    try:
        k.run("1")
        r["rss_before_mb"] = _settled_rss(k)
        sock.send(bytes(256 * MIB))
        time.sleep(3.0)
        r["rss_after_shell_mb"] = _settled_rss(k)
        # A subscription: a first byte of 1, then the topic.
        r["iopub_send"] = _zmtp_send_frame(k, "iopub", b"XSUB", b"\x01" + bytes(256 * MIB))
        time.sleep(3.0)
        r["rss_after_iopub_mb"] = _settled_rss(k)
        # Control, stdin and heartbeat live on the kernel's io thread: the same limits hold there.
        r["control_send"] = _zmtp_send_frame(k, "control", b"DEALER", bytes(256 * MIB))
        r["stdin_send"] = _zmtp_send_frame(k, "stdin", b"DEALER", bytes(256 * MIB))
        r["hb_send"] = _zmtp_send_frame(k, "hb", b"REQ", bytes(256 * MIB))
        time.sleep(3.0)
        r["rss_after_io_thread_mb"] = _settled_rss(k)
        r["hb_alive"] = k.kc.hb_channel.is_beating()
        # A large comm message (20 MiB of data) from the real client still reaches the cell's handler.
        _, opened = k.run(
            "const c = " + BRIDGE + ".openComm('dlab.big', {});\n"
            "c.onMessage = (d: any) => { (globalThis as any).gotLength = d.s.length; };"
        )
        comm_id = next(c["comm_id"] for t, c in opened if t == "comm_open")
        k.kc.shell_channel.send(k.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"s": "y" * (20 * MIB)}}))
        time.sleep(1.0)
        r["comm_length"] = _result(k.run("(globalThis as any).gotLength")[1])
        # A pasted cell of 1 MiB still runs.
        r["big_cell"] = _result(k.run("'" + "z" * MIB + "'.length", timeout=120)[1])
        r["alive"] = _result(k.run("'alive'")[1])
    finally:
        sock.close()
        k.close()
    return r


def scenario_reflect():
    """A peer without the key forwards every IOPub message it sees into shell for 3 s."""
    k = Kernel()
    r = {}
    sub = _socket(k, zmq.SUB, "iopub")
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    shell = _socket(k, zmq.DEALER, "shell")
    stop = threading.Event()
    bounced = [0]

    def bounce():
        while not stop.is_set():
            if sub.poll(50):
                frames = sub.recv_multipart()
                at = frames.index(b"<IDS|MSG>")
                shell.send_multipart(frames[at:])
                bounced[0] += 1

    t = threading.Thread(target=bounce, daemon=True)
    try:
        k.run("1")
        time.sleep(0.5)
        t.start()
        k.run("'trigger'")
        time.sleep(3.0)
        stop.set()
        t.join()
        k.pull_iopub(timeout=0.5)
        r["bounced"] = bounced[0]
        # IOPub messages whose parent is an IOPub message: the kernel answered its own output.
        r["answers_to_own_output"] = sum(
            1 for m in k.iopub if m["parent_header"].get("msg_type") in ("status", "execute_input", "execute_result")
        )
        r["dropped_own"] = len(_dropped_lines(k, "own-message"))
        r["alive"] = _result(k.run("'alive'")[1])
    finally:
        stop.set()
        sub.close()
        shell.close()
        k.close()
    return r


def _nested(depth):
    return "[" * depth + "]" * depth


def scenario_deep_header():
    """Signed requests with a deeply nested header / parent_header queued behind a running cell:
    the requests queued after them are still answered."""
    k = Kernel()
    session = Session(key=k.km.session.key)
    sock = _socket(k, zmq.DEALER, "shell")
    r = {}
    try:
        k.run("1")
        busy = k.kc.execute("await new Promise((res) => setTimeout(res, 1000)); 'slow'")
        time.sleep(0.3)
        sent = []
        for where in ("header", "parent_header"):
            frames = session.serialize(session.msg("kernel_info_request", {}))
            at = 2 if where == "header" else 3
            obj = json.loads(frames[at])
            obj["x"] = "NESTED"
            frames[at] = json.dumps(obj).replace('"NESTED"', _nested(100_000)).encode()
            frames[1] = session.sign(frames[2:6])
            sock.send_multipart(frames)
            follow = session.msg("kernel_info_request", {})
            sock.send_multipart(session.serialize(follow))
            sent.append((where, follow["header"]["msg_id"]))
        k.wait_reply(busy)
        answered = set()
        deadline = time.time() + 10
        while time.time() < deadline and len(answered) < len(sent):
            if sock.poll(100):
                f = sock.recv_multipart()
                answered.add(json.loads(f[3]).get("msg_id"))
        r["followers_answered"] = {where: mid in answered for where, mid in sent}
        r["dropped_deep"] = len(_dropped_lines(k, "too-deep"))
        r["alive"] = _result(k.run("'alive'")[1])
    finally:
        sock.close()
        k.close()
    return r


def _touch(path):
    return f"require('fs').appendFileSync({path!r}, 'x')"


def _signed_execute(session, code, date=None):
    msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
    if date is not None:
        msg["header"]["date"] = date
    return session.serialize(msg)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def _send_and_wait(k, sock, frames, wait=1.5):
    sock.send_multipart(frames)
    sentinel = k.run("'sentinel'")  # the shell queue is in order: the message ran (or not) before this
    time.sleep(wait - 1.0 if wait > 1.0 else 0)
    return sentinel


def scenario_stale_replay():
    """Signed messages dated before the kernel started are refused (beyond the allowed clock skew),
    so a recording from before a restart with the same key cannot be replayed afterwards."""
    marks = scratch_dir("dlab-replay-")
    r = {}
    now = lambda: datetime.datetime.now(datetime.timezone.utc)  # noqa: E731
    # Default skew (300 s): dates relative to a fresh kernel.
    k = Kernel()
    session = Session(key=k.km.session.key)
    sock = _socket(k, zmq.DEALER, "shell")
    try:
        k.run("1")
        for name, offset in [("ten_minutes_old", -600), ("one_minute_old", -60), ("an_hour_ahead", 3600)]:
            date = (now() + datetime.timedelta(seconds=offset)).isoformat()
            _send_and_wait(k, sock, _signed_execute(session, _touch(os.path.join(marks, name)), date))
        r["dated"] = {name: _read(os.path.join(marks, name)) for name in ["ten_minutes_old", "one_minute_old", "an_hour_ahead"]}
        r["dropped_stale"] = len(_dropped_lines(k, "stale"))
    finally:
        sock.close()
        k.close()
    # A real restart with the same key, the skew set to 2 s through the kernel's environment.
    os.environ["DLAB_KERNEL_CLOCK_SKEW_S"] = "2"
    k = Kernel()
    session = Session(key=k.km.session.key)
    sock = _socket(k, zmq.DEALER, "shell")
    try:
        recorded = _signed_execute(session, _touch(os.path.join(marks, "recorded")))
        _send_and_wait(k, sock, recorded)
        r["before_restart"] = _read(os.path.join(marks, "recorded"))
        time.sleep(3.0)  # the recording is now older than the 2 s skew before the next start
        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        sock.close()
        sock = _socket(k, zmq.DEALER, "shell")
        time.sleep(0.3)
        _send_and_wait(k, sock, recorded)
        r["after_restart"] = _read(os.path.join(marks, "recorded"))
        r["fresh_after_restart"] = _result(k.run("'fresh'")[1])
    finally:
        del os.environ["DLAB_KERNEL_CLOCK_SKEW_S"]
        sock.close()
        k.close()
    return r
