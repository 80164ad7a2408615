"""Shared fixtures: the app on a migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
clients, a login helper and record factories."""

from __future__ import annotations

import contextvars
import itertools
import os
import secrets
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from webapp import create_app
from webapp.auth.models import Role, User
from webapp.extensions import db as _db
from webapp.extensions import limiter
from webapp.orders.models import Customer, Factory, FactoryKind

TEST_PASSWORD = "correct-horse-battery"


def _fresh_postgres(server_url: str) -> tuple[str, Callable[[], None]]:
    """Create a new, empty database on the server of `server_url`; return its URL and a dropper."""
    url = sa.make_url(server_url)
    name = f"gendan_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database for this test run."""
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        url, drop = _fresh_postgres(server)
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application, its schema built by running the migrations."""
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(16),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(instance),
            "UPLOAD_FOLDER": str(instance / "uploads"),
            "RATELIMIT_STORAGE_URI": "memory://",
            # Most tests post forms without a token; the `csrf` fixture turns the check on.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean(app: Flask) -> Iterator[None]:
    """Each test starts with empty tables and fresh rate limits."""
    yield
    with app.app_context():
        _db.session.remove()
        tables = list(reversed(_db.metadata.sorted_tables))
        for attempt in range(5):
            try:
                _empty(tables)
                break
            except sa.exc.OperationalError:
                # A request that a browser test left behind may still hold a lock: retry.
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
    limiter.reset()


def _empty(tables) -> None:
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def csrf(app: Flask) -> Iterator[None]:
    """CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def db(app: Flask):
    """The database handle inside an app context."""
    with app.app_context():
        yield _db
        _db.session.remove()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production, even while the test holds one
    (Flask reuses an active app context, which would share `g` and the session across requests).
    The test's own session is committed around each request so both sides see each other's data."""

    def open(self, *args, **kwargs):
        outer = flask_has_app_context()
        if outer:
            _db.session.commit()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if outer:
            _db.session.commit()
        return response


def flask_has_app_context() -> bool:
    from flask import has_app_context

    return has_app_context()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def hx(app: Flask) -> FlaskClient:
    """A client whose requests look like htmx's."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    return client


_counter = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = generate_password_hash(password)
    return _hash_cache[password]


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create a user; the password is TEST_PASSWORD unless given."""

    def make(role: Role | str = Role.FOLLOWER, **fields) -> User:
        role = Role(role)
        n = next(_counter)
        password = fields.pop("password", TEST_PASSWORD)
        with app.app_context():
            user = User(
                username=fields.pop("username", f"{role.value}{n}"),
                full_name=fields.pop("full_name", f"Test {role.value} {n}"),
                role=role,
                language=fields.pop("language", "en"),
                password_hash=_hash(password),
                **fields,
            )
            _db.session.add(user)
            _db.session.commit()
            _db.session.refresh(user)
            _db.session.expunge(user)
        return user

    return make


@pytest.fixture
def login(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Sign `client` in as a new user with `role` (or as the given user)."""

    def do(
        role: Role | str = Role.FOLLOWER,
        user: User | None = None,
        on: FlaskClient | None = None,
        **fields,
    ) -> User:
        user = user or make_user(role, **fields)
        with (on or client).session_transaction() as sess:
            sess["_user_id"] = str(user.id)
            sess["_fresh"] = True
        return user

    return do


@pytest.fixture
def make_factory(app: Flask) -> Callable[..., Factory]:
    def make(**fields) -> Factory:
        n = next(_counter)
        with app.app_context():
            factory = Factory(
                code=fields.pop("code", f"F{n}"),
                name=fields.pop("name", f"Factory {n}"),
                kind=fields.pop("kind", FactoryKind.OWN),
                **fields,
            )
            _db.session.add(factory)
            _db.session.commit()
            _db.session.refresh(factory)
            _db.session.expunge(factory)
        return factory

    return make


@pytest.fixture
def make_customer(app: Flask) -> Callable[..., Customer]:
    def make(**fields) -> Customer:
        n = next(_counter)
        with app.app_context():
            customer = Customer(
                code=fields.pop("code", f"C{n}"), name=fields.pop("name", f"Customer {n}"), **fields
            )
            _db.session.add(customer)
            _db.session.commit()
            _db.session.refresh(customer)
            _db.session.expunge(customer)
        return customer

    return make


def new_uuid() -> str:
    """A client UUID as a phone would make it."""
    return str(uuid.uuid4())


@pytest.fixture
def make_order(app: Flask, make_customer, make_factory) -> Callable[..., object]:
    """Create an order with a stage plan; returns it detached (ids usable in URLs)."""
    from datetime import date, timedelta

    from webapp.orders.models import Order, OrderStatus, Stage

    def make(follower=None, stages=(("裁剪", "Cutting"), ("车缝", "Sewing")), planned_qty=100,
             status=OrderStatus.IN_PRODUCTION, start=None, days=10, **fields):  # fmt: skip
        customer = fields.pop("customer", None) or make_customer()
        factory = fields.pop("factory", None) or make_factory()
        start = start or date.today() - timedelta(days=3)
        n = next(_counter)
        with app.app_context():
            order = Order(
                customer_id=customer.id, factory_id=factory.id,
                follower_id=follower.id if follower else None,
                po_number=fields.pop("po_number", f"PO-{n}"), style=fields.pop("style", f"ST-{n}"),
                product_name=fields.pop("product_name", "Polo shirt 男式Polo衫"),
                quantity=fields.pop("quantity", planned_qty), status=status,
                due_date=fields.pop("due_date", start + timedelta(days=days + 5)), **fields,
            )  # fmt: skip
            for i, (name, name_en) in enumerate(stages):
                order.stages.append(
                    Stage(position=i, name=name, name_en=name_en, planned_qty=planned_qty,
                          planned_start=start, planned_finish=start + timedelta(days=days))
                )  # fmt: skip
            _db.session.add(order)
            _db.session.commit()
            order = _db.session.scalar(
                sa.select(Order)
                .where(Order.id == order.id)
                .options(sa.orm.selectinload(Order.stages))
            )
            _db.session.expunge_all()
        return order

    return make


def jpeg_bytes(size=(640, 480), colour=(200, 30, 30)) -> bytes:
    """A small JPEG made in memory."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def make_defect_type(app: Flask) -> Callable[..., object]:
    from webapp.inspections.models import DefectClass, DefectType

    def make(**fields):
        n = next(_counter)
        with app.app_context():
            dt = DefectType(
                code=fields.pop("code", f"D{n}"), name=fields.pop("name", f"缺陷{n}"),
                name_en=fields.pop("name_en", f"Defect {n}"),
                default_class=fields.pop("default_class", DefectClass.MAJOR), **fields,
            )  # fmt: skip
            _db.session.add(dt)
            _db.session.commit()
            _db.session.refresh(dt)
            _db.session.expunge(dt)
        return dt

    return make
