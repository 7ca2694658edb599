"""Write the rendered files into the output directory, all or nothing.

Everything is written into a temporary sibling directory first and swapped in
with renames only when every file is there, so a failure at any step leaves
the previous ``generated/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def compare(files: dict[str, bytes], output: Path) -> Changes:
    """How ``files`` differ from what ``output`` holds now."""
    changes = Changes()
    existing = (
        {
            p.relative_to(output).as_posix(): p
            for p in sorted(output.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }
        if output.is_dir()
        else {}
    )
    for name in sorted(files):
        if name not in existing:
            changes.added.append(name)
        elif existing[name].read_bytes() != files[name]:
            changes.changed.append(name)
        else:
            changes.unchanged.append(name)
    changes.removed = sorted(set(existing) - set(files))
    return changes


def write_atomically(files: dict[str, bytes], output: Path) -> None:
    """Replace ``output`` with exactly ``files`` (relative POSIX paths -> bytes)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        if output.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
            os.rmdir(retired)
            os.rename(output, retired)
            try:
                os.rename(staging, output)
            except BaseException:
                os.rename(retired, output)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
