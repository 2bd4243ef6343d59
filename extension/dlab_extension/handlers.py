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
import getpass
import json
import os
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import tornado
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.utils import url_path_join

from . import records

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
    repo = checkout()
    cli = repo / "src" / "bin" / "dlab.js"
    built = repo / "src" / "dist" / "cli" / "index.js"
    spec = repo / ".venv" / "share" / "jupyter" / "kernels" / "dlab" / "kernel.json"
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


def checkout():
    """The dlab checkout this server belongs to: DLAB_ROOT (set by the class hub, whose students'
    Python may live elsewhere), else the folder holding the .venv that runs this server."""
    root = os.environ.get("DLAB_ROOT")
    return Path(root) if root else Path(sys.prefix).resolve().parent


def checkout_labs():
    """The folder of the shipped labs: the checkout's notebooks/."""
    return checkout() / "notebooks"


def own_name():
    """The name of the student this server belongs to: the hub's user name, else the Unix user."""
    return os.environ.get("JUPYTERHUB_USER") or getpass.getuser()


def lab_argument(handler, default="01-perceptron"):
    lab = handler.get_argument("lab", default)
    if not records.valid_lab(lab):
        raise tornado.web.HTTPError(400, f"lab: expected a lab name such as 01-perceptron, got {json.dumps(lab)[:80]}")
    return lab


class ClassPageHandler(JupyterHandler):
    """GET /dlab/class?lab=…: the class view for this server's one student (on a class hub the
    lecturer's view of the whole room is the hub's dlab-class service)."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    def get(self):
        lab = lab_argument(self)
        api = url_path_join(self.settings["base_url"], "dlab", "class", "api")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(records.class_page("dlab class view: your checks", api, records.labs_in(checkout_labs()), lab))


class ClassApiHandler(APIHandler):
    """GET /dlab/class/api?lab=…: this student's records of the lab as the class view's table."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    def get(self):
        lab = lab_argument(self)
        mine = records.read_records(records.records_file(os.path.expanduser("~"), lab), os.getuid())
        exercises = records.lab_exercises(checkout_labs() / f"{lab}.ipynb")
        self.finish(json.dumps(records.class_table(lab, exercises, {own_name(): mine})))


class SubmitHandler(APIHandler):
    """POST /dlab/submit {path}: hand in a notebook: a copy with the time in ~/.dlab/submissions/<lab>/,
    which `dlab collect` takes in preference to the working copy."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    def post(self):
        body = self.get_json_body() or {}
        if not isinstance(body, dict) or set(body) - {"path"}:
            raise tornado.web.HTTPError(400, "expected a JSON object {path}")
        full = resolve_notebook(self.settings["dlab_root"], body.get("path"))
        lab = records.valid_lab(full.stem)
        if not lab:
            raise tornado.web.HTTPError(400, f"path: {full.name} is not named like a lab")
        now = datetime.now(timezone.utc)
        folder = Path(os.path.expanduser("~"), records.SUBMISSIONS_DIR, lab)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for d in (folder.parent.parent, folder.parent, folder):
            os.chmod(d, 0o700)
        target = folder / (now.strftime("%Y-%m-%dT%H-%M-%S.%fZ") + ".ipynb")
        shutil.copyfile(full, target)
        os.chmod(target, 0o600)
        self.finish(json.dumps({"lab": lab, "time": now.isoformat(timespec="seconds")}))


def setup_handlers(web_app, root_dir):
    """Adds the /dlab/* routes under the server's base URL."""
    web_app.settings["dlab_root"] = root_dir
    base = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [
        (url_path_join(base, "dlab", "lab"), LabHandler),
        (url_path_join(base, "dlab", "reset"), ResetHandler),
        (url_path_join(base, "dlab", "handout"), HandoutHandler),
        (url_path_join(base, "dlab", "class"), ClassPageHandler),
        (url_path_join(base, "dlab", "class", "api"), ClassApiHandler),
        (url_path_join(base, "dlab", "submit"), SubmitHandler),
    ])
