"""Folders and files that only this OS account may open: the data folder and what ContactDesk keeps in it.

On POSIX a private folder is ``0700`` and a private file ``0600``.  Files are created with that mode (not
created and then narrowed, so there is no moment in which another account could open them), and folders
and files an older version left ``0755`` / ``0644`` lose their group and other bits when ContactDesk starts.
Only group and other bits are ever removed; the owner's are left as they are.

On Windows (``os.name == "nt"``) nothing here changes anything: the data folder lives in the user's
profile (``%LOCALAPPDATA%``), whose access list already admits only that user, SYSTEM and administrators,
and what is created inside inherits it.  docs/embedded-security.md says what this does and does not protect.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
OTHERS = 0o077  # the group and other permission bits
POSIX = os.name != "nt"


def restrict_umask() -> None:
    """From now on, every file and folder this process creates is private to its user (POSIX).

    Covers what other code creates on the way (log files when they rotate, caches).  Call it once, at the
    start of a program, before any thread starts: the umask is one value for the whole process.
    """
    if POSIX:
        os.umask(os.umask(OTHERS) | OTHERS)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and any missing parents) with the folder itself ``0700``; narrow it if it exists."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    tighten(path)
    return path


def create_private(path: Path) -> Path:
    """Create ``path`` as an empty ``0600`` file unless it exists; narrow it if it does."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        tighten(path)
    return path


def open_private(path: Path, flags: int) -> int:
    """``os.open(path, flags | O_CREAT)`` creating the file ``0600``; an existing one is narrowed first."""
    if path.exists():
        tighten(path)
    return os.open(path, flags | os.O_CREAT, PRIVATE_FILE_MODE)


def tighten(path: Path) -> bool:
    """Take group and other access away from one file or folder of ours (never follows a symbolic link).

    Returns:
        True when the mode was changed.  Entries of another account, links and failures are left as
        they are (a failure is logged): narrowing is a precaution and never stops the program.
    """
    if not POSIX:
        return False
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or not info.st_mode & OTHERS:
            return False
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~OTHERS)
    except FileNotFoundError:
        return False
    except OSError as exc:
        log.warning("could not make %s private: %s", path, exc)
        return False
    return True


def tighten_tree(path: Path) -> int:
    """:func:`tighten` a file, or a folder and everything below it (links are not followed).

    Returns:
        How many entries were narrowed.
    """
    changed = int(tighten(path))
    if POSIX and path.is_dir() and not path.is_symlink():
        for folder, dirs, files in os.walk(path):
            changed += sum(tighten(Path(folder, name)) for name in (*dirs, *files))
    return changed
