"""How the build puts files in place: written only when their content changed (so that watchers see
only real changes), and files the build already has elsewhere (a cached PDF, a kept search bundle)
linked rather than copied. A file already in place is never written into, only replaced by a new one:
it may be a hard link that another site or the cache shares."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file only when its content differs, so that watchers see only real changes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_bytes(path, data)
    return True


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Put the file source at target: a hard link where the file system allows it (both names share the
    bytes), else a copy. An existing target is replaced, never written into (it may itself be a link to
    another file), so a site being served or kept never sees a half-written file. Usable as
    `shutil.copytree(..., copy_function=link_or_copy)`."""
    target = Path(target)
    tmp = _beside(target)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def replace_bytes(path: Path, data: bytes) -> None:
    """Write path as a new file (written beside it, then renamed over it): a hard link to the old file
    (see link_or_copy) keeps the old bytes whole."""
    tmp = _beside(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _beside(path: Path) -> Path:
    """Where a new file for path is written before it is renamed over path (same folder: same file system);
    nothing is there (a file left by a stopped build may be a hard link, and must not be written into)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    return tmp
