# jupyter_server settings for a student's server under `npx dlab hub` (found through
# JUPYTER_CONFIG_PATH, set by the hub's spawner): at most DLAB_HUB_KERNELS kernels at once,
# idle kernels shut down after DLAB_HUB_KERNEL_CULL_S seconds, no terminals, no language server,
# kernels on Unix sockets.
import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web

c = get_config()  # noqa: F821 (provided by jupyter_server when it loads this file)
MAX_KERNELS = int(os.environ.get("DLAB_HUB_KERNELS", "2"))


class ClassKernelManager(AsyncMappingKernelManager):
    """Refuses a new kernel past the class's per-student limit, saying what to do."""

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        running = len(self.list_kernel_ids())
        if kernel_id is None and running >= MAX_KERNELS:
            raise web.HTTPError(
                403,
                f"at most {MAX_KERNELS} kernels per student run at once in this class ({running} running): "
                "shut one down in the Running tab first",
            )
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)


c.ServerApp.kernel_manager_class = ClassKernelManager
# Kernels talk over Unix sockets in the server's private runtime folder (JUPYTER_RUNTIME_DIR, set
# by the hub): TCP ports chosen by bind-and-release collide when a whole class starts kernels at once.
c.KernelManager.transport = "ipc"
c.ServerApp.terminals_enabled = False
# dlab's server extension (toolbar, class view, Submit) on, named here because a student's Python
# may be a small venv of its own (src/cli/hub/python.ts) that does not see .venv's etc/jupyter;
# the language server off.
c.ServerApp.jpserver_extensions.update({"jupyter_lsp": False, "dlab_extension": True})
c.ContentsManager.hide_globs = ["__pycache__", "*.pyc", "node_modules", ".ipynb_checkpoints"]
cull_s = int(os.environ.get("DLAB_HUB_KERNEL_CULL_S", "3600"))
c.MappingKernelManager.cull_idle_timeout = cull_s
c.MappingKernelManager.cull_interval = max(10, cull_s // 4)
