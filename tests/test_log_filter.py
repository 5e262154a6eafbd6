"""``RedactingFilter``: every credential form of every store masked in log records.

Recall is measured on ``tests/credential_corpus.py`` (what ``benchmarks/log_maskers.py``
measures other maskers on): 100 %, in the message, the arguments, the exception text and
the stack text. The rest: records otherwise unchanged, records that cannot be formatted,
``dictConfig``, the exception chain as formatters that read ``exc_info`` see it.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import logging.config
import re
import traceback
from pathlib import Path

import pytest

from glance_locations.log import RedactedException, RedactingFilter

from .credential_corpus import FORMS, PLACES, formatted, leaked, record, samples
from .helpers import BENCHMARKS, run_script

SAMPLES = samples()


def _through_filter(made: logging.LogRecord) -> str:
    assert RedactingFilter().filter(made) is True
    return formatted(made)


def test_the_corpus_covers_every_store_form_and_place() -> None:
    assert {sample.store for sample in SAMPLES} == {"http", "swift", "s3"}
    assert {(sample.form, sample.place) for sample in SAMPLES} == {
        (form, place) for form in FORMS for place in PLACES
    }
    # Unfiltered, every sample shows every mark of its secrets: the corpus can detect leaks.
    for sample in SAMPLES:
        assert leaked(sample, formatted(record(sample))) == sample.marks, sample.id


def test_recall_is_100_percent_on_the_corpus() -> None:
    leaks = {
        sample.id: marks
        for sample in SAMPLES
        if (marks := leaked(sample, _through_filter(record(sample))))
    }
    assert leaks == {}
    assert len(SAMPLES) >= 500


def test_what_is_not_a_credential_is_kept() -> None:
    sample = next(
        s
        for s in SAMPLES
        if s.written.startswith("s3+http://") and s.id.endswith("plain-argument")
    )
    made = record(sample)
    out = _through_filter(made)
    assert out == (
        "WARNING glance.api Image location s3+http://***@10.0.0.5:8080/bucket/key-1 "
        "could not be read"
    )


def test_a_record_keeps_its_level_name_and_extra_attributes() -> None:
    made = logging.makeLogRecord(
        {
            "name": "glance.store",
            "levelno": logging.ERROR,
            "levelname": "ERROR",
            "msg": "copy to %s failed (request %s)",
            "args": ("s3://AK:se/cret@h/b/k", "req-1"),
            "request_id": "req-1",
            "instance_uuid": "42",
        }
    )
    RedactingFilter().filter(made)
    assert made.getMessage() == "copy to s3://***@h/b/k failed (request req-1)"
    assert (made.name, made.levelno, made.levelname) == ("glance.store", logging.ERROR, "ERROR")
    assert {k: made.__dict__[k] for k in ("request_id", "instance_uuid")} == {
        "request_id": "req-1",
        "instance_uuid": "42",
    }


def test_a_record_without_credentials_is_left_as_it_is() -> None:
    args = ("rbd://fsid/pool/img/snap", 3)
    made = logging.makeLogRecord({"msg": "%s: %d tries", "args": args})
    RedactingFilter().filter(made)
    assert made.msg == "%s: %d tries"
    assert made.args is args


def test_a_credential_split_between_format_and_arguments_is_masked() -> None:
    made = logging.makeLogRecord({"msg": "s3://%s:%s@%s/b/k", "args": ("AK", "Qk7zz", "h")})
    RedactingFilter().filter(made)
    assert made.getMessage() == "s3://***@h/b/k"


def test_arguments_of_any_type_are_masked_by_their_text() -> None:
    class Holder:
        def __str__(self) -> str:
            return "Holder(https://u:Qk7zz@h/x)"

    made = logging.makeLogRecord({"msg": "%s %d %r", "args": (Holder(), 7, "token")})
    RedactingFilter().filter(made)
    assert made.getMessage() == "Holder(https://***@h/x) 7 'token'"


def test_mapping_arguments_are_masked_even_when_the_message_does_not_use_them() -> None:
    arguments = ({"a": 1, "b": "https://u:Qk7zz@h"},)  # as logger.info("%(a)s", {...}) makes it
    made = logging.LogRecord("n", logging.INFO, __file__, 1, "%(a)s", arguments, None)
    RedactingFilter().filter(made)
    assert made.args == {"a": 1, "b": "https://***@h"}
    assert made.getMessage() == "1"


def test_a_record_that_cannot_be_formatted_passes_with_its_arguments_masked() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    made = logging.makeLogRecord({"msg": "%s %s %s", "args": ("https://u:Qk7zz@h", Broken())})
    assert RedactingFilter().filter(made) is True
    assert made.args == ("https://***@h", "<unprintable Broken>")
    with pytest.raises(TypeError):
        made.getMessage()


def test_a_bad_format_string_holding_a_credential_is_masked() -> None:
    made = logging.makeLogRecord({"msg": "https://u:Qk7zz@h %d", "args": ("x",)})
    RedactingFilter().filter(made)
    assert made.msg == "https://***@h %d"


def test_an_exception_whose_text_holds_a_credential_is_stood_in_for() -> None:
    # Held in variables: the formatter of a stand-in reads the source lines of its frames
    # from the files (a credential written in code is not log data).
    inner, outer = "swift://a:u:Qk7zz@h/v1/c/o", "http://u:Qk7zy@h/x?token=Qk7zx"
    try:
        try:
            raise KeyError(inner)
        except KeyError as cause:
            raise ValueError(outer) from cause
    except ValueError as error:
        made = logging.makeLogRecord({"msg": "boom", "exc_info": (ValueError, error, None)})
        made.exc_info = (type(error), error, error.__traceback__)
    RedactingFilter().filter(made)
    assert made.exc_text is not None
    assert "ValueError: http://***@h/x?token=***" in made.exc_text
    assert "KeyError: 'swift://***@h/v1/c/o'" in made.exc_text
    # What a formatter that reads exc_info itself (oslo.log's) shows.
    assert made.exc_info is not None
    stand_in = made.exc_info[1]
    assert isinstance(stand_in, RedactedException)
    shown = "".join(traceback.format_exception(stand_in))
    assert "Qk7z" not in shown
    assert "ValueError: http://***@h/x?token=***" in shown
    assert "KeyError: 'swift://***@h/v1/c/o'" in shown
    assert "in test_an_exception_whose_text_holds_a_credential_is_stood_in_for" in shown


def test_an_exception_without_credentials_is_kept() -> None:
    error = ValueError("rbd://fsid/pool/img")
    made = logging.makeLogRecord({"msg": "boom", "exc_info": (ValueError, error, None)})
    RedactingFilter().filter(made)
    assert made.exc_info == (ValueError, error, None)


def test_dict_config_attaches_it_to_a_handler() -> None:
    stream = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"redact": {"()": "glance_locations.log.RedactingFilter"}},
            "handlers": {
                "out": {"class": "logging.StreamHandler", "stream": stream, "filters": ["redact"]}
            },
            "loggers": {"test_log_filter": {"handlers": ["out"], "propagate": False}},
        }
    )
    logger = logging.getLogger("test_log_filter.child")
    try:
        logger.warning("fetching %s", "https://b.s3.example.com/k?X-Amz-Signature=Qk7zz")
        logger.warning("s3://AK:Qk7zy/Qk7zx@h/b/k")
    finally:
        logging.getLogger("test_log_filter").handlers.clear()
    assert stream.getvalue() == (
        "fetching https://b.s3.example.com/k?X-Amz-Signature=***\ns3://***@h/b/k\n"
    )


def test_an_argument_shown_in_part_is_masked_in_the_arguments() -> None:
    made = logging.makeLogRecord({"msg": "%.5s", "args": ("https://u:Qk7zz@h",)})
    RedactingFilter().filter(made)
    assert made.getMessage() == "https"
    assert made.args == ("https://***@h",)


def test_the_maskers_script_measures_ours_on_the_same_corpus() -> None:
    stdout = run_script(BENCHMARKS / "log_maskers.py")
    assert f"corpus: {len(SAMPLES)} samples" in stdout
    assert f"RedactingFilter: recall 100.0 % ({len(SAMPLES)}/{len(SAMPLES)})" in stdout
    # The others are measured where installed (the conformance environment), else named.
    assert "oslo.utils mask_password: " in stdout
    assert "detect-secrets BasicAuthDetector: " in stdout


def test_the_cost_script_prints_a_ratio_per_kind_of_record() -> None:
    stdout = run_script(BENCHMARKS / "log_filter_cost.py", "--rounds", "1", "--number", "5")
    rows = [line.split() for line in stdout.splitlines()[1:]]
    assert [" ".join(row[:-3]) for row in rows] == [
        "no URI",
        "clean URI",
        "credential arg",
        "presigned msg",
        "exception",
    ]
    assert all(float(row[-1]) > 0 for row in rows)


def _security_page_blocks() -> list[str]:
    """The python blocks of docs/security.md's logging section."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "security.md").read_text("utf-8")
    section = text.split("## Logging: `RedactingFilter`", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_the_dict_config_example_of_the_security_page_runs(tmp_path: Path) -> None:
    """The page's code, run as a module of its own (its asserts are the checks)."""
    blocks = _security_page_blocks()
    assert len(blocks) == 2  # dictConfig here; oslo.log in tests/conformance/test_log_oslo.py
    source = tmp_path / "security_dict_config.py"
    source.write_text(blocks[0], encoding="utf-8")
    spec = importlib.util.spec_from_file_location("security_dict_config", source)
    assert spec is not None
    assert spec.loader is not None
    try:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    finally:
        logging.getLogger("glance_store").handlers.clear()


def test_an_object_argument_shown_by_its_repr_is_masked_in_the_arguments() -> None:
    class Holder:
        def __repr__(self) -> str:
            return "Holder()"

        def __str__(self) -> str:
            return "https://u:Qk7zz@h"

    made = logging.makeLogRecord({"msg": "%r", "args": (Holder(),)})
    RedactingFilter().filter(made)
    assert made.getMessage() == "'https://***@h'"  # the argument is its masked text now
    assert made.args == ("https://***@h",)


def test_an_exception_chain_that_loops_is_stood_in_for_once_per_link() -> None:
    first, second = ValueError("https://u:Qk7zz@h/a"), KeyError("https://u:Qk7zy@h/b")
    first.__cause__, first.__context__ = second, second
    second.__context__ = first  # a loop
    made = logging.makeLogRecord({"msg": "boom", "exc_info": (ValueError, first, None)})
    RedactingFilter().filter(made)
    assert made.exc_info is not None
    stand_in = made.exc_info[1]
    assert isinstance(stand_in, RedactedException)
    assert stand_in.__cause__ is stand_in.__context__
    assert stand_in.__cause__ is not None
    assert stand_in.__cause__.__context__ is stand_in
    shown = "".join(traceback.format_exception(stand_in))
    assert "Qk7z" not in shown
    assert "ValueError: https://***@h/a" in shown
