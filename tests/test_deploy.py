"""The deployment files hold together (no Docker daemon here: scripts/check_container.sh runs
the image's steps for real; these check the files' structure on every test run)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings
from scripts.requirements import requirements

ROOT = Path(__file__).resolve().parents[1]


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_image_pins_python_builds_the_venv_apart_and_runs_as_a_plain_user() -> None:
    steps = dockerfile()
    image = next(a for kind, a in steps if kind == "ARG" and a.startswith("PYTHON_IMAGE="))
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.\d+\.\d+-slim-\w+", image), image
    stages = [arguments for kind, arguments in steps if kind == "FROM"]
    assert len(stages) == 2 and stages[0].endswith("AS venv")
    final = steps[max(i for i, step in enumerate(steps) if step[0] == "FROM") :]
    assert ("USER", "backcoach") in final
    assert not any(kind == "RUN" and "pip" in arguments for kind, arguments in final)
    assert any(kind == "COPY" and "--from=venv /opt/venv" in arguments for kind, arguments in final)
    assert any(kind == "HEALTHCHECK" and "/healthz" in arguments for kind, arguments in final)
    assert ("CMD", '["python", "-m", "bot"]') in final


def test_everything_the_image_copies_gets_past_dockerignore_and_secrets_do_not() -> None:
    allowed = [
        line[1:] for line in (ROOT / ".dockerignore").read_text().splitlines() if line[:1] == "!"
    ]
    assert "*" in (ROOT / ".dockerignore").read_text().splitlines()  # an allow-list
    copied = [
        path
        for kind, arguments in dockerfile()
        if kind == "COPY" and "--from" not in arguments
        for path in arguments.split()[:-1]
    ]
    for path in copied:
        assert path in allowed and (ROOT / path).exists(), path
    assert not {".env", ".venv", ".git", "tests"} & set(allowed)


def test_the_venv_gets_the_dependencies_and_the_chosen_extras() -> None:
    plain = requirements(ROOT / "pyproject.toml", [])
    assert any(r.startswith("prometheus-client") for r in plain)
    assert not any(r.startswith("sentry-sdk") for r in plain)  # optional
    assert any(
        r.startswith("sentry-sdk") for r in requirements(ROOT / "pyproject.toml", ["sentry"])
    )


def test_compose_runs_the_bot_with_postgresql_a_volume_and_health_checks() -> None:
    spec = compose()
    bot, db = spec["services"]["bot"], spec["services"]["db"]
    assert bot["build"] == "."
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://backcoach:")
    assert "@db:5432/backcoach" in bot["environment"]["DATABASE_URL"]
    assert "/readyz" in " ".join(bot["healthcheck"]["test"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["image"].startswith("postgres:")
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pgdata" in spec["volumes"]
    assert bot["restart"] == db["restart"] == "unless-stopped"
    assert bot["ports"] == ["127.0.0.1:8080:8080"]  # health and metrics: not on the internet
    assert bot["environment"]["HEALTH_HOST"] == "0.0.0.0"  # or the published port reaches nothing


def test_health_listens_on_loopback_unless_told_and_the_image_tells_it_all_interfaces() -> None:
    assert Settings(_env_file=None).health_host == "127.0.0.1"  # type: ignore[call-arg]
    env = " ".join(arguments for kind, arguments in dockerfile() if kind == "ENV")
    assert "HEALTH_HOST=0.0.0.0" in env.split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_example_is_a_valid_unit(tmp_path: Path) -> None:
    unit = (ROOT / "deploy" / "backcoach.service").read_text()
    assert "User=backcoach" in unit and "ExecStartPre=" in unit and "migrate" in unit
    # The example's paths do not exist here: point them at a Python that does.
    checked = tmp_path / "backcoach.service"
    checked.write_text(
        unit.replace("/opt/backcoach/.venv/bin/python", shutil.which("python3") or "")
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(checked)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
