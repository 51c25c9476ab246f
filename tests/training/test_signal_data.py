"""Binary-signal corpus helpers: de-duplication, negative caps, thread parsing."""

from __future__ import annotations

from pathlib import Path

from training.data.binary import build_split, dedupe
from training.data.dialog_acts import read_thread
from training.signal_config import SourceConfig

THREAD = """Annotation for intention:
Planning

<xml><message><content>
M1.1. Steve,
[Conventional: salutation]
M1.2. Could you send me the
revised petition today?
[Request-Action: asks for the petition]
M1.3. I removed the allegation.
[Inform: removed]
</content></message></xml>
"""


def test_dedupe_keeps_the_first_of_texts_equal_up_to_case_and_spacing() -> None:
    (texts, labels), dropped = dedupe(
        ["Hi  there", "hi there", "Bye"], ["no", "yes", "no"]
    )

    assert texts == ["Hi  there", "Bye"]
    assert labels == ["no", "no"]
    assert dropped == 1


def test_held_out_texts_also_in_train_are_dropped() -> None:
    source = SourceConfig(corpus="bitext_intents.v1")
    train = (["a b", "c d"], ["no", "yes"])
    test = (["A B", "e f"], ["no", "yes"])

    split = build_split("x", train, test, source, 1, [], "m", [], {})

    assert split.test_texts == ["e f"]
    assert split.counts["test_dropped_also_in_train"] == 1


def test_a_negative_cap_keeps_every_positive() -> None:
    source = SourceConfig(corpus="mrda_dialog_acts.v1", max_train_negatives=10)
    texts = [f"text {i}" for i in range(100)]
    labels = ["yes" if i % 20 == 0 else "no" for i in range(100)]

    split = build_split("x", (texts, labels), ([], []), source, 1, [], "m", [], {})

    assert split.train_labels.count("yes") == 5
    assert split.train_labels.count("no") == 10


def test_a_thread_file_yields_each_sentence_with_its_dialog_act(tmp_path: Path) -> None:
    path = tmp_path / "thread1.xml"
    path.write_text(THREAD)

    units = read_thread(path)

    assert units == [
        ("Steve,", "Conventional"),
        ("Could you send me the revised petition today?", "Request-Action"),
        ("I removed the allegation.", "Inform"),
    ]
