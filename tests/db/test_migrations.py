"""Migrations: the schema they build matches the tables, and data survives."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import select, text

from app.core.db import SessionFactory, make_engine
from app.db.migrate import alembic_config, upgrade_database
from app.db.tables import Message


def test_migrated_schema_matches_the_table_definitions(database_url):
    command.check(alembic_config(database_url))


def test_a_new_sqlite_file_in_a_missing_folder_is_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'not' / 'yet' / 'there.db'}"
    upgrade_database(url)
    command.check(alembic_config(url))


def test_an_existing_database_upgrades_with_its_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade_database(url, "0001")
    _seed_first_schema(url)
    upgrade_database(url)
    engine = make_engine(url)
    with SessionFactory(engine).scope() as session:
        message = session.scalar(select(Message))
        assert message.subject == "kept" and message.public is True
    engine.dispose()


def _seed_first_schema(url: str) -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tenants (id, name, buyer_domains, calendar, created_at)"
                " VALUES (1, :n, '[]', '{}', :t)"
            ),
            {"n": f"old-{uuid.uuid4().hex[:6]}", "t": now},
        )
        connection.execute(
            text(
                "INSERT INTO conversations (id, tenant_id, channel, thread_key,"
                " subject, first_at, last_at) VALUES (1, 1, 'email', 'k', 's', :t, :t)"
            ),
            {"t": now},
        )
        connection.execute(
            text(
                "INSERT INTO messages (id, tenant_id, conversation_id, channel,"
                " content_hash, sender_name, subject, sent_at, body_text, new_text,"
                " source_format, source_ref, created_at) VALUES (1, 1, 1, 'email',"
                " 'h', '', 'kept', :t, '', '', 'eml', 'x', :t)"
            ),
            {"t": now},
        )
        connection.execute(
            text(
                "INSERT INTO raw_messages (message_id, tenant_id, raw)"
                " VALUES (1, 1, :r)"
            ),
            {"r": b"raw"},
        )
    engine.dispose()
