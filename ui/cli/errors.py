"""What the `paperchat` command prints instead of a traceback: one line for every failure the user can fix."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def check_writable(index_dir: Path) -> None:
    """Every command writes to the index (SQLite's journal, Chroma), even `ask`: a read-only one would fail deep
    inside with a misleading "damaged catalog", so it is named here first."""
    folder = index_dir
    while not folder.exists() and folder != folder.parent:  # a new index is created in the first existing folder
        folder = folder.parent
    entries = [folder, *(folder.iterdir() if folder == index_dir and os.access(folder, os.R_OK) else [])]
    for path in entries:
        if not os.access(path, os.W_OK):
            raise PermissionError(
                errno.EACCES,
                "the index is not writable by this user (every command writes to "
                "it); give a writable --index or PAPERCHAT_INDEX_DIR, or fix its permissions",
                path,
            )


# Optional parts a command may need → the extra that installs them.
EXTRAS = {"slack_bolt": "slack", "slack_sdk": "slack", "xllamacpp": "local"}


def user_error_line(error: BaseException) -> str | None:
    """One line for a failure the user can fix (setup, files, servers), else None: then it is a bug to report."""
    from paperchat.assistant.errors import USER_ERRORS, model_server_problem, user_message

    if isinstance(error, USER_ERRORS):
        return user_message(error)
    if isinstance(error, ImportError) and error.name:
        extra = EXTRAS.get(error.name.split(".")[0])
        install = f"pip install 'paperchat[{extra}]'" if extra else "pip install paperchat (it is a dependency)"
        return f"the Python module {error.name} is not installed: {install}"
    if isinstance(error.__cause__, ImportError):  # a part raised its own words for a missing extra
        return " ".join(str(error).split())
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}"
    return model_server_problem(error)
