"""Where photo files live: a small key/value interface, a filesystem backend for now.

Keys are relative, "/"-separated paths such as ``"ab/cd/abcd…ef.jpg"`` (see `content_key`).
The same keys work as S3 object names, so an S3-compatible backend can be added behind
`PhotoStorage` without touching callers. Keys are validated strictly (`validate_key`): no
"..", no absolute paths, no backslashes, no empty or dot-leading segments, only
``[A-Za-z0-9._-]`` characters.

`FileSystemStorage` writes atomically (temporary file in the same directory, fsync, then
`os.replace`), so a reader never sees half a photo and a crash leaves either the old file
or the new one. Saving the same content under the same key again is a no-op. Concurrent
saves of one key from several threads or processes are safe: the last `os.replace` wins
and, for content-addressed keys, every writer writes the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

__all__ = [
    "FileSystemStorage",
    "PhotoStorage",
    "StorageKeyError",
    "content_key",
    "storage_from_config",
    "validate_key",
]

MAX_KEY_LENGTH: Final = 1024
FILE_MODE: Final = 0o644
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_SUFFIX = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_TEMP_PREFIX: Final = ".tmp-"  # dot-leading: can never collide with a valid key


class StorageKeyError(KeyError):
    """No object is stored under this key."""


@runtime_checkable
class PhotoStorage(Protocol):
    """Keeps photo files by key. Implementations must be safe to share between threads."""

    def save(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key`, atomically; the same content again is a no-op."""
        ...

    def open(self, key: str) -> bytes:
        """The bytes stored under `key`; `StorageKeyError` if there are none."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove `key`; removing a missing key is not an error (as in S3)."""
        ...

    def size(self, key: str) -> int:
        """Size in bytes of the object under `key`; `StorageKeyError` if there is none."""
        ...


def validate_key(key: str) -> str:
    """Return `key` if it is a safe relative key, else raise ValueError."""
    if not isinstance(key, str) or not key:
        raise ValueError("storage key must be a non-empty string")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError("storage key is too long")
    if ".." in key or "\\" in key or key.startswith("/"):
        raise ValueError(f"unsafe storage key: {key!r}")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise ValueError(f"invalid storage key: {key!r}")
    return key


def content_key(sha256_hex: str, suffix: str) -> str:
    """Key for content named by its SHA-256: ``"ab/cd/abcd….jpg"`` (two levels of 256 dirs).

    `suffix` is given without the leading dot, e.g. "jpg" or "thumb.jpg".
    """
    digest = sha256_hex.lower() if isinstance(sha256_hex, str) else ""
    if not _SHA256_HEX.fullmatch(digest):
        raise ValueError("expected a SHA-256 hex digest (64 hex characters)")
    if not isinstance(suffix, str) or not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"invalid suffix: {suffix!r}")
    return f"{digest[:2]}/{digest[2:4]}/{digest}.{suffix}"


class FileSystemStorage:
    """`PhotoStorage` in a directory tree: key "ab/cd/x.jpg" is the file ROOT/ab/cd/x.jpg."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()

    def __repr__(self) -> str:
        return f"FileSystemStorage({str(self.root)!r})"

    def local_path(self, key: str) -> Path:
        """The file that holds (or would hold) `key`, e.g. for `send_file`."""
        return self.root.joinpath(*validate_key(key).split("/"))

    def save(self, key: str, data: bytes, content_type: str) -> None:
        # The filesystem keeps no content type; an object store would.
        path = self.local_path(key)
        data = bytes(data)
        if self._holds(path, data):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fchmod(tmp.fileno(), FILE_MODE)
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(path.parent)

    def open(self, key: str) -> bytes:
        path = self.local_path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise StorageKeyError(key) from None

    def exists(self, key: str) -> bool:
        return self.local_path(key).is_file()

    def delete(self, key: str) -> None:
        path = self.local_path(key)
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            path.unlink()

    def size(self, key: str) -> int:
        path = self.local_path(key)
        try:
            stat = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise StorageKeyError(key) from None
        if not path.is_file():
            raise StorageKeyError(key)
        return stat.st_size

    @staticmethod
    def _holds(path: Path, data: bytes) -> bool:
        """Whether `path` is a file with exactly `data` in it."""
        try:
            if path.stat().st_size != len(data):
                return False
            return path.read_bytes() == data
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return False


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; best effort (not every filesystem allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def storage_from_config(config: Mapping[str, Any]) -> PhotoStorage:
    """The storage named by ``PHOTO_STORAGE`` ("filesystem", the default, in UPLOAD_FOLDER)."""
    kind = str(config.get("PHOTO_STORAGE") or "filesystem").strip().lower()
    if kind == "filesystem":
        folder = config.get("UPLOAD_FOLDER")
        if not folder:
            raise ValueError("PHOTO_STORAGE=filesystem needs UPLOAD_FOLDER")
        return FileSystemStorage(folder)
    raise ValueError(f"unknown PHOTO_STORAGE {kind!r} (supported: 'filesystem')")
