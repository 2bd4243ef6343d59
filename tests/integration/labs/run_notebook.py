"""Execute a notebook headlessly through nbclient with the dlab kernel and print a JSON summary.

Usage: run_notebook.py NOTEBOOK --cwd DIR [--timeout SECONDS]

The kernel runs with its working directory at DIR (the repository's notebooks/ folder, so that
`import * as dl from "dlab"` resolves). Errors do not stop the run: every cell is executed and
reported, so a test can name each failing cell. The summary (stdout, one JSON object) holds, per
code cell: its index, tags, source (and its first line), seconds taken, and its outputs reduced to what the
tests look at (type, MIME keys, stream text, error name and value, the figure kind).
"""
import argparse
import json
import sys
import time

import nbformat
from nbclient import NotebookClient

FIGURE_MIME = "application/vnd.dlab.figure.v1+json"


def reduce_output(out):
    kind = out.get("output_type")
    item = {"type": kind}
    if kind == "stream":
        item["name"] = out.get("name")
        item["text"] = out.get("text", "")
    elif kind == "error":
        item["ename"] = out.get("ename", "")
        item["evalue"] = out.get("evalue", "")
    elif kind in ("display_data", "execute_result", "update_display_data"):
        data = out.get("data", {})
        item["mimes"] = sorted(data.keys())
        item["text"] = data.get("text/plain", "")
        fig = data.get(FIGURE_MIME)
        if isinstance(fig, str):  # a kernel may send JSON MIME data as a string
            fig = json.loads(fig)
        if isinstance(fig, dict):
            item["figureKind"] = fig.get("kind")
        item["bytes"] = len(json.dumps(out))
    return item


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--cwd", required=True)
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="dlab",
        timeout=args.timeout,
        allow_errors=True,
        resources={"metadata": {"path": args.cwd}},
    )
    cells = []
    started = time.time()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.time()
            client.execute_cell(cell, index)
            cells.append(
                {
                    "index": index,
                    "tags": list(cell.metadata.get("tags", [])),
                    "first": cell.source.split("\n")[0][:100],
                    "source": cell.source,
                    "seconds": round(time.time() - t0, 2),
                    "outputs": [reduce_output(o) for o in cell.outputs],
                }
            )
    json.dump({"seconds": round(time.time() - started, 2), "cells": cells}, sys.stdout)


if __name__ == "__main__":
    main()
