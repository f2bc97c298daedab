"""Build Article Editor for this platform with one command: ``python packaging/build.py``.

- Linux:   dist/article-editor/ (the bundle) and dist/article-editor_<version>_<arch>.deb
- Windows: dist/article-editor/ and dist/ArticleEditor-<version>-setup.exe (Inno Setup)
- macOS:   dist/Article Editor.app and dist/ArticleEditor-<version>.dmg (signed and
  notarized when a Developer ID is given; see packaging/README.md)

It first measures a reference build with PyInstaller's defaults, to report the size before
and after trimming (``--skip-untrimmed`` leaves that out). Run with a Python 3.11 that lacks
the dependencies, it installs ``.[packaging]`` into ``.venv`` and runs again from there.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

NAME = "article-editor"
SPEC = HERE / "article-editor.spec"
BUILD = ROOT / "build" / "packaging"
DIST = ROOT / "dist"
MIB = 1024 * 1024


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    options = _parser().parse_args(args)
    bootstrapped = _ensure_build_environment(args)
    if bootstrapped is not None:
        return bootstrapped

    version = project_version()
    print(f"Building Article Editor {version} for {sys.platform} with Python {_python()}")
    started = time.monotonic()

    with _step("icons"):
        from icons import make_icons

        icons = make_icons(ROOT / "resources" / "icons" / f"{NAME}.svg", BUILD / "icons", NAME)
        print("  " + ", ".join(str(path.relative_to(ROOT)) for path in icons))

    untrimmed_bytes = None
    if not options.skip_untrimmed:
        with _step("reference build with PyInstaller's defaults (no project hook, no trim)"):
            untrimmed = BUILD / "untrimmed"
            pyinstaller(untrimmed / "dist", untrimmed / "work", untrimmed=True, options=options)
            untrimmed_bytes, files = folder_size(untrimmed / "dist" / NAME)
            print(f"  {_mib(untrimmed_bytes)} in {files} files")
            shutil.rmtree(untrimmed / "dist")  # measured; half a gigabyte not worth keeping

    with _step("bundle"):
        report_path = BUILD / "trim-report.json"
        pyinstaller(DIST, BUILD / "work", untrimmed=False, options=options, report=report_path)
        bundle = DIST / NAME
        trimmed_bytes, files = folder_size(bundle)
        print(f"  {bundle.relative_to(ROOT)}: {_mib(trimmed_bytes)} in {files} files")
        print_trim_report(json.loads(report_path.read_text(encoding="utf-8")))

    if sys.platform.startswith("linux") and not options.no_installer:
        with _step(".deb"):
            from deb import build_deb

            deb = build_deb(bundle, BUILD / "deb", DIST, version)
            print(f"  {deb.relative_to(ROOT)}: {_mib(deb.stat().st_size)}")
            print("  Depends: " + _control_field(BUILD / "deb", "Depends"))
    elif sys.platform == "win32" and not options.no_installer:
        with _step("installer (Inno Setup)"):
            print(f"  {windows_installer(bundle, version)}")
    elif sys.platform == "darwin" and not options.no_installer:
        with _step(".dmg"):
            subprocess.run(
                [
                    "bash",
                    str(HERE / "macos" / "make_dmg.sh"),
                    str(DIST / "Article Editor.app"),
                    version,
                    str(DIST),
                ],
                check=True,
            )

    if untrimmed_bytes is not None:
        saved = 1 - trimmed_bytes / untrimmed_bytes
        print(
            f"Size before trimming: {_mib(untrimmed_bytes)}; after: {_mib(trimmed_bytes)} "
            f"({saved:.0%} less)"
        )
    print(f"Done in {time.monotonic() - started:.0f} s")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python packaging/build.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--skip-untrimmed",
        action="store_true",
        help="do not measure the untrimmed reference build (saves about half a minute)",
    )
    parser.add_argument(
        "--locales",
        default="en-US",
        help="QtWebEngine locales to keep, comma-separated (default en-US; Chromium falls "
        "back to en-US for the others)",
    )
    parser.add_argument(
        "--no-installer", action="store_true", help="build the bundle only (no .deb/.exe/.dmg)"
    )
    parser.add_argument(
        "--clean", action="store_true", help="let PyInstaller clear its caches first"
    )
    return parser


def _ensure_build_environment(args: list[str]) -> int | None:
    """None when this interpreter can build; else the exit code of a run from .venv."""
    missing = [module for module in ("PyInstaller", "PySide6") if not _importable(module)]
    try:
        importlib.metadata.version("article-editor")
    except importlib.metadata.PackageNotFoundError:
        missing.append("article-editor")
    if not missing:
        return None
    if os.environ.get("ARTICLE_EDITOR_BUILD_BOOTSTRAPPED"):
        print(f"build.py: still missing after installing: {', '.join(missing)}", file=sys.stderr)
        return 2
    if sys.version_info[:2] != (3, 11):
        print(
            f"build.py: needs Python 3.11 (this is {_python()}); PySide6 is pinned for it",
            file=sys.stderr,
        )
        return 2
    venv = ROOT / ".venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    print(f"build.py: {', '.join(missing)} missing here; installing .[packaging] into {venv}")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[packaging]"], check=True
    )
    environment = {**os.environ, "ARTICLE_EDITOR_BUILD_BOOTSTRAPPED": "1"}
    return subprocess.run([str(python), __file__, *args], env=environment).returncode


def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def project_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def pyinstaller(
    dist: Path,
    work: Path,
    *,
    untrimmed: bool,
    options: argparse.Namespace,
    report: Path | None = None,
) -> None:
    environment = {
        **os.environ,
        "ARTICLE_EDITOR_UNTRIMMED": "1" if untrimmed else "0",
        "ARTICLE_EDITOR_LOCALES": options.locales,
        "ARTICLE_EDITOR_ICONS": str(BUILD / "icons"),
        "ARTICLE_EDITOR_TRIM_REPORT": str(report or ""),
    }
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
    ]
    if options.clean:
        command.append("--clean")
    subprocess.run([*command, str(SPEC)], env=environment, check=True, cwd=ROOT)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder`` (symbolic links count as nothing)."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def print_trim_report(report: dict[str, object]) -> None:
    removed = report["removed"]
    assert isinstance(removed, dict)
    before = report["before"]
    assert isinstance(before, dict)
    print(f"  collected {_mib(before['bytes'])}; the trim removed:")
    for reason, amount in sorted(removed.items(), key=lambda item: -item[1]["bytes"]):
        print(f"    {reason:<20} {amount['files']:>4} files {_mib(amount['bytes']):>11}")


def windows_installer(bundle: Path, version: str) -> Path:
    iscc = _find_iscc()
    if iscc is None:
        raise SystemExit("Inno Setup's ISCC.exe not found: install Inno Setup 6 or add it to PATH")
    for exe in sorted(bundle.glob("*.exe")):
        sign_windows_file(exe)
    subprocess.run(
        [
            iscc,
            "/Qp",
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DOutputDir={DIST}",
            f"/DIconFile={BUILD / 'icons' / f'{NAME}.ico'}",
            str(HERE / "windows" / "article-editor.iss"),
        ],
        check=True,
    )
    installer = DIST / f"ArticleEditor-{version}-setup.exe"
    sign_windows_file(installer)
    return installer


def sign_windows_file(path: Path) -> None:
    """Authenticode-sign with ARTICLE_EDITOR_SIGN_COMMAND (the file name is appended), if set.

    For example: signtool sign /f cert.pfx /p PASSWORD /fd sha256 /tr
    http://timestamp.digicert.com /td sha256
    """
    command = os.environ.get("ARTICLE_EDITOR_SIGN_COMMAND")
    if command:
        subprocess.run(f'{command} "{path}"', shell=True, check=True)


def _find_iscc() -> str | None:
    found = shutil.which("iscc")
    if found:
        return found
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        if not base:
            continue
        for folder in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base) / folder / "ISCC.exe"
            if candidate.is_file():
                return str(candidate)
    return None


def _control_field(deb_work: Path, name: str) -> str:
    control = deb_work / "debian" / NAME / "DEBIAN" / "control"
    for line in control.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}: "):
            return line.partition(": ")[2]
    return ""


class _step:
    """Prints a step's name, then how long it took."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        print(f"- {self.name}", flush=True)
        self.started = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            print(f"  ({time.monotonic() - self.started:.1f} s)", flush=True)


def _mib(size: object) -> str:
    assert isinstance(size, int)
    return f"{size / MIB:.1f} MiB"


def _python() -> str:
    return ".".join(str(part) for part in sys.version_info[:3])


if __name__ == "__main__":
    sys.exit(main())
