"""Malformed and hostile files through every command: one clear line, no traceback, no damage."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed.md"

# name -> (bytes, words the one-line error must hold); all are unusable input (exit 2).
UNUSABLE: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "yaml-syntax.md": (b"---\ntitle: [unclosed\nslug: x\n---\nBody\n", (":2:",)),
    "not-a-mapping.md": (b"---\n- just\n- a list\n---\nBody\n", (":2:", "key: value")),
    "unterminated.md": (
        b"---\ntitle: T\nslug: t\nBody without an end\n",
        (":1:", "no closing ---"),
    ),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ("not a text file",)),
    "python-object.md": (
        b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned-article-editor']\n---\n",
        (":2:", "not allowed"),
    ),
    "alias-bomb.md": (
        b"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\n",
        ("unreasonably large",),
    ),
    "deep-nesting.md": (b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n", ("nesting",)),
    "control-char.md": (b"---\ntitle: bell \x07 here\n---\n", (":2:", "U+0007")),
}
# Odd but valid: commands must work on them (exit 0 or 1), never crash.
VALID_ODD: dict[str, bytes] = {
    "no-front-matter.md": b"# Just Markdown\n\nText.\n",
    "empty.md": b"",
    "empty-front-matter.md": b"---\n---\nBody\n",
    "windows-1252.md": "---\ntitle: Caf\u00e9\n---\nNa\u00efve \u2019quotes\u2019\n".encode(
        "cp1252"
    ),
    "bom-crlf.md": b"\xef\xbb\xbf---\r\ntitle: BOM and CRLF\r\n---\r\nBody\r\n",
    "mixed-newlines.md": b"---\ntitle: Mixed\r\nslug: mixed\n---\r\nBody\nmore\r\n",
}
COMMANDS: list[tuple[str, ...]] = [
    ("check", "{path}"),
    ("check", "{path}", "--json"),
    ("set", "{path}", "title=New"),
    ("set", "{path}", "title=New", "--stdout"),
    ("footer", "{path}", "--cta", "none"),
    ("render", "{path}"),
    ("fix", "{path}", "--write"),
    ("fix", "{path}", "--diff"),
]


def run(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], capture_output=True, timeout=timeout, check=False
    )


def _args(template: tuple[str, ...], path: Path) -> list[str]:
    return [part.replace("{path}", str(path)) for part in template]


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_unusable_files_through_every_command(tmp_path: Path, name: str) -> None:
    """Ensure each malformed file gives exit 2 and one line naming it, and is never changed."""
    content, words = UNUSABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    for template in COMMANDS:
        started = time.monotonic()
        result = run(_args(template, path))
        message = result.stderr.decode("utf-8", "replace")
        assert result.returncode == 2, (template, message)
        assert "Traceback" not in message
        assert message.count("\n") == 1, (template, message)
        assert name in message
        for word in words:
            assert word in message, (template, message)
        assert path.read_bytes() == content, template
        assert time.monotonic() - started < 30  # bounded: no alias or nesting blow-up
    assert not Path("/tmp/pwned-article-editor").exists()


@pytest.mark.parametrize("name", sorted(VALID_ODD))
def test_odd_but_valid_files_work(tmp_path: Path, name: str) -> None:
    """Ensure files without front matter, empty, legacy-encoded, BOM or mixed newlines work."""
    path = tmp_path / name
    path.write_bytes(VALID_ODD[name])
    for template in COMMANDS:
        if template[0] in ("set", "footer", "fix") and "--stdout" not in template:
            path.write_bytes(VALID_ODD[name])
        result = run(_args(template, path))
        message = result.stderr.decode("utf-8", "replace")
        assert result.returncode in (0, 1), (template, message)
        assert "Traceback" not in message and message == "", (template, message)
    stdout = run(["set", str(path), "title=New", "--stdout"]).stdout
    original = VALID_ODD[name]
    if original.startswith(b"\xef\xbb\xbf"):
        assert stdout.startswith(b"\xef\xbb\xbf---\r\ntitle: New\r\n")
    if name == "windows-1252.md":
        assert stdout == original.replace(b"Caf\xe9", b"New")


def test_unreadable_file_and_missing_path(tmp_path: Path) -> None:
    """Ensure a file the user may not read, and a path that is not there, say so in one line."""
    path = tmp_path / "secret.md"
    path.write_bytes(b"---\ntitle: T\n---\n")
    path.chmod(0)
    command = [sys.executable, "-m", "editor", "check", str(path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root without setpriv cannot be denied a read")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    result = subprocess.run(command, capture_output=True, check=False)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "secret.md" in message and "cannot read" in message
    missing = run(["render", str(tmp_path / "nope.md")])
    assert missing.returncode == 2 and b"nope.md" in missing.stderr
    assert missing.stderr.count(b"\n") == 1


def test_malformed_configuration_in_every_command(tmp_path: Path) -> None:
    """Ensure a broken .article-editor.yaml stops each command with its file and line."""
    (tmp_path / ".article-editor.yaml").write_text("footer:\n  ctas: [not, a, mapping]\n")
    article = tmp_path / "a.md"
    shutil.copy(SEED, article)
    before = article.read_bytes()
    for template in (
        ("check", "{path}"),
        ("footer", "{path}", "--cta", "none"),
        ("render", "{path}"),
    ):
        result = run(_args(template, article))
        assert result.returncode == 2, template
        message = result.stderr.decode()
        assert ".article-editor.yaml:2:" in message and message.count("\n") == 1
    assert article.read_bytes() == before


def test_fifty_megabyte_article(tmp_path: Path) -> None:
    """Ensure a 50 MB article is read, edited in one line and written back losslessly."""
    path = tmp_path / "huge.md"
    body = SEED.read_bytes().split(b"\n---\n", 2)[2]
    repeats = 50 * 1024 * 1024 // len(body) + 1
    path.write_bytes(b"---\ntitle: Huge\nslug: huge\n---\n" + body * repeats)
    size = path.stat().st_size
    result = run(["set", str(path), "title=Huge, edited"], timeout=300)
    assert result.returncode == 0, result.stderr
    data = path.read_bytes()
    assert data.startswith(b"---\ntitle: Huge, edited\nslug: huge\n---\n")
    assert len(data) == size + len(b", edited")
