"""INSTALLED_APPS and MIDDLEWARE are built once, in portal/settings/base.py; the environment
settings may only derive from that list (add or remove, visibly), never write their own."""

import ast
from pathlib import Path

import pytest
from django.apps import apps as django_apps

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings"
LISTS = ("INSTALLED_APPS", "MIDDLEWARE")


def assignments(path: Path, name: str) -> list[ast.stmt]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.AugAssign) and getattr(node.target, "id", None) == name:
            found.append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "id", None) == name for t in targets):
                found.append(node)
    return found


@pytest.mark.parametrize("name", LISTS)
def test_base_builds_each_list_in_one_statement(name):
    found = assignments(SETTINGS / "base.py", name)
    assert len(found) == 1 and isinstance(found[0], ast.Assign), (
        f"{name} is assembled in {len(found)} places in base.py: build it in one list"
    )


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("module", ["dev.py", "test.py", "production.py"])
def test_environments_only_derive_from_the_base_list(module, name):
    for node in assignments(SETTINGS / module, name):
        names = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
        assert name in names, (
            f"{module} writes its own {name}: add or remove from the base list instead"
        )


def test_each_app_and_middleware_once_in_the_order_that_matters(settings):
    apps, middleware = settings.INSTALLED_APPS, settings.MIDDLEWARE
    assert len(apps) == len(set(apps)) and len(middleware) == len(set(middleware))
    # Our templates/allauth/ puts allauth's pages in our layout only from an app before allauth.
    overriding = [
        a.label
        for a in django_apps.get_app_configs()
        if (Path(a.path) / "templates" / "allauth").is_dir() and a.name != "allauth"
    ]
    assert overriding
    assert all(apps.index(label) < apps.index("allauth") for label in overriding)
    # The MFA rule and the audit trail need to know who is signed in.
    signed_in = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    after = [
        i
        for i, m in enumerate(middleware)
        if m.endswith(("RequireMfaMiddleware", "AuditRequestMiddleware"))
    ]
    assert len(after) == 2 and signed_in < min(after)
