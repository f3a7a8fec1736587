"""Old binary Word (.doc) → .docx through LibreOffice, when it is installed."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import KyyeuError
from ..messages import t

INSTALL_HINT = (
    "install the Debian package libreoffice-writer (apt-get install libreoffice-writer), "
    "or save it as .docx in Word"
)


def soffice(shown: str) -> str:
    """Path of soffice/libreoffice on PATH, or a KyyeuError naming the file and how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise KyyeuError(t("import.no_libreoffice", file=shown, hint=INSTALL_HINT))
    return found


def to_docx(src: Path, workdir: Path, shown: str) -> Path:
    """Convert src (.doc) into workdir/<stem>.docx and return that path."""
    exe = soffice(shown)
    profile = workdir / "lo-profile"
    command = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(workdir), str(src)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        raise KyyeuError(t("import.libreoffice_slow", file=shown)) from None
    out = workdir / (src.stem + ".docx")
    if result.returncode != 0 or not out.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise KyyeuError(t("import.libreoffice_failed", file=shown, detail=detail[0]))
    return out
