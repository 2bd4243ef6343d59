"""dlab's pieces for JupyterHub: the class-password login and the spawner that gives each student
a Unix user of their own, the labs in their home and a server started under the class limits.

Everything is read from the settings file that `npx dlab hub` writes (DLAB_HUB_SETTINGS); the
hub itself is JupyterHub's, configured in jupyterhub_config.py beside this file.
"""

import json
import os
import pwd
import resource
import shutil
import socket
import subprocess
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid

# A student's name as typed at the login page: short, lower case, safe as part of a Unix name.
NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,23}$"
MB = 1024 * 1024


def load_settings():
    """The settings `npx dlab hub` wrote for this hub (JSON, mode 0600 in the state folder)."""
    with open(os.environ["DLAB_HUB_SETTINGS"], encoding="utf8") as f:
        return json.load(f)


class ClassPasswordAuthenticator(SharedPasswordAuthenticator):
    """JupyterHub's shared-password login, names lower-cased (Alice and alice are one student)."""

    def normalize_username(self, username):
        return username.strip().lower()


class StudentSpawner(LocalProcessSpawner):
    """LocalProcessSpawner for a class: the student `alice` runs as the Unix user `dlab-alice`
    (created on first login, home mode 0700), or, in simple mode, as the hub's own user with a
    home under the state folder. Before each start the labs are copied into ~/labs (files that
    exist are never overwritten) and ~/node_modules points at the checkout's, so that
    `import * as dl from "dlab"` resolves from the student's home."""

    # The parent cgroup (cgroup v2) set by jupyterhub_config.py, or None: rlimits only.
    cgroup_parent = None

    # Ports of running students' servers, given out by this hub. JupyterHub's own choice (bind to
    # port 0, close, hand the number on) races when a class logs in at once: a kernel's or another
    # server's port is handed out twice, and one student's route then leads to another's server.
    # Servers get ports below the kernel's ephemeral range instead, each reserved until it stops.
    SERVER_PORTS = range(20000, 30000)
    _ports_in_use = set()

    def _settings(self):
        if not hasattr(self, "_dlab"):
            self._dlab = load_settings()
        return self._dlab

    @property
    def simple(self):
        return self._settings()["mode"] == "simple"

    @property
    def unix_name(self):
        return self._settings()["unixPrefix"] + self.user.name

    @property
    def home(self):
        s = self._settings()
        if self.simple:
            return os.path.join(s["state"], "homes", self.user.name)
        return pwd.getpwnam(self.unix_name).pw_dir

    # -- the student's Unix user and home --------------------------------------------------

    def ensure_user(self):
        """Create the student's Unix user and private home if this is their first login."""
        s = self._settings()
        if self.simple:
            os.makedirs(self.home, mode=0o700, exist_ok=True)
            return
        name = self.unix_name
        try:
            pwd.getpwnam(name)
        except KeyError:
            home = os.path.join(s["homes"], name)
            cmd = ["useradd", "--create-home", "--home-dir", home, "--user-group"]
            cmd += ["--shell", "/usr/sbin/nologin", "--comment", f"dlab student {self.user.name}", name]
            subprocess.run(cmd, check=True, capture_output=True, text=True)
            self.log.info("dlab: created the Unix user %s for %s", name, self.user.name)
            record = Path(s["state"], "users.txt")
            with record.open("a", encoding="utf8") as f:
                f.write(name + "\n")
        os.chmod(self.home, 0o700)

    def copy_labs(self):
        """Copy the labs into ~/labs, keeping every file the student already has."""
        s = self._settings()
        labs = Path(self.home, "labs")
        created = []
        if not labs.exists():
            labs.mkdir()
            created.append(labs)
        for nb in sorted(Path(s["root"], "notebooks").glob("*.ipynb")):
            target = labs / nb.name
            if not target.exists():
                shutil.copyfile(nb, target)
                created.append(target)
        link = Path(self.home, "node_modules")
        if not link.exists() and not link.is_symlink():
            link.symlink_to(Path(s["root"], "node_modules"))
            created.append(link)
        if not self.simple:
            entry = pwd.getpwnam(self.unix_name)
            for p in created:
                os.chown(p, entry.pw_uid, entry.pw_gid, follow_symlinks=False)

    async def start(self):
        # Creating a user and copying files is quick, blocking work; do it before the server starts.
        self.ensure_user()
        self.copy_labs()
        if self.cgroup_parent:
            try:
                student_cgroup(self.cgroup_parent, self.unix_name, self._settings()["limits"])
            except OSError as e:
                self.log.warning("dlab: no cgroup for %s (%s); rlimits still hold", self.unix_name, e)
                self.cgroup_parent = None
        self.port = self._reserve_port()
        try:
            return await super().start()
        except BaseException:
            StudentSpawner._ports_in_use.discard(self.port)
            raise

    async def stop(self, now=False):
        try:
            await super().stop(now=now)
        finally:
            StudentSpawner._ports_in_use.discard(self.port)

    def _reserve_port(self):
        """A port for this student's server that no other server of this hub holds and nothing else
        listens on."""
        StudentSpawner._ports_in_use.discard(self.port)
        span = len(self.SERVER_PORTS)
        start = int.from_bytes(os.urandom(2), "big") % span
        for i in range(span):
            port = self.SERVER_PORTS[(start + i) % span]
            if port in StudentSpawner._ports_in_use:
                continue
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    continue
            StudentSpawner._ports_in_use.add(port)
            return port
        raise RuntimeError("dlab: no free port for a student's server in %s" % self.SERVER_PORTS)

    # -- how the server process starts ---------------------------------------------------------

    def user_env(self, env):
        env["USER"] = self.user.name if self.simple else self.unix_name
        env["HOME"] = self.home
        env["SHELL"] = "/bin/sh"
        env["JUPYTER_RUNTIME_DIR"] = self.runtime_dir()
        return env

    def runtime_dir(self):
        """A short, private runtime folder for the student's server: its kernels talk over Unix
        sockets (ipc) there, not TCP ports, whose bind-and-release choice collides when a room of
        kernels starts at once ("Address already in use"). A socket's path must stay under 108
        bytes, hence /run/dlab-hub/<uid> (root's, so no student can plant anything there)."""
        s = self._settings()
        base = "/run/dlab-hub" if os.access("/run", os.W_OK) else os.path.join(s["state"], "run")
        os.makedirs(base, mode=0o711, exist_ok=True)
        if self.simple:
            uid, gid, leaf = os.getuid(), os.getgid(), self.user.name
        else:
            entry = pwd.getpwnam(self.unix_name)
            uid, gid, leaf = entry.pw_uid, entry.pw_gid, str(entry.pw_uid)
        path = os.path.join(base, leaf)
        if os.path.islink(path):
            os.unlink(path)
        elif os.path.exists(path) and os.lstat(path).st_uid != uid:
            shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path, mode=0o700, exist_ok=True)
        if os.getuid() == 0:
            os.chown(path, uid, gid)
        os.chmod(path, 0o700)
        return path

    def make_preexec_fn(self, name):
        limits = self._settings()["limits"]
        home = self.home
        become_student = None if self.simple else set_user_setuid(self.unix_name)
        cgroup_dir = os.path.join(self.cgroup_parent, self.unix_name) if self.cgroup_parent else None

        def preexec():
            # Runs in the child between fork and exec, still as root in user mode.
            if cgroup_dir:
                with open(os.path.join(cgroup_dir, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))
            server = limits["serverMemMB"] * MB
            kernel = limits["kernelMemMB"] * MB
            # Soft: the server's own cap. Hard: the kernel's, which each kernel raises itself to
            # (prlimit in the kernelspec); no process of the student's can go past it.
            resource.setrlimit(resource.RLIMIT_DATA, (server, max(server, kernel)))
            if not self.simple:
                procs = limits["processes"]
                resource.setrlimit(resource.RLIMIT_NPROC, (procs, procs))
            os.nice(limits["nice"])
            if become_student:
                become_student()
            else:
                os.chdir(home)

        return preexec

    def get_env(self):
        env = super().get_env()
        s = self._settings()
        env["DLAB_HUB_STATE"] = s["state"]
        env["DLAB_ROOT"] = s["root"]  # the checkout: its labs for the class view, its `dlab` command
        # The class kernelspec (with its limits) comes before .venv's; jupyter_server_config.py
        # in hub/singleuser limits kernels per student and culls idle ones.
        share = os.path.join(s["root"], ".venv", "share", "jupyter")
        env["JUPYTER_PATH"] = os.pathsep.join([os.path.join(s["state"], "jupyter"), share])
        # JupyterLab's own files (and the class's settings overrides) stay .venv's, whichever Python runs.
        env["JUPYTERLAB_DIR"] = os.path.join(share, "lab")
        env["JUPYTER_CONFIG_PATH"] = os.path.join(s["root"], "hub", "singleuser")
        env["DLAB_HUB_KERNELS"] = str(s["limits"]["kernelsPerStudent"])
        env["DLAB_HUB_KERNEL_CULL_S"] = str(s["cullMinutes"] * 60)
        return env


