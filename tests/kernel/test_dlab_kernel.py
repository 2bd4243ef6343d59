"""jupyter_kernel_test, run as is, against the dlab kernel (every applicable sample filled in).

Run: JUPYTER_PATH=.venv/share/jupyter .venv/bin/python -m unittest -v tests/kernel/test_dlab_kernel.py
"""
import unittest

import jupyter_kernel_test

BRIDGE = "(globalThis as any)[Symbol.for('dlab.kernel.bridge.v1')]"


class DlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "dlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('oops')"

    completion_samples = [
        {"text": "Math.ab", "matches": {"abs"}},
        {"text": "const zebraLength = 3;\nzebraL", "matches": {"zebraLength"}},
    ]

    complete_code_samples = ["1 + 1", "let a = 2;", "function f() { return 1; }", "for (let i = 0; i < 2; i++) {}"]
    incomplete_code_samples = ["function f() {", "if (true) {", "const xs = [1,", "1 +"]
    invalid_code_samples = ["const = 5;", "1 +* 2;", ")"]

    code_generate_error = "throw new Error('boom')"

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'dl' + 'ab'", "result": "'dlab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
    ]

    code_display_data = [
        {"code": BRIDGE + ".display({'text/plain': 'hi', 'text/html': '<b>hi</b>'})", "mime": "text/html"},
        {
            "code": BRIDGE + ".display({'application/vnd.dlab.figure.v1+json': {kind: 'scatter', series: []}, 'text/plain': 'fig'}, {displayId: 'f1'})",
            "mime": "application/vnd.dlab.figure.v1+json",
        },
    ]

    # Matches exactly one of the codes in code_execute_result; "[*]" is how JupyterLab's history
    # completer escapes a literal "*" in an SQLite GLOB pattern.
    code_history_pattern = "6 [*] 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = BRIDGE + ".clearOutput()"


if __name__ == "__main__":
    unittest.main()
