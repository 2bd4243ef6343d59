"""Wire-security scenarios for kernel_driver.py: forged, unsigned, tampered, replayed and
signature-fishing messages sent with raw pyzmq; empty key; ipc transport."""
import hashlib
import hmac
import json
import os
import time

import zmq
from jupyter_client.session import Session

from kernel_driver import Kernel, scratch_dir


def _execute_msg(session, code):
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": False}
    return session.serialize(session.msg("execute_request", content))


def _touch(path):
    return f"require('fs').appendFileSync({path!r}, 'x')"


def _dealer(k):
    info = k.km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
    return sock


def _collect(sock, seconds, until_parent=None, cap=90.0):
    """Replies on `sock`: for `seconds`, or until the reply to `until_parent` plus `seconds`."""
    got, start = [], time.time()
    deadline = start + (cap if until_parent else seconds)
    while time.time() < deadline:
        if sock.poll(100):
            got.append(sock.recv_multipart())
            if until_parent and json.loads(got[-1][3]).get("msg_id") == until_parent:
                deadline = time.time() + seconds
    return got


def scenario_security():
    k = Kernel()
    key = k.km.session.key
    marks = scratch_dir("dlab-attack-")
    good, bad = Session(key=key), Session(key=b"not-the-key-" + os.urandom(8).hex().encode())
    r = {"key_length": len(key)}
    sock = _dealer(k)
    try:
        # A long cell runs while the attacks arrive: anything the kernel printed would reach IOPub.
        busy_id = k.kc.execute("await new Promise((res) => setTimeout(res, 1500)); 'cover'")
        time.sleep(0.3)
        attacks = {}
        attacks["forged"] = _execute_msg(bad, _touch(os.path.join(marks, "forged")))
        unsigned = _execute_msg(good, _touch(os.path.join(marks, "unsigned")))
        unsigned[1] = b""
        attacks["unsigned"] = unsigned
        tampered = _execute_msg(good, "1")
        tampered[5] = json.dumps({"code": _touch(os.path.join(marks, "tampered")), "silent": False}).encode()
        attacks["tampered"] = tampered
        short = _execute_msg(good, _touch(os.path.join(marks, "short")))
        short[1] = short[1][:10]
        attacks["short_signature"] = short
        upper = _execute_msg(good, _touch(os.path.join(marks, "upper")))
        upper[1] = upper[1].upper() if upper[1] != upper[1].upper() else upper[1][:-1] + b"0"
        attacks["altered_signature"] = upper
        for frames in attacks.values():
            sock.send_multipart(frames)
        # Replay: the exact same signed frames twice.
        replay = _execute_msg(good, _touch(os.path.join(marks, "replay")))
        sock.send_multipart(replay)
        time.sleep(0.2)
        sock.send_multipart(replay)
        sentinel = _execute_msg(good, "'sentinel'")
        sock.send_multipart(sentinel)
        replies = _collect(sock, 1.0, until_parent=json.loads(sentinel[2])["msg_id"])
        k.wait_reply(busy_id)
        k.wait_idle(busy_id)
        k.pull_iopub(timeout=0.5)
        r["files"] = {name: _read(os.path.join(marks, name)) for name in [*attacks, "replay"]}
        r["reply_parents"] = [json.loads(f[3]).get("msg_id") for f in replies]
        r["replay_msg_id"] = json.loads(replay[2])["msg_id"]
        r["sentinel_msg_id"] = json.loads(sentinel[2])["msg_id"]
        # Signature fishing: the valid signature of every rejected message, and the key itself.
        secrets = [key.decode()]
        for frames in attacks.values():
            secrets.append(hmac.new(key, b"".join(frames[2:6]), hashlib.sha256).hexdigest())
            if frames[1]:
                secrets.append(frames[1].decode(errors="replace"))
        seen_text = json.dumps([m for m in k.iopub], default=str)
        seen_text += "".join(repr(f) for msg in replies for f in msg)
        seen_text += k.kernel_stderr()
        r["leaks"] = [s[:8] + "…" for s in secrets if s and s in seen_text]
        r["kernel_stderr_lines"] = k.kernel_stderr().splitlines()
        r["alive"] = k.run("'alive'")[1]
    finally:
        sock.close()
        k.close()
    return r


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def scenario_empty_key():
    k = Kernel(key=b"")
    r = {}
    sock = _dealer(k)
    try:
        with open(k.km.connection_file) as f:
            r["file_key"] = json.load(f)["key"]
        r["run"] = k.run("6 * 7")[1]
        s = Session(key=b"")
        frames = _execute_msg(s, "1 + 1")
        sock.send_multipart(frames)
        got = _collect(sock, 0.5, until_parent=json.loads(frames[2])["msg_id"])
        r["raw_signatures"] = [m[1].decode() for m in got]
    finally:
        sock.close()
        k.close()
    return r


def scenario_ipc():
    tmp = scratch_dir("dlab-ipc-")
    k = Kernel(transport="ipc", ip=os.path.join(tmp, "kernel-ipc"))
    try:
        info = k.km.get_connection_info()
        return {
            "transport": info["transport"],
            "sockets": sorted(f for f in os.listdir(tmp)),
            "run": k.run("6 * 7")[1],
            "stream": k.run("console.log('over ipc')")[1],
        }
    finally:
        k.close()
