"""The lecturer's live class view, a JupyterHub service (`dlab-class`, started by the hub).

GET  /services/dlab-class/?lab=01-perceptron   the page: one row per student, one column per exercise
GET  /services/dlab-class/api?lab=…            the same as JSON (the page asks for it every 2 s)

Logins go through the hub (OAuth): only the hub's admins (the lecturer) see anything; a student
gets 403. The service runs as the hub's user (root) and reads each student's own records file,
~<student>/.dlab/records/<lab>.jsonl, opened without following links and only when the student's
Unix user owns it; no folder is made readable to anyone for this. Students are those the hub has
(the hub's users, from its API; admins left out).
"""

import json
import os
import pwd
import sys
from pathlib import Path

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpclient, ioloop, web

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlab_hub  # noqa: E402
from dlab_extension import records  # noqa: E402  (installed in .venv with the JupyterLab extension)

SETTINGS = dlab_hub.load_settings()
PREFIX = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/dlab-class/")
LABS = Path(SETTINGS["root"], "notebooks")


async def students():
    """(name, home, uid) of every student of the hub (asked from the hub's API), admins left out."""
    client = httpclient.AsyncHTTPClient()
    res = await client.fetch(
        url_path_join(os.environ["JUPYTERHUB_API_URL"], "users"),
        headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]},
    )
    names = sorted(u["name"] for u in json.loads(res.body) if u.get("name") not in SETTINGS["admins"])
    out = []
    for name in names:
        if SETTINGS["mode"] == "simple":
            home = Path(SETTINGS["state"], "homes", name)
            if home.is_dir():
                out.append((name, str(home), os.getuid()))
            continue
        try:
            entry = pwd.getpwnam(SETTINGS["unixPrefix"] + name)
        except KeyError:
            continue  # logged in, but no server started yet
        out.append((name, entry.pw_dir, entry.pw_uid))
    return out


class LecturerOnly(HubOAuthenticated, web.RequestHandler):
    """Logged in through the hub, and one of the hub's admins; anyone else gets 403."""

    def lecturer(self):
        user = self.get_current_user()
        if not user:
            return None
        if user.get("name") not in SETTINGS["admins"] and not user.get("admin"):
            raise web.HTTPError(403, "the class view is for the lecturer (the hub's admins) only")
        return user

    def lab(self):
        lab = self.get_argument("lab", "01-perceptron")
        if not records.valid_lab(lab):
            raise web.HTTPError(400, "lab: expected a lab name such as 01-perceptron")
        return lab


class PageHandler(LecturerOnly):
    @web.authenticated
    def get(self):
        self.lecturer()
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(records.class_page("dlab class view", url_path_join(PREFIX, "api"), records.labs_in(LABS), self.lab()))


class ApiHandler(LecturerOnly):
    @web.authenticated
    async def get(self):
        self.lecturer()
        lab = self.lab()
        table = records.class_table(
            lab,
            records.lab_exercises(LABS / f"{lab}.ipynb"),
            {name: records.read_records(records.records_file(home, lab), uid) for name, home, uid in await students()},
        )
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(table))


def main():
    url = os.environ["JUPYTERHUB_SERVICE_URL"]
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    app = web.Application(
        [
            (PREFIX, PageHandler),
            (url_path_join(PREFIX, "api"), ApiHandler),
            (url_path_join(PREFIX, "oauth_callback"), HubOAuthCallbackHandler),
        ],
        cookie_secret=os.urandom(32),
    )
    app.listen(port, "127.0.0.1")
    ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
