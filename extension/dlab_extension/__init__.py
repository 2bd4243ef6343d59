"""dlab's JupyterLab extension: the prebuilt labextension and a small server extension.

The server extension backs the lab toolbar: it tells the frontend whether an open notebook is one
of the shipped labs, restores a lab to its committed version, and runs the handout exporter.
"""

from .handlers import setup_handlers

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    """Where JupyterLab finds the prebuilt frontend extension (as the extension template does)."""
    return [{"src": "labextension", "dest": "dlab-extension"}]


def _jupyter_server_extension_points():
    """The server extension that serves /dlab/* for the lab toolbar."""
    return [{"module": "dlab_extension"}]


def _load_jupyter_server_extension(server_app):
    """Registers the /dlab/* handlers on the running Jupyter server."""
    setup_handlers(server_app.web_app, server_app.root_dir)
    server_app.log.info("dlab_extension: lab toolbar handlers registered")
