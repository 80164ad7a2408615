"""Demo data for a small merchandising company; loaded once, on the first `make run`."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.auth import services as accounts
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import Customer, Factory, FactoryKind

USERS = [
    ("admin", "系统管理员 Admin", Role.ADMIN, "zh_Hans"),
    ("wangmin", "王敏 Wang Min", Role.SUPERVISOR, "zh_Hans"),
    ("lina", "李娜 Li Na", Role.FOLLOWER, "zh_Hans"),
    ("zhangwei", "张伟 Zhang Wei", Role.FOLLOWER, "zh_Hans"),
    ("chenjie", "陈杰 Chen Jie", Role.INSPECTOR, None),
]

FACTORIES = [
    ("NBST", "宁波盛泰服饰有限公司", FactoryKind.OWN, "宁波 Ningbo", "周厂长 138 5741 2208"),
    ("CXHD", "慈溪恒达制衣厂", FactoryKind.SUBCONTRACTOR, "慈溪 Cixi", "黄经理 139 0574 6631"),
]

CUSTOMERS = [
    ("NORDH", "Nordhem Home AB", "Sweden", "Anna Lindqvist", "en"),
    ("HANSA", "Hanseatic Apparel GmbH", "Germany", "Jonas Becker", "en"),
    ("SHYP", "上海优品贸易有限公司", "中国", "刘小姐", "zh_Hans"),
]


def database_is_empty() -> bool:
    """True when no user exists yet (a fresh install)."""
    return db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def load() -> list[tuple[str, str, str]]:
    """Create the demo records; returns (username, role, password) for each demo user."""
    credentials = []
    for username, full_name, role, language in USERS:
        password = accounts.generate_password()
        accounts.create_user(
            username=username, full_name=full_name, role=role, language=language, password=password
        )
        credentials.append((username, role.value, password))
    for code, name, kind, city, contact in FACTORIES:
        db.session.add(Factory(code=code, name=name, kind=kind, city=city, contact=contact))
    for code, name, country, contact, language in CUSTOMERS:
        db.session.add(
            Customer(code=code, name=name, country=country, contact=contact, language=language)
        )
    db.session.flush()
    _load_domain_data()
    db.session.commit()
    return credentials


def _load_domain_data() -> None:
    """Orders, plans and check-ins are added by their domains' demo modules."""
    from webapp.orders import demo as orders_demo
    from webapp.timeutil import app_today

    orders_demo.load(app_today())
    from webapp.inspections import demo as inspections_demo

    inspections_demo.load()
    from webapp.delays import demo as delays_demo

    delays_demo.load()
    from webapp.materials import demo as materials_demo

    materials_demo.load(app_today())
    from webapp.shipments import demo as shipments_demo

    shipments_demo.load(app_today())
    from webapp.samples import demo as samples_demo

    samples_demo.load(app_today())
    from webapp.payments import demo as payments_demo

    payments_demo.load(app_today())
    from webapp.team import demo as team_demo

    team_demo.load(app_today())
    from webapp.kpi import demo as kpi_demo

    kpi_demo.load(app_today())
    from webapp.approvals import demo as approvals_demo

    approvals_demo.load()