def prepare_cgroups(settings, log):
    """With cgroup v2 (and root), a cgroup per student: memory.max, cpu.max, pids.max.
    Returns the parent cgroup's path, or None where cgroup v2 cannot be used."""
    base = "/sys/fs/cgroup"
    if settings["mode"] == "simple" or not os.path.exists(os.path.join(base, "cgroup.controllers")):
        return None
    try:
        parent = os.path.join(base, "dlab-hub")
        os.makedirs(parent, exist_ok=True)
        with open(os.path.join(base, "cgroup.subtree_control"), "w") as f:
            f.write("+memory +cpu +pids")
        with open(os.path.join(parent, "cgroup.subtree_control"), "w") as f:
            f.write("+memory +cpu +pids")
        return parent
    except OSError as e:
        log.warning("dlab: cgroup v2 is present but not usable (%s); limits are per-process rlimits", e)
        return None


def student_cgroup(parent, unix_name, limits):
    """Create (or update) one student's cgroup under `parent` with the class limits."""
    path = os.path.join(parent, unix_name)
    os.makedirs(path, exist_ok=True)
    total = (limits["serverMemMB"] + limits["kernelsPerStudent"] * limits["kernelMemMB"]) * MB
    values = {
        "memory.max": str(total),
        "cpu.max": f"{int(limits['cpus'] * 100000)} 100000",
        "pids.max": str(limits["processes"]),
    }
    for name, value in values.items():
        with open(os.path.join(path, name), "w") as f:
            f.write(value)

