"""What can be checked of the container and PaaS files without a container engine."""

import asyncio
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.cli import build_parser
from bot.service.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    pairs = []
    for line in joined.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            word, _, rest = stripped.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def arguments(name: str) -> list[str]:
    return [rest for word, rest in instructions() if word == name]


def healthcheck_code() -> str:
    (health,) = arguments("HEALTHCHECK")
    command = json.loads(health[health.index("CMD") + 3 :].strip())
    assert command[:2] == ["python", "-c"]
    return str(command[2])


def test_base_image_is_the_newest_python_that_ci_tests() -> None:
    assert arguments("FROM") == ["python:3.13-slim"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "NEWEST=$(venv 3.13)" in ci


def test_image_installs_with_the_readme_command() -> None:
    (install,) = [run for run in arguments("RUN") if "pip install" in run]
    command = "pip install --require-hashes -r requirements.lock && pip install --no-deps ."
    assert install == command
    assert "requirements.lock" in arguments("COPY")[0].split()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = readme[readme.index("## Déployer") :]
    assert re.search(rf"^{re.escape(command)}$", deploy, re.MULTILINE)


def test_image_runs_as_a_non_root_user() -> None:
    users = arguments("USER")
    assert users, "no USER instruction: the image would run as root"
    assert users[-1] not in ("root", "0", "0:0")
    last_user = max(i for i, (word, _) in enumerate(instructions()) if word == "USER")
    assert instructions()[-1][0] == "CMD"
    assert last_user < len(instructions()) - 1


def test_command_is_betabot_run_and_the_console_script_exists() -> None:
    assert arguments("CMD") == ['["betabot", "run"]']
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["betabot"] == "bot.cli:main"
    with pytest.raises(SystemExit) as leaving:
        build_parser().parse_args(["run", "--help"])
    assert leaving.value.code == 0


def test_procfile_web_process_runs_betabot_which_reads_the_platform_port() -> None:
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    assert procfile == "web: betabot run\n"  # PORT is read when BETABOT_HTTP_PORT is absent


def test_knowledge_is_baked_in_where_the_environment_points() -> None:
    assert "knowledge/ /app/knowledge/" in arguments("COPY")
    env = " ".join(arguments("ENV"))
    assert "BETABOT_KNOWLEDGE_DIR=/app/knowledge" in env


def test_exposed_port_is_the_default_http_port_and_a_platform_port_can_win() -> None:
    env = " ".join(arguments("ENV"))
    default_port = Settings.__dataclass_fields__["http_port"].default
    assert arguments("EXPOSE") == [str(default_port)]
    assert "BETABOT_HTTP_PORT" not in env  # it would hide the platform's PORT


def test_dockerignore_keeps_secrets_and_local_data_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for pattern in (".env", ".git", "*.sqlite3", "tests", ".venv"):
        assert pattern in ignored


@pytest.mark.parametrize("variable", ["BETABOT_HTTP_PORT", "PORT"])
@pytest.mark.parametrize(("status", "exit_code"), [(200, 0), (503, 1)])
async def test_healthcheck_exits_zero_only_when_healthz_is_ok(
    status: int, exit_code: int, variable: str
) -> None:
    seen: list[str] = []

    async def healthz(request: web.Request) -> web.Response:
        seen.append(request.path)
        return web.json_response({"status": "ok" if status == 200 else "degraded"}, status=status)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    async with TestServer(app, host="127.0.0.1") as server:
        env = {variable: str(server.port), "PATH": "/usr/bin:/bin"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", healthcheck_code(), env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert await proc.wait() == exit_code
    assert seen == ["/healthz"]
