"""Authenticated /dlab/* handlers for the lab toolbar.

Safety: every request names a notebook by its path relative to the server's root (as the contents
API does); it is resolved with realpath and must stay inside the root and end in .ipynb. Reset only
touches files tracked under a git checkout's notebooks/ folder, and restores exactly
`git show HEAD:notebooks/<name>`. Commands run without a shell, with fixed arguments.
"""

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import tornado
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

HANDOUT_TIMEOUT_S = 600


def resolve_notebook(root_dir, path):
    """The absolute notebook path for a contents path, or raise 400/404."""
    if not isinstance(path, str) or not path.endswith(".ipynb") or "\0" in path:
        raise tornado.web.HTTPError(400, "path: expected a notebook path ending in .ipynb")
    root = Path(os.path.realpath(root_dir))
    full = Path(os.path.realpath(root / path.lstrip("/")))
    if root not in full.parents:
        raise tornado.web.HTTPError(400, "path: must be inside the server's root folder")
    if not full.is_file():
        raise tornado.web.HTTPError(404, f"no notebook at {path}")
    return full


def shipped_name(full):
    """(git top level, "notebooks/<name>") when the notebook is a lab in a git checkout, else None."""
    try:
        top = subprocess.run(
            ["git", "-C", str(full.parent), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if top.returncode != 0:
        return None
    toplevel = Path(os.path.realpath(top.stdout.strip()))
    rel = full.relative_to(toplevel) if toplevel in full.parents else None
    if rel is None or rel.parts[0] != "notebooks" or ".." in rel.parts:
        return None
    return toplevel, rel.as_posix()


def shipped_content(toplevel, rel):
    """The committed bytes of notebooks/<name> at HEAD, or None if it is not committed."""
    res = subprocess.run(
        ["git", "-C", str(toplevel), "show", f"HEAD:{rel}"],
        capture_output=True, timeout=30, check=False,
    )
    return res.stdout if res.returncode == 0 else None


def handout_cli():
    """(node, bin/dlab.js) of this checkout's `dlab` command if it is built, else None.

    The committed bin that `npx dlab` runs, so the handler runs the very same command; it loads
    the compiled command from src/dist/cli/, hence the check that the build is there.
    """
    repo = Path(sys.prefix).resolve().parent  # .venv lives in the repository root
    cli = repo / "src" / "bin" / "dlab.js"
    built = repo / "src" / "dist" / "cli" / "index.js"
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "dlab" / "kernel.json"
    node = None
    try:
        node = json.loads(spec.read_text())["argv"][0]
    except (OSError, ValueError, KeyError, IndexError):
        pass
    if not node or not Path(node).exists():
        from shutil import which

        node = which("node")
    return (node, cli) if node and cli.is_file() and built.is_file() else None


class LabHandler(APIHandler):
    """GET /dlab/lab?path=…: which toolbar actions apply to this notebook."""

    @tornado.web.authenticated
    def get(self):
        full = resolve_notebook(self.settings["dlab_root"], self.get_argument("path", ""))
        shipped = shipped_name(full)
        self.finish(json.dumps({
            "lab": shipped is not None,
            "shipped": shipped is not None and shipped_content(*shipped) is not None,
            "handout": handout_cli() is not None,
        }))


class ResetHandler(APIHandler):
    """POST /dlab/reset {path}: overwrite the notebook with its committed version."""

    @tornado.web.authenticated
    def post(self):
        body = self.get_json_body() or {}
        full = resolve_notebook(self.settings["dlab_root"], body.get("path"))
        shipped = shipped_name(full)
        content = shipped_content(*shipped) if shipped else None
        if content is None:
            raise tornado.web.HTTPError(409, "this notebook is not a lab committed under notebooks/")
        json.loads(content)  # refuse to write anything that is not a notebook
        full.write_bytes(content)
        self.finish(json.dumps({"reset": shipped[1]}))


class HandoutHandler(APIHandler):
    """POST /dlab/handout {path, version}: run `dlab handout` into <notebook folder>/handouts."""

    @tornado.web.authenticated
    async def post(self):
        body = self.get_json_body() or {}
        root = self.settings["dlab_root"]
        full = resolve_notebook(root, body.get("path"))
        version = body.get("version", "student")
        if version not in ("student", "instructor"):
            raise tornado.web.HTTPError(400, 'version: expected "student" or "instructor"')
        cli = handout_cli()
        if cli is None:
            raise tornado.web.HTTPError(501, "the dlab CLI is not built: run `npm install`")
        out = full.parent / "handouts"
        proc = await asyncio.create_subprocess_exec(
            cli[0], str(cli[1]), "handout", str(full), "--version", version, "--to", "html,pdf", "--out", str(out),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=str(full.parent),
        )
        try:
            log, _ = await asyncio.wait_for(proc.communicate(), HANDOUT_TIMEOUT_S)
        except asyncio.TimeoutError:
            proc.kill()
            raise tornado.web.HTTPError(504, f"the handout export took longer than {HANDOUT_TIMEOUT_S} s")
        text = log.decode("utf8", "replace")[-4000:]
        if proc.returncode != 0:
            self.set_status(500)
            self.finish(json.dumps({"message": "the handout export failed", "log": text}))
            return
        real_root = Path(os.path.realpath(root))
        files = sorted(p.relative_to(real_root).as_posix() for p in out.glob(f"{full.stem}-{version}.*"))
        self.finish(json.dumps({"files": files, "log": text}))


def setup_handlers(web_app, root_dir):
    """Adds the /dlab/* routes under the server's base URL."""
    web_app.settings["dlab_root"] = root_dir
    base = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [
        (url_path_join(base, "dlab", "lab"), LabHandler),
        (url_path_join(base, "dlab", "reset"), ResetHandler),
        (url_path_join(base, "dlab", "handout"), HandoutHandler),
    ])
