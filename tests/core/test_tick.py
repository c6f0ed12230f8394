"""The tick runs every step: one that fails is logged and counted, and the others still run."""

import logging

import pytest
from django.core.management import CommandError, call_command
from prometheus_client import REGISTRY

from secretariat.core import registry

pytestmark = pytest.mark.django_db


def counted(step, outcome):
    labels = {"step": f"{__name__}.{step}", "outcome": outcome}
    return REGISTRY.get_sample_value("secretariat_tick_steps_total", labels) or 0


def test_a_failing_step_does_not_stop_the_steps_after_it(monkeypatch, caplog, capsys):
    ran = []

    def reminders_send(now):
        ran.append("reminders")
        return 3

    def mail_retry(now):
        raise ConnectionRefusedError("the SMTP server is away")

    def deadlines_close(now):
        ran.append("deadlines")
        return 1

    monkeypatch.setattr(registry, "TICK_STEPS", [])
    for step in (reminders_send, mail_retry, deadlines_close):
        registry.tick_step(step)
    before = {
        (s, o): counted(s, o) for s in ("mail_retry", "deadlines_close") for o in ("ok", "failed")
    }

    with caplog.at_level(logging.ERROR), pytest.raises(CommandError) as failed:
        call_command("tick")

    assert ran == ["reminders", "deadlines"]  # the step after the broken one ran
    assert "1 tick step(s) failed" in str(failed.value)
    printed = capsys.readouterr().out
    assert f"{__name__}.deadlines_close: 1" in printed
    assert "mail_retry: FAILED (ConnectionRefusedError: the SMTP server is away)" in printed
    logged = [r for r in caplog.records if r.name == "secretariat.core.registry"]
    assert [r.getMessage() for r in logged] == [f"tick step {__name__}.mail_retry failed"]
    assert logged[0].exc_info[0] is ConnectionRefusedError  # with its traceback
    assert counted("mail_retry", "failed") == before["mail_retry", "failed"] + 1
    assert counted("deadlines_close", "ok") == before["deadlines_close", "ok"] + 1


def test_every_step_registered_runs_and_succeeds_on_an_empty_site(capsys):
    call_command("tick")
    assert "FAILED" not in capsys.readouterr().out
