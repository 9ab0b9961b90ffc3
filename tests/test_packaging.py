"""The coach's wheel on its own: installed away from the repository, it migrates a database and
finds its catalogs, and it holds every module of bot/ and nothing of the emulator."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs this interpreter and pip on the repository's own files
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# What building the wheel reads; a copy, so that neither a stale build/ directory of the
# checkout ends up in the wheel nor the build writes into the checkout.
SOURCES = ["pyproject.toml", "README.md", "bot", "locales", "migrations"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.mo")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    build = ["wheel", "--no-deps", "--no-build-isolation", "--quiet", "--wheel-dir", str(out)]
    subprocess.run(  # nosec B603
        [sys.executable, "-m", "pip", *build, str(source)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    [built] = out.glob("pelatih_wawancara-*.whl")
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked, as pip would install it; dependencies come from this venv."""
    directory = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(directory)
    return directory


def run_installed(site: Path, cwd: Path, *args: str, **env: str) -> str:
    """Runs this interpreter with the unpacked wheel first on the path, from `cwd`."""
    result = subprocess.run(  # nosec B603
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(site), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wheel_holds_every_module_and_data_file_and_no_emulator(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {path.relative_to(ROOT).as_posix() for path in (ROOT / "bot").rglob("*.py")}
    missing = sorted(expected - names)
    assert not missing, f"add their packages to [tool.setuptools] packages: {missing}"
    for data in ("locales", "migrations"):
        for path in (ROOT / data).rglob("*"):
            if path.suffix in {".po", ".pot", ".py", ".mako"} and "__pycache__" not in path.parts:
                assert f"bot/{path.relative_to(ROOT).as_posix()}" in names
    assert not [name for name in names if "emulator" in name or name.startswith("tgemu")]


def test_installed_wheel_migrates_and_finds_its_catalogs(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    database = tmp_path / "data" / "coach.db"
    url = f"sqlite+aiosqlite:///{database}"

    output = run_installed(site, elsewhere, "-m", "bot", "migrate", DATABASE_URL=url)

    assert "Database is up to date." in output
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        [(revision,)] = connection.execute("SELECT version_num FROM alembic_version")
    assert {"users", "applications", "follow_ups"} <= tables
    assert revision

    with (ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    msgid, msgstr = next(
        (m.id, m.string)
        for m in catalog
        if isinstance(m.id, str) and m.id and m.string and m.string != m.id
    )
    check = (
        "import sys, bot, bot.i18n as i18n\n"
        "print(bot.__file__)\n"
        "print(i18n.LOCALES_DIR)\n"
        "with i18n.use_locale('en'):\n"
        "    print(repr(i18n.gettext(sys.argv[1])))\n"
    )
    module, locales, translated = run_installed(site, elsewhere, "-c", check, msgid).splitlines()
    assert Path(module).is_relative_to(site)
    assert Path(locales) == site / "bot" / "locales"
    assert translated == repr(msgstr)
