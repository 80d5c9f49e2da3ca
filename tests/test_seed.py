"""The generated data set: deterministic, realistic where it matters, identical on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import Engine, func, insert, select, text

from db.engine import make_engine
from db.models import (
    Customer,
    CustomerConsent,
    CustomerEmail,
    CustomerPhone,
    Holding,
    Interaction,
    Reminder,
    SearchToken,
    Ticket,
)
from db.models.contact import CHANNELS
from db.pii import PEPPERED_KEYS, account_columns, email_columns, id_number_columns, peppered, phone_columns
from db.search_keys import pinyin_keys, pinyin_syllables
from db.seed import SeedError, seed_database, table_digest
from db.seed.identity import id_check_valid, luhn_valid
from desktop.cli import main

TODAY = dt.date(2026, 11, 22)
N = 3000
DIGEST_TABLES = ("customer", "customer_phone", "product_holding", "interaction", "ticket", "reminder", "search_token")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def seeded(path: Path, customers: int, seed: int) -> Engine:
    engine = make_engine(sqlite_url(path))
    seed_database(engine, customers, seed, today=TODAY)
    return engine


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = seeded(tmp_path_factory.mktemp("seed") / "a.db", N, 7)
    yield engine
    engine.dispose()


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    first = seeded(tmp_path / "1.db", 1200, 42)
    second = seeded(tmp_path / "2.db", 1200, 42)
    other = seeded(tmp_path / "3.db", 1200, 43)
    try:
        for table in DIGEST_TABLES:
            assert table_digest(first, table) == table_digest(second, table), table
        assert table_digest(first, "customer") != table_digest(other, "customer")
    finally:
        for engine in (first, second, other):
            engine.dispose()


def test_resident_ids_are_valid_and_match_the_person(db: Engine) -> None:
    with db.connect() as conn:
        rows = conn.execute(
            select(
                Customer.id_number,
                Customer.id_number_masked,
                Customer.id_number_key,
                Customer.id_tail,
                Customer.birth_date,
                Customer.birth_md,
                Customer.gender,
            )
        ).all()
    assert len(rows) == N
    assert len({r.id_number for r in rows}) == N  # unique
    assert any(r.id_number.endswith("X") for r in rows)
    for r in rows:
        assert id_check_valid(r.id_number), r.id_number
        assert r.id_number[6:14] == r.birth_date.strftime("%Y%m%d")
        assert r.birth_md == r.birth_date.strftime("%m-%d")
        assert int(r.id_number[16]) % 2 == (1 if r.gender == "M" else 0)
        derived = id_number_columns(r.id_number)
        assert (r.id_number_masked, r.id_number_key, r.id_tail) == (
            derived["id_number_masked"],
            derived["id_number_key"],
            derived["id_tail"],
        ), r.id_number
        assert r.id_number_masked.startswith(r.id_number[:3]) and "*" * 11 in r.id_number_masked


def test_phones_are_valid_chinese_numbers_and_households_share_landlines(db: Engine) -> None:
    with db.connect() as conn:
        rows = conn.execute(
            select(
                CustomerPhone.customer_id,
                CustomerPhone.e164,
                CustomerPhone.e164_masked,
                CustomerPhone.e164_key,
                CustomerPhone.kind,
            )
        ).all()
        emails = conn.execute(
            select(CustomerEmail.address, CustomerEmail.address_masked, CustomerEmail.address_key)
        ).all()
        customers_without_mobile = conn.execute(
            text(
                "SELECT COUNT(*) FROM customer c WHERE NOT EXISTS "
                "(SELECT 1 FROM customer_phone p WHERE p.customer_id = c.id AND p.is_primary AND p.kind = 'mobile')"
            )
        ).scalar_one()
    assert customers_without_mobile == 0
    assert emails
    for e in emails:
        assert (e.address, e.address_masked, e.address_key) == tuple(email_columns(e.address).values()), e.address
    for r in rows:
        assert {"e164": r.e164, "e164_masked": r.e164_masked, "e164_key": r.e164_key} == phone_columns(r.e164)
        assert "****" in r.e164_masked and r.e164_masked[-4:] == r.e164[-4:]
        number = phonenumbers.parse(r.e164, None)
        assert phonenumbers.is_valid_number(number), r.e164
        assert phonenumbers.region_code_for_number(number) == "CN"
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == r.e164
        if r.kind == "mobile":
            assert r.e164[3] == "1" and r.e164[4] in "35789" and len(r.e164) == 14
        else:
            assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE
    mobiles = Counter(r.e164 for r in rows if r.kind == "mobile")
    assert max(mobiles.values()) == 1
    sharing = Counter(
        len({r.customer_id for r in rows if r.e164 == e}) for e in {r.e164 for r in rows if r.kind == "landline"}
    )
    assert sum(v for k, v in sharing.items() if k >= 2) >= 5  # shared household landlines exist
    assert max(sharing) <= 4


def test_assets_follow_a_pareto_law(db: Engine) -> None:
    with db.connect() as conn:
        aum = sorted((float(a) for a in conn.execute(select(Customer.aum)).scalars()), reverse=True)
        total_holdings = conn.execute(
            select(func.sum(Holding.balance)).where(
                Holding.kind.in_(("current", "term_deposit", "wealth", "fund", "insurance"))
            )
        ).scalar_one()
        tiers = Counter(conn.execute(select(Customer.tier)).scalars())
    top = sum(aum[: len(aum) // 5]) / sum(aum)
    assert 0.74 <= top <= 0.88, top
    assert abs(float(total_holdings) - sum(aum)) < 1.0  # AUM is the sum of the asset holdings
    assert tiers["mass"] > tiers["affluent"] > tiers["gold"] > tiers["platinum"] > 0


def test_history_is_there(db: Engine) -> None:
    with db.connect() as conn:
        maturities = conn.execute(select(Holding.maturity_date).where(Holding.kind == "term_deposit")).scalars().all()
        channels = set(conn.execute(select(Interaction.channel).distinct()).scalars())
        interactions = conn.execute(select(func.count()).select_from(Interaction)).scalar_one()
        reminder_kinds = Counter(conn.execute(select(Reminder.kind)).scalars())
        tickets = conn.execute(
            select(Ticket.number, Ticket.kind, Ticket.status, Ticket.regulatory_deadline, Ticket.received_at)
        ).all()
        consents = conn.execute(select(CustomerConsent.channel, CustomerConsent.purpose, CustomerConsent.granted)).all()
        cards = conn.execute(
            select(Holding.account_no).where(Holding.kind.in_(("credit_card", "debit_card")))
        ).scalars()
        accounts = conn.execute(select(Holding.account_no).where(Holding.kind == "current")).scalars()
        for number in cards:
            assert len(number) == 16 and luhn_valid(number)
        for number in accounts:
            assert len(number) == 19 and number.startswith("62") and luhn_valid(number)
        holdings = conn.execute(
            select(Holding.account_no, Holding.kind, Holding.account_masked, Holding.account_key)
        ).all()
    for h in holdings:  # every kind, sub-accounts (6217…-001) and contracts included
        assert (h.account_no, h.account_masked, h.account_key) == tuple(account_columns(h.account_no, h.kind).values())
    masked_cards = [h.account_masked for h in holdings if h.kind in ("credit_card", "debit_card")]
    assert masked_cards and all(m[6:12] == "******" for m in masked_cards)
    assert any("-" in h.account_masked for h in holdings if h.kind == "term_deposit")
    days = [(m - TODAY).days for m in maturities if m is not None]
    assert len(days) == len(maturities)
    assert min(days) >= 1 and max(days) <= 366
    assert sum(d <= 30 for d in days) > 0 and sum(d > 180 for d in days) > 0
    assert channels == set(CHANNELS)
    assert 6 <= interactions / N <= 8.5
    assert reminder_kinds["deposit_maturity"] > 0 and reminder_kinds["birthday"] > 0 and reminder_kinds["follow_up"] > 0
    complaints = [t for t in tickets if t.kind == "complaint"]
    assert complaints and sum(t.status == "closed" for t in complaints) > len(complaints) / 2
    assert any(t.status != "closed" for t in complaints)
    for t in complaints:
        assert t.number.startswith("TS") and t.number[6] == "-"
        assert dt.timedelta(days=15) <= t.regulatory_deadline - t.received_at <= dt.timedelta(days=16)
    service = [c for c in consents if c.purpose == "service"]
    marketing = [c for c in consents if c.purpose == "marketing"]
    assert sum(c.granted for c in service) / len(service) > 0.9
    assert 0.2 < sum(c.granted for c in marketing) / len(marketing) < 0.7


def test_every_customer_has_search_tokens_from_the_shared_key_functions(db: Engine) -> None:
    with db.connect() as conn:
        missing = conn.execute(
            text(
                "SELECT COUNT(*) FROM customer c "
                "WHERE NOT EXISTS (SELECT 1 FROM search_token t WHERE t.customer_id = c.id)"
            )
        ).scalar_one()
        people = conn.execute(select(Customer.id, Customer.name).order_by(Customer.id).limit(300)).all()
        names = [n for n in conn.execute(select(Customer.name)).scalars()]
        tokens = conn.execute(
            select(SearchToken.customer_id, SearchToken.kind, SearchToken.token).where(
                SearchToken.customer_id <= people[-1].id
            )
        ).all()
    assert missing == 0
    by_customer: dict[int, set[tuple[int, str]]] = {}
    for t in tokens:
        by_customer.setdefault(t.customer_id, set()).add((t.kind, t.token))
    for person in people:
        full, initials = pinyin_keys(pinyin_syllables(person.name))
        assert (2, full) in by_customer[person.id] and (3, initials) in by_customer[person.id]
        assert (1, person.name.replace("·", "")[:4]) in by_customer[person.id] or len(person.name) > 4
    assert any(n[:2] in ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "令狐", "慕容", "夏侯") for n in names)
    assert any("·" in n for n in names)
    assert any(len(n) == 2 for n in names)


def _snapshot(engine: Engine) -> dict[str, str]:
    return {t: table_digest(engine, t) for t in ("customer", "customer_phone", "app_user", "interaction")}


def test_refuses_a_database_with_customers_and_force_reseeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.db"
    engine = seeded(path, 400, 1)
    before = _snapshot(engine)
    engine.dispose()
    args = ["seed", "--database", sqlite_url(path), "--customers", "300", "--seed", "2", "--today", TODAY.isoformat()]
    assert main([*args, "--no-progress"]) == 1
    assert "--force" in capsys.readouterr().err
    engine = make_engine(sqlite_url(path))
    assert _snapshot(engine) == before
    with pytest.raises(SeedError):
        seed_database(engine, 10, 5, today=TODAY)
    engine.dispose()

    assert main([*args, "--no-progress", "--force"]) == 0
    out = capsys.readouterr().out
    assert "300 customers" in out and "Demo@2026!" in out, "the command gives the demo users their password"
    engine = make_engine(sqlite_url(path))
    fresh = seeded(tmp_path / "fresh.db", 300, 2)
    try:
        generated = {k: v for k, v in _snapshot(engine).items() if k != "app_user"}
        assert generated == {k: v for k, v in _snapshot(fresh).items() if k != "app_user"}
        with engine.connect() as conn:  # the users differ from a bare seed only by their (salted) passwords
            hashes = dict(conn.execute(text("SELECT username, password_hash FROM app_user")).all())
        assert all(hashes[u].startswith("$argon2id$") for u in ("agent01", "lobby01", "cm01", "super01", "admin"))
        with engine.begin() as conn:  # the application can add rows after a seed
            conn.execute(insert(CustomerPhone).values(customer_id=1, **phone_columns("+8613900000001"), kind="mobile"))
    finally:
        engine.dispose()
        fresh.dispose()


@pytest.mark.postgres
def test_postgres_copy_path_matches_sqlite(pg_database_url: str, tmp_path: Path) -> None:
    lite = seeded(tmp_path / "lite.db", 2000, 11)
    pg = make_engine(pg_database_url)
    try:
        report = seed_database(pg, 2000, 11, today=TODAY)
        assert report.backend == "postgresql" and report.rows["customer"] == 2000
        for table, count in report.rows.items():
            with pg.connect() as a, lite.connect() as b:
                query = text(f'SELECT COUNT(*) FROM "{table}"')
                assert (
                    a.execute(query).scalar_one() == b.execute(query).scalar_one() == (count if table != "role" else 5)
                )
        for table in ("customer", "customer_phone", "product_holding", "ticket", "search_token"):
            # The same rows, except that PostgreSQL stores its search keys peppered (db.pg_security).
            key = PEPPERED_KEYS.get(table)
            skip = (key,) if key else ()
            assert table_digest(pg, table, exclude=skip) == table_digest(lite, table, exclude=skip), table
        with pg.connect() as a, lite.connect() as b:
            pepper = a.execute(text("SELECT pepper FROM pii_pepper")).scalar_one()
            for table in ("customer", "customer_phone", "product_holding"):
                key = PEPPERED_KEYS[table]
                pre = b.execute(text(f"SELECT id, {key} FROM {table} ORDER BY id")).all()
                stored = dict(a.execute(text(f"SELECT id, {key} FROM {table}")).all())
                assert all(stored[i] == peppered(pepper, k) for i, k in pre), table
        with pg.begin() as conn:  # sequences continue after the seeded ids
            new_id = conn.execute(
                insert(CustomerPhone)
                .values(customer_id=1, **phone_columns("+8613900000001"), kind="mobile")
                .returning(CustomerPhone.id)
            ).scalar_one()
            assert new_id > report.rows["customer_phone"]
            key = phone_columns("+8613900000001")["e164_key"]
            plan = "\n".join(
                conn.execute(
                    text(f"EXPLAIN SELECT customer_id FROM customer_phone WHERE e164_key = cd_pii_key('{key}')")
                ).scalars()
            )
            assert "Index" in plan
            # Every seeded user has their own login, in the group role of their role (db.pg_security).
            logins = conn.execute(
                text(
                    "SELECT u.username, u.db_login, r.rolcanlogin, "
                    "pg_has_role(u.db_login, 'contactdesk_' || u.role_code, 'MEMBER') "
                    "FROM app_user u JOIN pg_roles r ON r.rolname = u.db_login ORDER BY u.id"
                )
            ).all()
            assert len(logins) == report.rows["app_user"]
            assert all(login == f"cd_{user}" and can_login and member for user, login, can_login, member in logins)
    finally:
        pg.dispose()
        lite.dispose()


@pytest.mark.postgres
def test_postgres_force_without_superuser_tricks(pg_database_url: str) -> None:
    """The foreign-key fallback (drop, load, re-add validated) used when the role is not a superuser."""
    pg = make_engine(pg_database_url)
    try:
        seed_database(pg, 300, 3, today=TODAY)
        first = table_digest(pg, "customer")
        seed_database(pg, 300, 3, today=TODAY, force=True, replica_role=False)
        assert table_digest(pg, "customer") == first
        with pg.connect() as conn:
            fks = conn.execute(
                text("SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")
            ).scalar_one()
            indexes = conn.execute(text("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'customer'")).scalar_one()
        assert fks > 20 and indexes >= 7
    finally:
        pg.dispose()


def _schema(engine: Engine) -> tuple[int, set[str]]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        insp = inspect(conn)
        customers = conn.execute(select(func.count()).select_from(Customer)).scalar_one()
        indexes = {f"{t}.{ix['name']}" for t in insp.get_table_names() for ix in insp.get_indexes(t)}
    return customers, indexes


def test_a_failed_seed_leaves_the_database_as_it_was(any_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from db.migrate import upgrade
    from db.seed import writer_postgres, writer_sqlite

    engine = make_engine(any_url)
    upgrade(engine)
    before = _schema(engine)

    def broken(self: object, payload: tuple[str, object]) -> None:
        if "interaction" in payload[0]:
            raise RuntimeError("disk full")
        original(self, payload)

    writer = writer_postgres.PostgresWriter if engine.dialect.name == "postgresql" else writer_sqlite.SqliteWriter
    original = writer.write
    monkeypatch.setattr(writer, "write", broken)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            seed_database(engine, 300, 1, today=TODAY)
        assert _schema(engine) == before  # no rows, every index (dropped for the load) back
        monkeypatch.setattr(writer, "write", original)
        seed_database(engine, 300, 1, today=TODAY)  # and it can be seeded afterwards
        assert _schema(engine) == (300, before[1])
    finally:
        engine.dispose()
