"""The archive's domain from the build environment, typed: the one cast mypy relies on."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from .domain import KokDomain  # only for mypy: domain.py imports most modules that call this


def kok_domain(env: BuildEnvironment) -> KokDomain:
    """``env.domains["kok"]`` as the :class:`KokDomain` it is (Sphinx types it as ``Domain``)."""
    return cast("KokDomain", env.domains["kok"])
