"""``python -m generator``: regenerate generated/ from the spec, or check it is current."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.config import load_config
from generator.load import display_path
from generator.pipeline import render, spec_label
from generator.problems import SpecError
from generator.write import compare, write_atomically


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate models, JSON Schemas and the operation table from the OpenAPI spec.",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report whether the output is current"
    )
    parser.add_argument("--spec", type=Path, help="the spec to read (default: from pyproject.toml)")
    parser.add_argument(
        "--output", type=Path, help="the directory to write (default: from pyproject.toml)"
    )
    args = parser.parse_args(argv)

    config = load_config()
    if args.spec is not None:
        config = type(config)(**{**config.__dict__, "spec": args.spec.resolve()})
    if args.output is not None:
        config = type(config)(**{**config.__dict__, "output": args.output.resolve()})
    out_name = display_path(config.output)

    started = time.perf_counter()
    try:
        files = render(config)
    except SpecError as exc:
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        print(f"{spec_label(config)}: {count} {noun}; {out_name}/ left as it was", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except Exception as exc:
        print(
            f"error: generation failed: {type(exc).__name__}: {exc}; {out_name}/ left as it was",
            file=sys.stderr,
        )
        return 1
    changes = compare(files, config.output)
    elapsed = time.perf_counter() - started

    if args.check:
        if not changes.any:
            print(f"{out_name}/ is up to date with {spec_label(config)} ({len(files)} files)")
            return 0
        print(f"{out_name}/ differs from what {spec_label(config)} generates:", file=sys.stderr)
        _print_changes(changes, sys.stderr)
        print("run `make generate` and commit the result", file=sys.stderr)
        return 1

    if changes.any:
        try:
            write_atomically(files, config.output)
        except OSError as exc:
            print(f"error: cannot write {out_name}/: {exc}; left as it was", file=sys.stderr)
            return 1
    verb = "wrote" if changes.any else "unchanged:"
    print(f"{verb} {out_name}/ from {spec_label(config)}: {len(files)} files in {elapsed:.1f} s")
    _print_changes(changes, sys.stdout)
    return 0


def _print_changes(changes: object, stream: object) -> None:
    from generator.write import Changes

    assert isinstance(changes, Changes)
    for label, names in (
        ("added", changes.added),
        ("changed", changes.changed),
        ("removed", changes.removed),
    ):
        for name in names:
            print(f"  {label:8} {name}", file=stream)  # type: ignore[call-overload]


if __name__ == "__main__":
    sys.exit(main())
