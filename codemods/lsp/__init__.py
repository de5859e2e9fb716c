"""The language server (`gradfix lsp`): diagnostics, quick fixes, fix-all, hover and
commands for editors, on standard input/output. See `server.py`."""


def serve() -> None:
    from codemods.lsp.server import serve as start

    start()
