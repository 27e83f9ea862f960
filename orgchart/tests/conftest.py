"""Fixtures and helpers of the site's tests: the walk over every URL of the project."""
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_organisation, make_level, make_position, make_standard
from departments.models import Department
from jobs.models import Position, StandardPosition

# Pages anyone may open: logging in and out, choosing the language, the icon.
PUBLIC = {"login", "logout", "set_language", None}


def walk(patterns, namespace="", kwarg_names=()):
    for pattern in patterns:
        names = list(kwarg_names) + list(getattr(pattern.pattern, "converters", {}) or {})
        names += list(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from walk(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern):
            regex = pattern.pattern.regex
            positional = regex.groups - len(regex.groupindex)
            yield namespace, pattern.name, sorted(set(names)) + ["*"] * positional


def value(namespace, name, kwarg):
    if kwarg == "code":
        if "standard" in name:
            return StandardPosition.objects.order_by("pk").first().code
        if namespace == "departments" or "handbook" in name:
            return Department.objects.order_by("pk").first().code
        return Position.objects.order_by("pk").first().code
    if kwarg == "object_id":
        match = re.match(r"(\w+?)_(\w+?)_", name)
        for model in apps.get_models():
            if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
                obj = model.objects.order_by("pk").first()
                return str(obj.pk if obj else 1)
        assert match, name
        return "1"
    if kwarg == "content_type_id":
        return ContentType.objects.get_for_model(Position).pk
    if kwarg == "app_label":
        return "jobs"
    if kwarg == "url":
        return "nothing-here/"
    return "1"


def positional_args(name):
    """Object pk and its first historical record's pk, for the history admin's unnamed groups."""
    for model in apps.get_models():
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            obj = model.objects.order_by("pk").first()
            history = obj.history.order_by("pk").first() if hasattr(obj, "history") else None
            return [str(obj.pk), str(history.pk if history else 1)]
    raise AssertionError(f"no model for URL name {name}")


def all_urls():
    urls = []
    for namespace, name, kwargs in walk(get_resolver().url_patterns):
        if name is None:
            continue
        if kwargs == ["object_id"] and name == "view_on_site":
            kwargs = ["content_type_id", "object_id"]
        full_name = f"{namespace}:{name}" if namespace else name
        if "*" in kwargs:  # unnamed groups, e.g. simple-history's admin/<model>/<pk>/history/<history pk>/
            urls.append((name, reverse(full_name, args=positional_args(name))))
            continue
        filled = {kwarg: value(namespace, name, kwarg) for kwarg in kwargs}
        if name == "view_on_site":
            filled["object_id"] = Position.objects.order_by("pk").first().pk
        urls.append((name, reverse(full_name, kwargs=filled)))
    return urls


@pytest.fixture
def urls(db):
    build_organisation(1)
    base_some_on_a_standard()
    return all_urls()


def base_some_on_a_standard():
    """A published standard position made from a sales representative, two positions based on it."""
    from django.contrib.auth import get_user_model

    from jobs.services import base_on_standard, create_from_position, publish_standard

    user = get_user_model().objects.get(username="org-builder")
    representatives = list(Position.objects.filter(title__startswith="销售代表").order_by("code")[:2])
    standard = create_from_position(position=representatives[0], code="STD-REP", title="销售代表", user=user)
    publish_standard(standard=standard, approver=user)
    base_on_standard(positions=representatives[1:], standard=standard, user=user)
    return standard


@pytest.fixture
def levelled(small_org):
    """拓展专员 based on a published standard at 经理级 (its own stored level 专员级); a second
    specialist on it that writes its own level; a third on a standard never published."""
    staff, manager = make_level("专员级", 40), make_level("经理级", 20)
    standard = make_standard("拓展经理", job_level=manager)
    specialist = small_org["specialist"]
    specialist.job_level, specialist.standard, specialist.own_sections = staff, standard, []
    specialist.save(publishing=True)
    own = make_position(small_org["expansion"], "拓展助理", reports_to=small_org["director"], code="EXP-02",
                        job_level=staff, standard=standard, own_sections=["level"])
    unpublished = make_position(small_org["expansion"], "拓展实习", reports_to=small_org["director"], code="EXP-03",
                                job_level=staff, standard=make_standard("实习", published=False, job_level=manager))
    return {**small_org, "standard": standard, "own": own, "unpublished": unpublished}
