"""Tests for webapp.media.storage."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from webapp.media import storage as storage_module
from webapp.media.storage import (
    FileSystemStorage,
    PhotoStorage,
    StorageKeyError,
    content_key,
    storage_from_config,
    validate_key,
)

JPEG = "image/jpeg"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> FileSystemStorage:
    return FileSystemStorage(tmp_path / "photos")


def leftovers(root: Path) -> list[Path]:
    """Temporary files left behind by interrupted saves."""
    return [p for p in root.rglob("*") if p.name.startswith(".")]


# --- keys -------------------------------------------------------------------------------------


def test_content_key_shards_by_first_two_byte_pairs() -> None:
    digest = sha(b"photo")
    key = content_key(digest, "jpg")
    assert key == f"{digest[:2]}/{digest[2:4]}/{digest}.jpg"
    thumb = content_key(digest.upper(), "thumb.jpg")
    assert thumb == f"{digest[:2]}/{digest[2:4]}/{digest}.thumb.jpg"
    assert validate_key(key) == key


@pytest.mark.parametrize(
    ("digest", "suffix"),
    [
        ("abc", "jpg"),  # too short
        ("g" * 64, "jpg"),  # not hex
        ("a" * 65, "jpg"),
        ("a" * 64, ""),
        ("a" * 64, ".jpg"),  # give the suffix without the dot
        ("a" * 64, "jpg/../x"),
        ("a" * 64, "JPG"),
    ],
)
def test_content_key_refuses_bad_input(digest: str, suffix: str) -> None:
    with pytest.raises(ValueError):
        content_key(digest, suffix)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "..",
        "../etc/passwd",
        "ab/../../etc/passwd",
        "ab/..",
        "a..b/c.jpg",
        "/etc/passwd",
        "/ab/cd/x.jpg",
        "ab\\cd\\x.jpg",
        "..\\x.jpg",
        "ab//x.jpg",
        "ab/./x.jpg",
        "ab/cd/",
        ".hidden",
        "ab/.tmp-123",
        "ab/cd/x y.jpg",
        "ab/cd/x.jpg\x00",
        "C:/x.jpg",
        "ab/é.jpg",
        "a" * 2000,
    ],
)
def test_unsafe_keys_are_refused_everywhere(store: FileSystemStorage, key: str) -> None:
    with pytest.raises(ValueError):
        validate_key(key)
    for call in (
        lambda: store.save(key, b"x", JPEG),
        lambda: store.open(key),
        lambda: store.exists(key),
        lambda: store.delete(key),
        lambda: store.size(key),
    ):
        with pytest.raises(ValueError):
            call()
    assert not store.root.exists() or list(store.root.rglob("*")) == []


def test_storage_key_error_is_a_key_error() -> None:
    assert issubclass(StorageKeyError, KeyError)


# --- filesystem storage ---------------------------------------------------------------------


def test_implements_the_protocol(store: FileSystemStorage) -> None:
    assert isinstance(store, PhotoStorage)


def test_round_trip(store: FileSystemStorage) -> None:
    data = b"\xff\xd8\xff" + os.urandom(5000)
    key = content_key(sha(data), "jpg")
    assert not store.exists(key)
    store.save(key, data, JPEG)
    assert store.exists(key)
    assert store.open(key) == data
    assert store.size(key) == len(data)
    path = store.root / key
    assert path.read_bytes() == data
    assert store.local_path(key) == path
    assert path.stat().st_mode & 0o777 == 0o644
    assert leftovers(store.root) == []


def test_missing_key(store: FileSystemStorage) -> None:
    key = content_key("0" * 64, "jpg")
    with pytest.raises(StorageKeyError):
        store.open(key)
    with pytest.raises(KeyError):
        store.size(key)
    assert store.exists(key) is False
    store.delete(key)  # deleting what is not there is fine


def test_a_directory_is_not_an_object(store: FileSystemStorage) -> None:
    store.save("ab/cd/x.jpg", b"x", JPEG)
    assert store.exists("ab/cd") is False
    with pytest.raises(StorageKeyError):
        store.open("ab/cd")
    with pytest.raises(StorageKeyError):
        store.size("ab")
    with pytest.raises(StorageKeyError):
        store.open("ab/cd/x.jpg/y.jpg")


def test_delete(store: FileSystemStorage) -> None:
    store.save("ab/cd/x.jpg", b"one", JPEG)
    store.save("ab/cd/y.jpg", b"two", JPEG)
    store.delete("ab/cd/x.jpg")
    assert not store.exists("ab/cd/x.jpg")
    assert store.open("ab/cd/y.jpg") == b"two"


def test_saving_the_same_content_again_is_a_no_op(
    store: FileSystemStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"same bytes" * 100
    key = content_key(sha(data), "jpg")
    store.save(key, data, JPEG)
    before = (store.root / key).stat()

    def no_write(*args: object, **kwargs: object) -> None:
        raise AssertionError("a repeated save must not write")

    monkeypatch.setattr(storage_module.os, "replace", no_write)
    monkeypatch.setattr(storage_module.tempfile, "mkstemp", no_write)
    store.save(key, data, JPEG)
    after = (store.root / key).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_different_content_under_a_key_replaces_it(store: FileSystemStorage) -> None:
    store.save("ab/cd/x.jpg", b"old content", JPEG)
    store.save("ab/cd/x.jpg", b"new content", JPEG)  # same size, other bytes
    assert store.open("ab/cd/x.jpg") == b"new content"
    store.save("ab/cd/x.jpg", b"longer new content", JPEG)
    assert store.open("ab/cd/x.jpg") == b"longer new content"
    assert leftovers(store.root) == []


def test_save_is_atomic_when_writing_fails(
    store: FileSystemStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("ab/cd/x.jpg", b"original", JPEG)

    def broken_replace(src: str, dst: str) -> None:
        assert Path(src).read_bytes() == b"replacement"  # fully written before the rename
        assert Path(src).parent == Path(dst).parent  # same filesystem, so rename is atomic
        raise OSError("disk gone")

    monkeypatch.setattr(storage_module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk gone"):
        store.save("ab/cd/x.jpg", b"replacement", JPEG)
    assert store.open("ab/cd/x.jpg") == b"original"
    assert leftovers(store.root) == []
    with pytest.raises(OSError, match="disk gone"):
        store.save("ef/gh/new.jpg", b"replacement", JPEG)
    assert not store.exists("ef/gh/new.jpg")
    assert leftovers(store.root) == []


def test_concurrent_saves_of_one_key(store: FileSystemStorage) -> None:
    data = os.urandom(200_000)
    key = content_key(sha(data), "jpg")
    errors: list[BaseException] = []

    def save() -> None:
        try:
            store.save(key, data, JPEG)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.open(key) == data
    assert leftovers(store.root) == []


def test_bytes_like_data_is_accepted(store: FileSystemStorage) -> None:
    store.save("ab/cd/x.jpg", bytearray(b"abc"), JPEG)
    store.save("ab/cd/y.jpg", memoryview(b"def"), JPEG)
    assert store.open("ab/cd/x.jpg") == b"abc"
    assert store.open("ab/cd/y.jpg") == b"def"


def test_root_may_be_a_string(tmp_path: Path) -> None:
    store = FileSystemStorage(str(tmp_path / "x"))
    store.save("k.jpg", b"1", JPEG)
    assert (tmp_path / "x" / "k.jpg").read_bytes() == b"1"


# --- configuration ----------------------------------------------------------------------------


def test_storage_from_config_defaults_to_filesystem(tmp_path: Path) -> None:
    store = storage_from_config({"UPLOAD_FOLDER": str(tmp_path / "up")})
    assert isinstance(store, FileSystemStorage)
    assert store.root == (tmp_path / "up").resolve()
    explicit = storage_from_config({"PHOTO_STORAGE": "Filesystem ", "UPLOAD_FOLDER": tmp_path})
    assert isinstance(explicit, FileSystemStorage)
    assert explicit.root == tmp_path.resolve()


@pytest.mark.parametrize(
    "config",
    [
        {},
        {"PHOTO_STORAGE": "filesystem", "UPLOAD_FOLDER": ""},
        {"PHOTO_STORAGE": "s3", "UPLOAD_FOLDER": "/tmp/x"},
        {"PHOTO_STORAGE": "ftp", "UPLOAD_FOLDER": "/tmp/x"},
    ],
)
def test_storage_from_config_refuses_bad_settings(config: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        storage_from_config(config)
