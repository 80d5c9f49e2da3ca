"""Plan caching per engine: desktops plan every statement afresh; the gateway may reuse generic plans."""

from __future__ import annotations

from db.engine import make_engine


def _plan_mode(url: str, **kw: bool) -> str:
    engine = make_engine(url, **kw)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SHOW plan_cache_mode").scalar_one())
    finally:
        engine.dispose()


def test_desktop_engines_plan_every_statement_and_the_gateway_may_reuse_plans(pg_database_url: str) -> None:
    assert _plan_mode(pg_database_url) == "force_custom_plan"  # searches never run on a generic plan
    assert _plan_mode(pg_database_url, generic_plans=True) == "auto"
