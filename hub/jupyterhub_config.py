# JupyterHub configuration for `npx dlab hub`: JupyterHub, configurable-http-proxy (npm) and
# jupyterhub-idle-culler, configured from the settings file the command wrote (DLAB_HUB_SETTINGS).
# Cookie secret, database, pid files and log all live in the one state folder.
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dlab_hub  # noqa: E402

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)
s = dlab_hub.load_settings()
state = s["state"]

# -- where the hub listens, and its state ----------------------------------------------------
scheme = "https" if s.get("cert") else "http"
c.JupyterHub.bind_url = f"{scheme}://{s['ip']}:{s['port']}"
if s.get("cert"):
    c.JupyterHub.ssl_cert = s["cert"]
    c.JupyterHub.ssl_key = s["key"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s["hubPort"]
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# configurable-http-proxy from the workspace's node_modules, run by this Node.js.
c.ConfigurableHTTPProxy.command = [s["node"], os.path.join(s["root"], "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s['proxyApiPort']}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "jupyterhub-proxy.pid")

# -- who may log in ----------------------------------------------------------------------------
if s["auth"] == "native":
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
    c.NativeAuthenticator.open_signup = False
else:
    c.JupyterHub.authenticator_class = dlab_hub.ClassPasswordAuthenticator
    c.SharedPasswordAuthenticator.user_password = s["classPassword"]
    c.SharedPasswordAuthenticator.admin_password = s["adminPassword"]
c.Authenticator.admin_users = set(s["admins"])
c.Authenticator.allow_all = True
c.Authenticator.username_pattern = dlab_hub.NAME_PATTERN

# -- each student's server -----------------------------------------------------------------------
c.JupyterHub.spawner_class = dlab_hub.StudentSpawner
dlab_hub.StudentSpawner.cgroup_parent = dlab_hub.prepare_cgroups(s, logging.getLogger("dlab"))
c.Spawner.cmd = [s["python"], "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab/tree/labs"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.allow_named_servers = False  # one server per student

# -- idle servers are stopped (their files stay) ---------------------------------------------
cull_s = s["cullMinutes"] * 60
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_s}", f"--cull-every={max(10, cull_s // 4)}"],
        # Services get a fresh environment: the state marker lets `dlab hub stop` find this one
        # even when the hub itself died before stopping it.
        "environment": {"DLAB_HUB_STATE": state},
    },
    # The lecturer's live class view (hub/dlab_class_service.py): admins only, through the hub's OAuth.
    {
        "name": "dlab-class",
        "url": f"http://127.0.0.1:{s['classPort']}",
        "command": [sys.executable, os.path.join(s["root"], "hub", "dlab_class_service.py")],
        "environment": {"DLAB_HUB_SETTINGS": os.environ["DLAB_HUB_SETTINGS"], "DLAB_HUB_STATE": state},
        "oauth_no_confirm": True,
        "display": True,
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {"name": "dlab-class", "scopes": ["list:users", "read:users:name"], "services": ["dlab-class"]},
    # Only the lecturer may open the class view (the service checks again).
    {"name": "dlab-class-viewer", "scopes": ["access:services!service=dlab-class"], "users": list(s["admins"])},
]

if s["mode"] == "simple" and os.getuid() == 0:
    # Simple mode started as root: the servers run as root too (jupyter_server asks to be told).
    c.Spawner.args = ["--allow-root"]
