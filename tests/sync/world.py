"""A small world for the sync tests: a branch, two agents (张伟 and 李娜), three customers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, insert

from db.models import Branch, Role, User
from db.repositories.customer_write import add_customer
from services.permissions import Principal


@dataclass(frozen=True)
class World:
    zhang: Principal
    li: Principal
    customers: list[int]


def build_world(engine: Engine) -> World:
    """Insert the world into a freshly migrated database."""
    with engine.begin() as conn:
        conn.execute(
            insert(Branch).values(id=1, code="B001", name="测试支行", city="上海", district="浦东", address="x")
        )
        conn.execute(insert(Role).values(code="agent", name_zh="坐席", name_en="Agent"))
        for uid, username, name in ((1, "zhangwei", "张伟"), (2, "lina", "李娜")):
            conn.execute(
                insert(User).values(id=uid, username=username, display_name=name, role_code="agent", branch_id=1)
            )
        customers = [
            add_customer(
                conn,
                phones=[(f"+861380000{n:04d}", "mobile")],
                cif_no=f"CIF{n:012d}",
                name=name,
                gender="F",
                id_type="resident_id",
                id_number=f"11010119800101{n:04d}",
                branch_id=1,
                segment="mass",
                tier="mass",
                lifecycle_stage="active",
                occupation="教师",
            )
            for n, name in ((1, "王芳"), (2, "刘洋"), (3, "陈静"))
        ]
    zhang = Principal(1, "zhangwei", "agent", branch_id=1, workstation="WS-A", display_name="张伟")
    li = Principal(2, "lina", "agent", branch_id=1, workstation="WS-B", display_name="李娜")
    return World(zhang, li, customers)
