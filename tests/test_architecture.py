"""The layer rules of ``docs/architecture.md``, checked on every import in ``samverkan/``.

Every ``import`` and ``from ... import`` of every module counts, including those inside functions
and under ``TYPE_CHECKING``; migrations are left out (they are frozen history). A lower layer never
imports a higher one:

    kernel → accounts → reference data (places, sdg) → domains → matching → site (site, api, urls)

without exceptions: the domains declare what they make searchable, and the needs flow asks for
rankings, through the kernel's interface (``samverkan.kernel.searchable``), which the engine fills.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "samverkan"

KERNEL = {"kernel"}
ACCOUNTS = {"accounts"}
REFERENCE = {"places", "sdg"}
DOMAINS = {"directory", "catalogue", "collaborations", "needs", "arenas", "activities"}
MATCHING = {"matching"}
# The top: the site's pages, the API's assembly, the URL configuration and the entry points.
TOP = {"site", "api", "urls", "wsgi", "cli", "__main__", "settings"}

# What each layer may import besides itself (``samverkan`` alone is the version number).
ALLOWED = {
    "kernel": KERNEL,
    "accounts": KERNEL | ACCOUNTS,
    "reference": KERNEL | REFERENCE,
    "domains": KERNEL | ACCOUNTS | REFERENCE | DOMAINS,
    "matching": KERNEL | ACCOUNTS | REFERENCE | MATCHING,
}


def layer_of(app: str) -> str:
    for name, apps in (
        ("kernel", KERNEL),
        ("accounts", ACCOUNTS),
        ("reference", REFERENCE),
        ("domains", DOMAINS),
        ("matching", MATCHING),
    ):
        if app in apps:
            return name
    return "top"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "samverkan.places.views"
    path: str  # its file, relative to the repository
    line: int
    target: str  # the imported module, e.g. "samverkan.arenas.models"

    @property
    def app(self) -> str:
        parts = self.module.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def target_app(self) -> str:
        parts = self.target.split(".")
        return parts[1] if len(parts) > 1 else ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = PACKAGE.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_in(source: str, module: str, package: str, path: str) -> list[Import]:
    """The imports of ``samverkan`` modules anywhere in ``source`` (module ``module`` in the
    package ``package``), relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            # ``from samverkan.x import y`` imports the module ``y`` when there is one.
            targets = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        found.extend(
            Import(module, path, node.lineno, target)
            for target in dict.fromkeys(targets)
            if target == "samverkan" or target.startswith("samverkan.")
        )
    return found


def all_imports() -> list[Import]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        relative = str(path.relative_to(PACKAGE.parent))
        found.extend(imports_in(path.read_text(encoding="utf-8"), module, package, relative))
    return found


IMPORTS = all_imports()


def test_imports_inside_functions_and_relative_imports_are_seen():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from .models import Municipality\n"
        "from samverkan.sdg import models\n"
        "if TYPE_CHECKING:\n"
        "    import samverkan.needs.models\n"
        "def page():\n"
        "    from samverkan.arenas.models import Arena\n"
    )
    found = imports_in(source, "samverkan.places.views", "samverkan.places", "views.py")
    assert [(item.line, item.target) for item in found] == [
        (2, "samverkan.places.models"),
        (3, "samverkan.sdg.models"),
        (5, "samverkan.needs.models"),
        (7, "samverkan.arenas.models"),
    ]
    assert [item.target_app for item in found] == ["places", "sdg", "needs", "arenas"]


def violations(layer: str) -> list[str]:
    allowed = ALLOWED[layer]
    return [
        str(found)
        for found in IMPORTS
        if layer_of(found.app) == layer and found.target_app and found.target_app not in allowed
    ]


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    assert violations(layer) == []


def test_only_the_top_imports_the_site_and_the_api():
    assert [
        str(found)
        for found in IMPORTS
        if found.target_app in {"site", "api", "urls"} and found.app not in {"site", "api", "urls"}
    ] == []


def test_the_kernel_names_no_higher_app_even_in_a_string():
    """A dotted path in a string (``import_string``) is an import the AST rules cannot see."""
    higher = "|".join(sorted(ACCOUNTS | REFERENCE | DOMAINS | MATCHING | {"site", "api"}))
    pattern = re.compile(rf"[\"']samverkan\.({higher})\b")
    assert [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted((PACKAGE / "kernel").rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ] == []
