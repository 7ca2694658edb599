"""A small mutation-testing harness: how many small bugs in the validation code do the tests catch?

Each mutant changes one operator or constant in one of the validation modules
(a comparison flipped, ``and``/``or`` swapped, a ``not`` dropped, ``True``/
``False`` swapped, a number moved by one), is written over the module, and the
test suite runs against it with ``-x``: a failing run kills the mutant.  The
module is restored after every run, also on Ctrl-C.

    python scripts/mutation.py [--sample N] [--seed S] [--timeout SECONDS] [--workers N]

With ``--workers N`` the mutants run N at a time, each worker in its own copy
of the project (the working tree itself is never touched then).

Prints the survivors (file:line and the change) and the share of mutants killed.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "adspixel/_checker.py",
    "adspixel/validation.py",
    "adspixel/wire.py",
    "adspixel/errors.py",
    "adspixel/_messages.py",
    "adspixel/fields.py",
]
TESTS = ["tests/library", "tests/properties", "tests/test_generated_models.py"]

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    path: str
    index: int  # which mutation site of the file, in ast.walk order
    line: int
    change: str


def _sites(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    found: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in _COMPARE_SWAPS:
            swapped = _COMPARE_SWAPS[type(node.ops[0])]
            found.append((node, f"{type(node.ops[0]).__name__} -> {swapped.__name__}"))
        elif isinstance(node, ast.BoolOp):
            other = "Or" if isinstance(node.op, ast.And) else "And"
            found.append((node, f"{type(node.op).__name__} -> {other}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((node, "drop not"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            found.append((node, f"{node.value} -> {not node.value}"))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            found.append((node, f"{node.value} -> {node.value + 1}"))
    return found


class _Apply(ast.NodeTransformer):
    def __init__(self, target: ast.AST) -> None:
        self.target = target

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return _mutated(node)
        result: ast.AST = super().visit(node)
        return result


def _mutated(node: ast.AST) -> ast.AST:
    if isinstance(node, ast.Compare):
        return ast.Compare(
            node.left, [_COMPARE_SWAPS[type(node.ops[0])](), *node.ops[1:]], node.comparators
        )
    if isinstance(node, ast.BoolOp):
        return ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(), node.values)
    if isinstance(node, ast.UnaryOp):
        return node.operand
    assert isinstance(node, ast.Constant)
    value = node.value
    if isinstance(value, bool):
        return ast.Constant(not value)
    assert isinstance(value, int)
    return ast.Constant(value + 1)


def enumerate_mutants() -> list[Mutant]:
    mutants = []
    for relative in MODULES:
        tree = ast.parse((ROOT / relative).read_text())
        for index, (node, change) in enumerate(_sites(tree)):
            mutants.append(Mutant(relative, index, getattr(node, "lineno", 0), change))
    return mutants


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((ROOT / mutant.path).read_text())
    node, _ = _sites(tree)[mutant.index]
    mutated = _Apply(node).visit(tree)
    ast.fix_missing_locations(mutated)
    return ast.unparse(mutated)


def run_tests(timeout: float, root: Path = ROOT) -> bool:
    """True when the tests pass (the mutant survives)."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    try:
        result = subprocess.run(
            command, cwd=root, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return False  # a mutant that hangs the suite is caught, too
    return result.returncode == 0


def _try(mutant: Mutant, roots: queue.Queue[Path], timeout: float) -> bool:
    """Run one mutant in a free copy of the project, restoring the module afterwards."""
    root = roots.get()
    try:
        path = root / mutant.path
        original = path.read_text()
        try:
            path.write_text(mutated_source(mutant))
            return run_tests(timeout, root)
        finally:
            path.write_text(original)
    finally:
        roots.put(root)


@contextlib.contextmanager
def _project_copy() -> Iterator[Path]:
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache"
    )
    with tempfile.TemporaryDirectory(prefix="adspixel-mutation-") as tmp:
        copy = Path(tmp) / "project"
        shutil.copytree(ROOT, copy, symlinks=True, ignore=ignore)
        yield copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="test a random sample of N mutants")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--workers", type=int, default=1, help="mutants at a time, each in a copy")
    parser.add_argument(
        "--rerun", type=Path, help="only the survivors listed in the output of an earlier run"
    )
    args = parser.parse_args()
    mutants = enumerate_mutants()
    if args.rerun is not None:
        wanted = set(re.findall(r"survived: (\S+):(\d+) (.+)", args.rerun.read_text()))
        mutants = [m for m in mutants if (m.path, str(m.line), m.change) in wanted]
    elif args.sample and args.sample < len(mutants):
        picked = random.Random(args.seed).sample(mutants, args.sample)
        mutants = sorted(picked, key=lambda m: (m.path, m.line))
    print(f"{len(mutants)} mutants of {len(MODULES)} modules", flush=True)
    survivors = []
    started = time.monotonic()
    workers = max(args.workers, 1)
    with contextlib.ExitStack() as stack:
        roots: queue.Queue[Path] = queue.Queue()
        for _ in range(workers):
            roots.put(stack.enter_context(_project_copy()) if workers > 1 else ROOT)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = pool.map(lambda m: (m, _try(m, roots, args.timeout)), mutants)
            for number, (mutant, survived) in enumerate(outcomes, start=1):
                if survived:
                    survivors.append(mutant)
                verdict = "SURVIVED" if survived else "killed  "
                where = f"{mutant.path}:{mutant.line} {mutant.change}"
                print(f"[{number}/{len(mutants)}] {verdict} {where}", flush=True)
    killed = len(mutants) - len(survivors)
    share = killed / max(len(mutants), 1)
    elapsed = time.monotonic() - started
    print(f"\nkilled {killed} of {len(mutants)} mutants ({share:.1%}) in {elapsed:.0f} s")
    for mutant in survivors:
        print(f"  survived: {mutant.path}:{mutant.line} {mutant.change}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
