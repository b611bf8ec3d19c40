"""No two modules of the project import each other.

The layers contract in pyproject.toml (`lint-imports`) keeps the apps in order; inside an
app, two modules that import each other (often one of them inside a function, to dodge
the import cycle) mean that one rule is split between them. This test reads every module's
source with the standard library's `ast`, function-level imports included, and names
each pair that imports both ways.
"""

import ast
from pathlib import Path

import verksam

PROJECT = Path(verksam.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PROJECT.rglob("*.py"))
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    }


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules that `name` imports anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` names a module; `from module import name` does not.
            targets = [f"{base}.{alias.name}" for alias in node.names]
            targets = [target if target in known else base for target in targets]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def mutual_imports() -> list[tuple[str, str]]:
    modules = project_modules()
    known = set(modules)
    imports = {name: imported_modules(name, path, known) for name, path in modules.items()}
    return sorted(
        (first, second)
        for first, imported in imports.items()
        for second in imported
        if first < second and first in imports.get(second, set())
    )


def test_it_finds_no_two_modules_that_import_each_other():
    assert mutual_imports() == []


def test_it_reads_function_level_and_relative_imports(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def run():\n    from .b import thing\n")
    source = package / "a.py"
    known = {"app", "app.a", "app.b"}
    assert imported_modules("app.a", source, known) == {"app.b"}
