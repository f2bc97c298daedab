"""The Linux package: the PyInstaller bundle as a .deb with its desktop integration.

Layout of the package:

    /opt/article-editor/                the bundle (article-editor + _internal/)
    /opt/article-editor/apparmor-profile installed into /etc/apparmor.d by postinst
    /usr/bin/article-editor             -> /opt/article-editor/article-editor
    /usr/share/applications/article-editor.desktop
    /usr/share/icons/hicolor/scalable/apps/article-editor.svg
    /usr/share/doc/article-editor/copyright

``Depends`` comes from ``dpkg-shlibdeps`` over every ELF file of the bundle: it finds the
system library each one links to (the bundle carries Python and Qt, not the distribution's
X11, xcb, NSS or fontconfig), the package that ships it, and the lowest version that has
the symbols used (from the package's symbols or shlibs file). The bundle's own libraries are
found through ``-l`` and their ``$ORIGIN`` run paths and are left out.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

PACKAGE = "article-editor"
INSTALL_DIR = f"opt/{PACKAGE}"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

DESCRIPTION = """\
Edit blog articles in Markdown with YAML front matter
 Article Editor is a desktop editor for a blog's Markdown articles made for
 content writers: forms instead of YAML, a live preview that looks like the
 site, encoding repairs reviewed before they are applied, managed footer
 blocks, and saves that never touch a line that was not edited.
 .
 The package carries its own Python and Qt (with QtWebEngine); run
 "article-editor --self-test" to check an installation."""

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Article Editor

Files: *
License: MIT
Comment: Article Editor itself.

Files: opt/article-editor/_internal/PySide6/*
License: LGPL-3.0-only
Comment: Qt 6 and PySide6 (Qt for Python), used unmodified as shared libraries
 that can be replaced. QtWebEngine contains Chromium, under BSD-3-Clause and
 the licenses of its third-party components.

Files: opt/article-editor/_internal/libpython*
License: PSF-2.0
Comment: The Python interpreter and standard library.
"""


class DebError(RuntimeError):
    """A step of the package build failed; the message says which and why."""


def build_deb(bundle: Path, work: Path, out_dir: Path, version: str) -> Path:
    """Build ``article-editor_<version>_<arch>.deb`` from ``bundle`` into ``out_dir``."""
    for tool in ("dpkg-deb", "dpkg-shlibdeps"):
        if shutil.which(tool) is None:
            raise DebError(f"{tool} not found (Debian/Ubuntu: apt-get install dpkg-dev)")
    architecture = _run(["dpkg", "--print-architecture"]).strip()
    package_root = stage(bundle, work)
    depends = shlib_depends(work, package_root)
    write_control(package_root, version, architecture, depends)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{architecture}.deb"
    _run(
        [
            "dpkg-deb",
            "--root-owner-group",
            "-Zzstd",
            "--build",
            str(package_root),
            str(deb),
        ]
    )
    return deb


def stage(bundle: Path, work: Path) -> Path:
    """Lay out the package tree under ``work/debian/article-editor``; its path."""
    # The debian/<package> layout is what dpkg-shlibdeps expects of a package build tree.
    package_root = work / "debian" / PACKAGE
    if package_root.exists():
        shutil.rmtree(package_root)
    install_dir = package_root / INSTALL_DIR
    install_dir.parent.mkdir(parents=True)
    shutil.copytree(bundle, install_dir, symlinks=True)
    shutil.copyfile(HERE / "linux" / "apparmor-profile", install_dir / "apparmor-profile")

    binary = package_root / "usr" / "bin" / PACKAGE
    binary.parent.mkdir(parents=True)
    binary.symlink_to(f"/{INSTALL_DIR}/{PACKAGE}")

    share = package_root / "usr" / "share"
    _copy(ROOT / "resources" / f"{PACKAGE}.desktop", share / "applications" / f"{PACKAGE}.desktop")
    _copy(
        ROOT / "resources" / "icons" / f"{PACKAGE}.svg",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{PACKAGE}.svg",
    )
    copyright_file = share / "doc" / PACKAGE / "copyright"
    copyright_file.parent.mkdir(parents=True)
    copyright_file.write_text(COPYRIGHT, encoding="utf-8")

    debian = package_root / "DEBIAN"
    debian.mkdir()
    for script in ("postinst", "postrm"):
        shutil.copyfile(HERE / "linux" / script, debian / script)
    _normalize_modes(package_root)
    return package_root


def shlib_depends(work: Path, package_root: Path) -> str:
    """The Depends of the ELF files in the package, as dpkg-shlibdeps computes them."""
    # dpkg-shlibdeps reads debian/control of a source package; a minimal one will do.
    control = work / "debian" / "control"
    control.write_text(
        f"Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n", encoding="utf-8"
    )
    install_dir = package_root / INSTALL_DIR
    elf_files = sorted(str(p.relative_to(work)) for p in elf_files_in(install_dir))
    private_dirs = sorted(
        {str(p.parent.relative_to(work)) for p in install_dir.rglob("*.so*") if p.is_file()}
    )
    output = _run(
        [
            "dpkg-shlibdeps",
            "-O",
            "--warnings=0",  # a missing library is still an error; the rest is noise here
            *(f"-l{folder}" for folder in private_dirs),
            *(f"-e{path}" for path in elf_files),
        ],
        cwd=work,
    )
    for line in output.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.partition("=")[2].strip()
    raise DebError(f"dpkg-shlibdeps printed no shlibs:Depends: {output!r}")


def elf_files_in(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def write_control(package_root: Path, version: str, architecture: str, depends: str) -> None:
    installed_kib = sum(
        (p.lstat().st_size + 1023) // 1024
        for p in package_root.rglob("*")
        if not p.is_dir() and "DEBIAN" not in p.relative_to(package_root).parts
    )
    maintainer = os.environ.get("DEBFULLNAME", "Article Editor maintainers")
    email = os.environ.get("DEBEMAIL", "maintainers@article-editor.invalid")
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": architecture,
        "Maintainer": f"{maintainer} <{email}>",
        "Installed-Size": str(installed_kib),
        "Depends": depends,
        # Links in the preview open in the browser through xdg-open.
        "Recommends": "xdg-utils",
        "Section": "editors",
        "Priority": "optional",
        "Description": DESCRIPTION,
    }
    text = "".join(f"{key}: {value}\n" for key, value in fields.items())
    (package_root / "DEBIAN" / "control").write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _normalize_modes(package_root: Path) -> None:
    """0755 for folders and executables, 0644 for the rest, whatever the umask was."""
    for path in [package_root, *package_root.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        executable = path.is_dir() or mode & stat.S_IXUSR
        if path.parent.name == "DEBIAN" and path.name in ("postinst", "postrm"):
            executable = True
        path.chmod(0o755 if executable else 0o644)


def _run(command: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise DebError(
            f"{' '.join(command[:3])} ... failed ({result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )
    return result.stdout
