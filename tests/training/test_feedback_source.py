"""`feedback.v1`: corrections stored through the service, read back by training."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import update
from typer.testing import CliRunner

from app.core.db import SessionFactory
from app.db.tables import Message
from app.feedback.schemas import FeedbackCreate
from app.feedback.service import record_feedback
from app.tenants.service import create_tenant
from tests.fixtures.messages import store_message
from training.cli import app
from training.config import ConfigError, apply_overrides, validate_config
from training.data.feedback import load_feedback
from training.signal_config import SourceConfig
from training.train import TrainingDataError

from .conftest import FIXTURE_DATA

runner = CliRunner()

THANKS = "Thank you so much for turning this around so quickly."
INVOICE = "The invoice for March is attached to this message."
TWO_SENTENCES = f"{INVOICE} {THANKS} Regards"


@pytest.fixture
def tenant(sessions) -> tuple[int, str]:
    with sessions.scope() as session:
        row = create_tenant(session, f"fb-{uuid.uuid4().hex[:8]}", ["b.example"])
        return row.id, row.name


def _correct(sessions: SessionFactory, tenant_id: int, text: str, **fields) -> None:
    message_id = store_message(sessions, tenant_id, text)
    data = FeedbackCreate(message_id=message_id, signal="appreciation", **fields)
    with sessions.scope(write=True) as session:
        record_feedback(session, tenant_id, None, data)


def _source(database_url: str, tenant_name: str, **extra) -> SourceConfig:
    return SourceConfig(
        corpus="feedback.v1",
        signal="appreciation",
        database_url=database_url,
        tenant=tenant_name,
        **extra,
    )


def _all_items(split) -> set[tuple[str, str]]:
    texts = split.train_texts + split.test_texts
    return set(zip(texts, split.train_labels + split.test_labels, strict=True))


def test_corrections_load_as_their_texts_and_labels(sessions, database_url, tenant):
    _correct(sessions, tenant[0], TWO_SENTENCES, sentence_index=1, label="yes")
    _correct(sessions, tenant[0], INVOICE, label="no")

    split = load_feedback(Path("."), _source(database_url, tenant[1]), seed=3)

    assert _all_items(split) == {(THANKS, "yes"), (INVOICE, "no")}
    assert split.corpus == "feedback" and split.labels == ("no", "yes")
    assert split.counts["rows"] == 2 and split.counts["dropped_text_changed"] == 0
    assert split.sources[0].path.startswith("feedback (signal 'appreciation'")


def test_a_correction_whose_text_changed_is_skipped_and_counted(
    sessions, database_url, tenant
):
    _correct(sessions, tenant[0], TWO_SENTENCES, sentence_index=1, label="yes")
    _correct(sessions, tenant[0], INVOICE, label="no")
    with sessions.scope(write=True) as session:
        session.execute(
            update(Message)
            .where(Message.tenant_id == tenant[0], Message.new_text == INVOICE)
            .values(new_text="The invoice for April is attached to this message.")
        )

    split = load_feedback(Path("."), _source(database_url, tenant[1]), seed=3)

    assert _all_items(split) == {(THANKS, "yes")}
    assert split.counts["dropped_text_changed"] == 1


def test_enough_corrections_are_split_by_the_test_fraction(
    sessions, database_url, tenant
):
    for n in range(5):
        _correct(sessions, tenant[0], f"{THANKS} Truly, number {n}.", label="yes")
        _correct(sessions, tenant[0], f"{INVOICE} Reference number {n}.", label="no")

    source = _source(database_url, tenant[1], test_fraction=0.4)
    split = load_feedback(Path("."), source, seed=3)

    assert split.label_counts("test") == {"no": 2, "yes": 2}
    assert split.label_counts("train") == {"no": 3, "yes": 3}


def test_no_feedback_for_the_signal_is_one_clear_line(database_url, tenant):
    with pytest.raises(TrainingDataError) as raised:
        load_feedback(Path("."), _source(database_url, tenant[1]), seed=3)

    assert str(raised.value).startswith("no feedback for signal 'appreciation'")
    assert "\n" not in str(raised.value)


def test_an_unmigrated_database_says_to_migrate(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"

    with pytest.raises(TrainingDataError, match="suppeq migrate"):
        load_feedback(Path("."), _source(url, "any"), seed=3)


def _signal_raw(**source: Any) -> dict[str, Any]:
    return {
        "kind": "binary_signal",
        "signal": "appreciation",
        "version": "0.0.1",
        "sources": [{"corpus": "feedback.v1", **source}],
    }


def test_a_feedback_source_reads_the_configs_signal_by_default():
    config = validate_config(_signal_raw())

    assert config.sources[0].signal == "appreciation"
    assert config.sources[0].label == "feedback"


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ({"database_url": "postgresql://u:secret@h/db"}, "must not hold a password"),
        ({"signal": "sentiment"}, "reads yes/no corrections"),
    ],
)
def test_a_feedback_source_refuses_what_it_cannot_read(source, complaint):
    with pytest.raises(ConfigError, match=complaint):
        validate_config(_signal_raw(**source))


def test_database_options_belong_to_feedback_only():
    raw = _signal_raw()
    raw["sources"] = [{"corpus": "parakweet_intent.v1", "tenant": "acme"}]

    with pytest.raises(ConfigError, match="only for feedback.v1"):
        validate_config(raw)


def test_an_override_can_append_a_source():
    raw = apply_overrides({"sources": [{"corpus": "x"}]}, ["sources+={corpus: y}"])

    assert raw["sources"] == [{"corpus": "x"}, {"corpus": "y"}]
    with pytest.raises(ConfigError, match="not a list"):
        apply_overrides({"seed": 3}, ["seed+=4"])


def _appreciation_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "appreciation.yaml"
    config = {
        "kind": "binary_signal",
        "signal": "appreciation",
        "version": "0.0.1",
        "seed": 3,
        "data_dir": str(FIXTURE_DATA),
        "featuriser": {"name": "hashing.v1", "hashing_features": 64},
        "sources": [{"corpus": "goemotions_emotions.v1", "positive": ["gratitude"]}],
        "evaluation": {"bootstrap_resamples": 20},
    }
    path.write_text(yaml.safe_dump(config))
    return path


def _with_feedback(database_url: str, tenant_name: str) -> str:
    return (
        f"sources+={{corpus: feedback.v1, database_url: '{database_url}', "
        f"tenant: {tenant_name}}}"
    )


def test_train_with_feedback_added_on_the_command_line(
    sessions, database_url, tenant, tmp_path
):
    for n in range(5):
        _correct(sessions, tenant[0], f"{THANKS} Truly, number {n}.", label="yes")
        _correct(sessions, tenant[0], f"{INVOICE} Reference number {n}.", label="no")
    output = tmp_path / "model"

    trained = runner.invoke(
        app,
        [
            "train",
            str(_appreciation_yaml(tmp_path)),
            "--output-dir",
            str(output),
            "--set",
            _with_feedback(database_url, tenant[1]),
        ],
    )
    report = output.parent / "report.json"
    evaluated = runner.invoke(app, ["evaluate", str(output), "--output", str(report)])

    assert trained.exit_code == 0, trained.output
    card = json.loads((output / "card.json").read_text())
    assert card["data"]["feedback"]["train_label_counts"] == {"no": 4, "yes": 4}
    assert "appreciation.feedback" in card["metrics"]
    assert evaluated.exit_code == 0, evaluated.output
    assert json.loads(report.read_text())["mismatches"] == []


def test_train_without_feedback_for_the_signal_fails_clearly(
    database_url, tenant, tmp_path
):
    result = runner.invoke(
        app,
        [
            "train",
            str(_appreciation_yaml(tmp_path)),
            "--output-dir",
            str(tmp_path / "model"),
            "--set",
            _with_feedback(database_url, tenant[1]),
        ],
    )

    assert result.exit_code == 1
    assert "no feedback for signal 'appreciation'" in " ".join(result.output.split())
