"""KOK-Archiv: the yearly reviews of the KOK as a Sphinx domain with per-month timelines."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.roles import XRefRole

from . import assets, config, directives, listing, nodes, timeline
from .domain import KokDomain

__version__ = "0.1.0"
ENV_VERSION = 1  # bump whenever a stored record (model.Event, dates.EventDate) changes shape


def setup(app: Sphinx) -> dict[str, Any]:
    # configuration
    app.add_config_value("kok_categories", config.DEFAULT_CATEGORIES, "env", types=frozenset({dict}))
    app.connect("config-inited", config.validate)

    # nodes: all subclass standard nodes, so every builder can write them
    app.add_node(nodes.kok_event)

    # the domain keeps the events; short global names for authors
    app.add_domain(KokDomain)
    app.add_role_to_domain("kok", "event", XRefRole(warn_dangling=True))
    app.add_directive("kok-event", directives.EventDirective)
    app.add_directive("kok-timeline", directives.TimelineDirective)
    app.add_directive("kok-years", directives.YearListDirective)

    # read time: a page's own timeline; write time: views of all pages
    app.add_transform(timeline.BuildTimeline)
    app.add_post_transform(listing.ResolveYearList)
    app.connect("env-get-updated", listing.pages_to_rewrite)

    # HTML only
    app.connect("builder-inited", assets.add_stylesheets)
    app.connect("build-finished", assets.write_stylesheets)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
