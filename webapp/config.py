"""Configuration read from the environment, with safe defaults for a single machine."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

INSTANCE_DIR = Path(
    os.environ.get("GENDAN_INSTANCE", Path(__file__).resolve().parent.parent / "instance")
)


def _secret_key(instance: Path) -> str:
    """Return SECRET_KEY from the environment, else one generated once into the instance folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting at once must end up with the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production-safe defaults; every value can be overridden by an environment variable."""

    def __init__(self) -> None:
        instance = INSTANCE_DIR
        self.INSTANCE_PATH = str(instance)
        self.SECRET_KEY = _secret_key(instance)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'gendan.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(instance / "uploads"))
        self.PHOTO_STORAGE = os.environ.get("PHOTO_STORAGE", "filesystem")
        # Phones downscale before upload; originals of up to 20 MB are still accepted.
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # Behind HTTPS set SESSION_COOKIE_SECURE=1; `make run` on a LAN serves plain HTTP.
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
        self.WTF_CSRF_TIME_LIMIT = (
            None  # a form opened at 8:00 on the floor is still valid at 17:00
        )
        self.BABEL_DEFAULT_LOCALE = "zh_Hans"
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("GENDAN_TIMEZONE", "Asia/Shanghai")
        self.LANGUAGES = ("zh_Hans", "en")
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = False
        self.LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
        # A delay open longer than this is flagged to the supervisor.
        self.DELAY_OPEN_LIMIT_HOURS = int(os.environ.get("DELAY_OPEN_LIMIT_HOURS", 48))
        # A stage this far behind plan with no open delay makes the order page ask for a cause.
        self.DELAY_PROMPT_MARGIN = float(os.environ.get("DELAY_PROMPT_MARGIN", 0.10))
        # A sample sent this many days ago without the customer's answer is listed to chase.
        self.SAMPLE_ANSWER_CHASE_DAYS = int(os.environ.get("SAMPLE_ANSWER_CHASE_DAYS", 5))
        self.LOGIN_LIMIT_PER_ADDRESS = os.environ.get(
            "LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"
        )

    def as_dict(self) -> dict[str, object]:
        """All settings as a mapping for app.config.from_mapping."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
