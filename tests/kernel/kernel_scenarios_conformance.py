"""Conformance scenarios for kernel_driver.py (see kernel-conformance.test.ts): history_request
answered as ipykernel answers it (ipykernel itself, from .venv, is the reference), and an error
reply, never silence, for requests the kernel cannot handle."""
import os

from jupyter_client import KernelManager

from kernel_driver import Kernel, scratch_dir

# Valid Python and valid TypeScript, with the same text/plain result in both.
CELLS = ["6 * 7", "'dl' + 'ab'", "6 * 7", "1 + 1", "6 * 7", "'[x]'", "2 * 3", "6 * 7", "3 + 4", "'dl' + 'ab'", "5 * 7", "6 * 7"]

# (name, history_request fields, compare what): "rows" compares whole rows; "lines" compares
# (line, input) only, as ipykernel numbers the current session 0 in range replies (1 elsewhere).
QUERIES = [
    ("tail_3", {"hist_access_type": "tail", "n": 3}, "rows"),
    ("tail_0", {"hist_access_type": "tail", "n": 0}, "rows"),
    ("tail_default", {"hist_access_type": "tail"}, "rows"),
    ("tail_more_than_all", {"hist_access_type": "tail", "n": 100}, "rows"),
    ("range_2_4", {"hist_access_type": "range", "session": 0, "start": 2, "stop": 4}, "lines"),
    ("range_2_4_output", {"hist_access_type": "range", "session": 0, "start": 2, "stop": 4, "output": True}, "lines"),
    ("range_last_2", {"hist_access_type": "range", "session": 0, "start": -2}, "lines"),
    ("range_stop_negative", {"hist_access_type": "range", "session": 0, "start": 1, "stop": -9}, "lines"),
    ("range_all", {"hist_access_type": "range", "session": 0, "start": 1}, "lines"),
    ("range_previous_session", {"hist_access_type": "range", "session": -1, "start": 1}, "lines"),
    ("search", {"hist_access_type": "search", "pattern": "6 ? 7"}, "rows"),
    ("search_unique", {"hist_access_type": "search", "pattern": "6 ? 7", "unique": True}, "rows"),
    ("search_n", {"hist_access_type": "search", "pattern": "6 ? 7", "n": 2}, "rows"),
    ("search_n_0", {"hist_access_type": "search", "pattern": "6*", "n": 0}, "rows"),
    ("search_all_unique_n", {"hist_access_type": "search", "pattern": "*", "unique": True, "n": 4}, "rows"),
    ("search_all_unique", {"hist_access_type": "search", "pattern": "*", "unique": True}, "rows"),
    # JupyterLab's inline completer escapes *, ? and [ as one-character sets.
    ("search_escaped", {"hist_access_type": "search", "pattern": "'[[]x]*", "unique": True, "n": 100}, "rows"),
    ("search_sets", {"hist_access_type": "search", "pattern": "[0-9] [*+] [^6]"}, "rows"),
    ("search_case", {"hist_access_type": "search", "pattern": "'DL'*"}, "rows"),
    ("search_unclosed_set", {"hist_access_type": "search", "pattern": "6 [*"}, "rows"),
]


def _history_rows(kc, fields):
    msg = kc.session.msg("history_request", {"output": False, "raw": True, **fields})
    kc.shell_channel.send(msg)
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply["content"]


def _run_all(kc, cells):
    for code in cells:
        kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)


def _answers(kc):
    out = {}
    for name, fields, how in QUERIES:
        content = _history_rows(kc, fields)
        rows = [list(r) for r in content.get("history", [])]
        if how == "lines":
            rows = [r[1:] for r in rows]
        out[name] = {"status": content["status"], "rows": [[*r[:-1], list(r[-1]) if isinstance(r[-1], (list, tuple)) else r[-1]] for r in rows]}
    return out


def scenario_history_vs_ipykernel():
    r = {}
    k = Kernel()
    try:
        _run_all(k.kc, CELLS)
        r["dlab"] = _answers(k.kc)
    finally:
        k.close()
    # The reference: ipykernel with a history database of its own (a fresh IPython directory).
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env={**os.environ, "IPYTHONDIR": scratch_dir("dlab-ipython-")})
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        _run_all(kc, CELLS)
        r["ipykernel"] = _answers(kc)
        r["ipython_version"] = kc.kernel_info(reply=True)["content"]["implementation_version"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return r


def _request(k, channel, msg_type, content):
    msg = k.kc.session.msg(msg_type, content)
    (k.kc.shell_channel if channel == "shell" else k.kc.control_channel).send(msg)
    reply = k.wait_reply(msg["header"]["msg_id"], timeout=15, channel=channel)
    return {"msg_type": reply["msg_type"], "content": reply["content"]}


def scenario_error_replies():
    k = Kernel()
    r = {}
    try:
        k.run("6 * 7")
        r["unknown_shell"] = _request(k, "shell", "frobnicate_request", {})
        r["unknown_not_request"] = _request(k, "shell", "frobnicate", {})
        r["unknown_control"] = _request(k, "control", "debug_request", {"command": "initialize"})
        bad = {
            "pattern_number": {"hist_access_type": "search", "pattern": 5},
            "n_string": {"hist_access_type": "tail", "n": "3"},
            "n_fraction": {"hist_access_type": "search", "pattern": "*", "n": 1.5},
            "n_negative": {"hist_access_type": "tail", "n": -1},
            "unique_string": {"hist_access_type": "search", "pattern": "*", "unique": "yes"},
            "session_null_ok": {"hist_access_type": "range", "session": None, "start": 1},
            "access_type_unknown": {"hist_access_type": "sideways"},
            "access_type_missing": {},
        }
        r["history"] = {name: _request(k, "shell", "history_request", {"output": False, "raw": True, **c}) for name, c in bad.items()}
        r["alive"] = k.kc.kernel_info(reply=True, timeout=15)["content"]["status"]
        r["kernel_log"] = k.kernel_stderr().splitlines()
    finally:
        k.close()
    return r
