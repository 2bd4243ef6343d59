"""Authenticated, authorized /dlab/* handlers for the lab toolbar.

Safety: every handler is authorized by jupyter_server's authorizer on the resource "dlab" (GET
reads, POST writes), so a deployment can grant or refuse the toolbar as it does any other API.
Every request names a notebook by its path relative to the server's root (as the contents API
does); it is resolved with realpath and must stay inside the root and end in .ipynb. Reset only
touches files tracked under a git checkout's notebooks/ folder, and restores exactly
`git show HEAD:notebooks/<name>`. The handout export never runs the notebook (no --execute: a
downloaded notebook's code must not run because someone exported it). Commands run without a
shell, with fixed arguments, as asyncio subprocesses, so the server keeps serving meanwhile.
"""

import asyncio
import json
import os
import sys
from pathlib import Path

import tornado
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

HANDOUT_TIMEOUT_S = 600
GIT_TIMEOUT_S = 30
AUTH_RESOURCE = "dlab"
HANDOUT_FIELDS = {"path", "version"}


async def run(args, timeout, cwd=None):
    """(exit code, stdout bytes, stderr bytes) of a command run without a shell; the server is not
    blocked while it runs. A command past its timeout is killed and reads as exit code None."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=cwd,
        )
    except OSError as err:
        return None, b"", str(err).encode()
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        return None, b"", b""
    return proc.returncode, out, err


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


async def shipped_name(full):
    """(git top level, "notebooks/<name>") when the notebook is a lab in a git checkout, else None."""
    code, out, _ = await run(["git", "-C", str(full.parent), "rev-parse", "--show-toplevel"], GIT_TIMEOUT_S)
    if code != 0:
        return None
    toplevel = Path(os.path.realpath(out.decode("utf8", "replace").strip()))
    rel = full.relative_to(toplevel) if toplevel in full.parents else None
    if rel is None or rel.parts[0] != "notebooks" or ".." in rel.parts:
        return None
    return toplevel, rel.as_posix()


async def shipped_content(toplevel, rel):
    """The committed bytes of notebooks/<name> at HEAD, or None if it is not committed."""
    code, out, _ = await run(["git", "-C", str(toplevel), "show", f"HEAD:{rel}"], GIT_TIMEOUT_S)
    return out if code == 0 else None


def written_files(stdout, root):
    """The files the `dlab handout` command says it wrote (one path a line), relative to the
    server's root; only existing files inside the root are named."""
    real_root = Path(os.path.realpath(root))
    files = []
    for line in stdout.decode("utf8", "replace").splitlines():
        if not line.strip():
            continue
        path = Path(os.path.realpath(line.strip()))
        if real_root in path.parents and path.is_file():
            files.append(path.relative_to(real_root).as_posix())
    return files


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

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    async def get(self):
        full = resolve_notebook(self.settings["dlab_root"], self.get_argument("path", ""))
        shipped = await shipped_name(full)
        self.finish(json.dumps({
            "lab": shipped is not None,
            "shipped": shipped is not None and await shipped_content(*shipped) is not None,
            "handout": handout_cli() is not None,
        }))


class ResetHandler(APIHandler):
    """POST /dlab/reset {path}: overwrite the notebook with its committed version."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    async def post(self):
        body = self.get_json_body() or {}
        full = resolve_notebook(self.settings["dlab_root"], body.get("path"))
        shipped = await shipped_name(full)
        content = await shipped_content(*shipped) if shipped else None
        if content is None:
            raise tornado.web.HTTPError(409, "this notebook is not a lab committed under notebooks/")
        json.loads(content)  # refuse to write anything that is not a notebook
        full.write_bytes(content)
        self.finish(json.dumps({"reset": shipped[1]}))


class HandoutHandler(APIHandler):
    """POST /dlab/handout {path, version}: run `dlab handout` into <notebook folder>/handouts.

    The notebook is exported with the outputs it was saved with and is never run: there is no
    way to ask for --execute here. Answers the files the export wrote and its log (which says so
    when the notebook has no outputs)."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    async def post(self):
        body = self.get_json_body() or {}
        if not isinstance(body, dict):
            raise tornado.web.HTTPError(400, "expected a JSON object {path, version}")
        extra = sorted(set(body) - HANDOUT_FIELDS)
        if extra:
            raise tornado.web.HTTPError(
                400, f"{extra[0]}: expected only path and version; the toolbar export never runs a notebook"
                " (run it in JupyterLab and save it, or use `npx dlab handout --execute`)",
            )
        root = self.settings["dlab_root"]
        full = resolve_notebook(root, body.get("path"))
        version = body.get("version", "student")
        if version not in ("student", "instructor"):
            raise tornado.web.HTTPError(400, f'version: expected "student" or "instructor", got {json.dumps(version)}')
        cli = handout_cli()
        if cli is None:
            raise tornado.web.HTTPError(501, "the dlab CLI is not built: run `npm install`")
        out = full.parent / "handouts"
        code, stdout, stderr = await run(
            [cli[0], str(cli[1]), "handout", str(full), "--version", version, "--to", "html,pdf", "--out", str(out)],
            HANDOUT_TIMEOUT_S, cwd=str(full.parent),
        )
        if code is None:
            raise tornado.web.HTTPError(504, f"the handout export took longer than {HANDOUT_TIMEOUT_S} s")
        log = stderr.decode("utf8", "replace")[-4000:]
        if code != 0:
            self.set_status(500)
            self.finish(json.dumps({"message": "the handout export failed", "log": log}))
            return
        self.finish(json.dumps({"files": written_files(stdout, root), "log": log}))


def setup_handlers(web_app, root_dir):
    """Adds the /dlab/* routes under the server's base URL."""
    web_app.settings["dlab_root"] = root_dir
    base = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [
        (url_path_join(base, "dlab", "lab"), LabHandler),
        (url_path_join(base, "dlab", "reset"), ResetHandler),
        (url_path_join(base, "dlab", "handout"), HandoutHandler),
    ])
