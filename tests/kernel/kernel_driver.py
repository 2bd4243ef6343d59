"""Drives the real `dlab` kernel through jupyter_client (and raw pyzmq for attacks).

Usage: .venv/bin/python tests/kernel/kernel_driver.py <scenario>
Prints one JSON object on the last line of stdout; the vitest tests assert on it.
Scenarios live in the kernel_scenarios_*.py modules next to this file.
"""
import atexit
import json
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
os.environ["JUPYTER_PATH"] = os.path.join(ROOT, ".venv", "share", "jupyter")

from jupyter_client import KernelManager  # noqa: E402

BRIDGE = "(globalThis as any)[Symbol.for('dlab.kernel.bridge.v1')]"


def scratch_dir(prefix):
    """A temp folder removed when the driver exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


class Kernel:
    """A started dlab kernel, a blocking client, and every IOPub message seen so far."""

    def __init__(self, cwd=None, key=None, transport="tcp", ip=None):
        self.tmp = scratch_dir("dlab-kernel-test-")
        self.cwd = cwd or self.tmp
        kw = {"kernel_name": "dlab", "transport": transport}
        if ip:
            kw["ip"] = ip
        self.km = KernelManager(**kw)
        if key is not None:
            self.km.session.key = key
        self.stderr_path = os.path.join(self.tmp, "kernel-stderr.txt")
        self.stderr = open(self.stderr_path, "w")
        t0 = time.time()
        self.km.start_kernel(cwd=self.cwd, stderr=self.stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.start_s = time.time() - t0
        self.iopub = []  # every IOPub message received, in order
        self.by_parent = {}  # parent msg_id → its IOPub messages

    def _recv(self, timeout):
        m = self.kc.get_iopub_msg(timeout=timeout)
        self.iopub.append(m)
        self.by_parent.setdefault(m["parent_header"].get("msg_id"), []).append(m)
        return m

    def pull_iopub(self, timeout=0.2):
        """Read IOPub until it is quiet for `timeout` seconds."""
        while True:
            try:
                self._recv(timeout)
            except Exception:
                return

    def wait_reply(self, msg_id, timeout=30, channel="shell"):
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = get(timeout=max(0.05, deadline - time.time()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m
        raise TimeoutError(f"no reply to {msg_id}")

    def outputs_of(self, msg_id):
        return self.by_parent.get(msg_id, [])

    def wait_idle(self, msg_id, timeout=30):
        is_idle = lambda m: m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"  # noqa: E731
        if any(is_idle(m) for m in self.outputs_of(msg_id)):
            return
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self._recv(0.1)
            except Exception:
                continue
            if m["parent_header"].get("msg_id") == msg_id and is_idle(m):
                return
        raise TimeoutError(f"no idle for {msg_id}")

    def run(self, code, timeout=30, **kw):
        """Execute and wait for reply + idle; returns (reply content, [(msg_type, content)])."""
        msg_id = self.kc.execute(code, **kw)
        reply = self.wait_reply(msg_id, timeout)
        self.wait_idle(msg_id, timeout)
        return reply["content"], [(m["msg_type"], m["content"]) for m in self.outputs_of(msg_id)]

    def stdout_of(self, outs):
        return "".join(c["text"] for t, c in outs if t == "stream" and c["name"] == "stdout")

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        finally:
            self.stderr.close()

    def kernel_stderr(self):
        self.stderr.flush()
        with open(self.stderr_path) as f:
            return f.read()


def main():
    name = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import importlib

    for file in sorted(os.listdir(here)):
        if not (file.startswith("kernel_scenarios_") and file.endswith(".py")):
            continue
        fn = getattr(importlib.import_module(file[:-3]), "scenario_" + name, None)
        if fn:
            print(json.dumps(fn(), default=str))
            return
    raise SystemExit(f"unknown scenario {name!r}")


if __name__ == "__main__":
    main()
