"""The lobby display's chime when a number is called: a short two-tone "ding-dong".

PySide6-Essentials has no QtMultimedia.  On Windows the stdlib ``winsound`` plays a WAV asynchronously, but
only from a file (``SND_MEMORY`` cannot be combined with ``SND_ASYNC``), so the tone is generated once into the
app's cache folder.  Elsewhere the system beep has to do.
"""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

from PySide6.QtWidgets import QApplication

RATE = 22_050
TONES = ((659.25, 0.28), (523.25, 0.45))  # E5 then C5, in seconds
VOLUME = 0.45
FILE_NAME = "lobby-chime.wav"


def chime_wav() -> bytes:
    """The two-tone chime as a 16-bit mono WAV (each tone fades out so it does not click)."""
    frames = bytearray()
    for freq, seconds in TONES:
        count = int(RATE * seconds)
        for i in range(count):
            fade = 1.0 - i / count
            value = VOLUME * fade * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(value * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


def chime_file(folder: Path) -> Path:
    """The chime written into ``folder`` (once; rewritten when missing or changed)."""
    path = folder / FILE_NAME
    data = chime_wav()
    if not path.exists() or path.stat().st_size != len(data):
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def _cache_folder() -> Path:
    from services.config import default_data_dir

    return default_data_dir() / "cache"


class Chime:
    """Plays the chime without blocking the GUI.

    Args:
        folder: where the WAV goes on Windows (default: the app's cache folder, made when first needed).
        enabled: False keeps it silent (tests, or a display without speakers); ``played`` still counts.
    """

    def __init__(self, folder: Path | None = None, *, enabled: bool = True) -> None:
        self._folder = folder
        self.enabled = enabled
        self.played = 0
        self._path: Path | None = None

    def play(self) -> None:
        """Ring once (asynchronously)."""
        self.played += 1
        if not self.enabled:
            return
        if sys.platform == "win32":
            try:
                import winsound

                if self._path is None:
                    self._path = chime_file(self._folder or _cache_folder())
                winsound.PlaySound(str(self._path), winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT)
                return
            except (OSError, RuntimeError):  # no sound device, a read-only folder: the beep below
                pass
        QApplication.beep()
