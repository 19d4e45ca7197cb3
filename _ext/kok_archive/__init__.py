"""KOK-Archiv: the yearly reviews of the KOK as a Sphinx domain with per-month timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .versions import ENV, __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ENV_VERSION = ENV.number  # versions.py: bump there whenever a stored record or a node class changes


def setup(app: Sphinx) -> dict[str, Any]:
    # imported here, not at the top, so that the pure modules (dates, organisations …) can be
    # used without Sphinx, e.g. by the importer (kok_import)
    from . import config, i18n, nodes
    from .core import editions
    from .domain import KokDomain
    from .publishing import assets, build_report, interface, online, printed, publish, search
    from .reading import (
        directives,
        freshness,
        leftovers,
        open_warnings,
        safety,
        stars,
        timeline,
        translation,
        view_directives,
    )
    from .views import category_pages, event_markup, fill, org_index_toc, org_pages, pages

    # configuration: every setting, validated once on config-inited into config.settings()
    config.setup(app)
    i18n.setup(app)  # the extension's texts for readers in the edition's language (catalogue "kok")

    # nodes: all subclass standard nodes, so every builder can write them
    app.add_node(nodes.kok_event)
    app.add_node(nodes.kok_date, html=(nodes.visit_kok_date_html, nodes.depart_kok_date_html))

    # the domain keeps the events; short global names for authors
    app.add_domain(KokDomain)  # roles {kok:event} and {kok:org}
    app.connect("env-before-read-docs", KokDomain.start_reading, priority=0)  # its record of re-read pages
    app.add_directive("kok-event", directives.EventDirective)
    app.add_directive("kok-timeline", view_directives.TimelineDirective)
    app.add_directive("kok-years", view_directives.YearListDirective)
    app.add_directive("kok-events", view_directives.EventsDirective)
    app.add_directive("kok-org-index", view_directives.OrgIndexDirective)
    app.add_directive("kok-category-index", view_directives.CategoryIndexDirective)
    app.add_directive("kok-downloads", view_directives.DownloadsDirective)
    app.add_directive("kok-chart", view_directives.ChartDirective)

    # read time: a page's own timeline; write time: views of all pages, exports
    app.connect("env-before-read-docs", safety.skip_undecodable)
    app.add_transform(stars.RepairGenderStars)  # Berater*innen: two stars are no emphasis
    app.add_transform(safety.NeutraliseUnsafeContent)
    app.add_transform(timeline.BuildTimeline)
    app.add_transform(leftovers.FindLeftovers)
    app.add_transform(translation.MarkUntranslated)  # another edition: what is still German says so
    app.connect("doctree-read", freshness.note_references)
    app.connect("env-get-updated", freshness.pages_to_rewrite)
    app.connect("doctree-resolved", translation.offer_titles, priority=400)  # gettext: before the markup
    app.connect("doctree-resolved", fill.fill_views)
    app.connect("doctree-resolved", publish.resolve_downloads)  # the export files and PDFs, on HTML sites
    app.connect("env-updated", org_index_toc.letters_in_toc)  # the index's letters (made when written) in its TOC
    app.connect("doctree-resolved", event_markup.expand_events)  # an event's markup, only when written

    # warnings stay visible until fixed: shown again for pages not re-read, checks across pages every build
    app.connect("builder-inited", open_warnings.start_recording)
    app.connect("env-before-read-docs", open_warnings.note_reading, priority=900)  # after skip_undecodable
    app.connect("env-updated", open_warnings.show_unread)
    app.connect("write-started", open_warnings.check_unless_checked)
    app.connect("build-finished", open_warnings.stop_recording)
    # what the build printed, for the closing summary of make html, make check and make livehtml
    build_report.setup(app)

    # HTML only: stylesheets, the exports and JSON-LD
    app.connect("builder-inited", assets.add_static_files)
    app.connect("html-collect-pages", publish.write_files)
    app.connect("html-page-context", publish.page_extras)
    app.connect("html-page-context", publish.complete_navigation, priority=900)  # after the theme

    # the event search: an index of its own beside the site; Sphinx's keeps pages and organisations
    app.connect("config-inited", search.keep_summaries_off)
    app.connect("doctree-resolved", search.keep_events_out)
    app.connect("html-page-context", search.add_scripts)

    # html and dirhtml: a page per organisation and per category beside their indexes; one document elsewhere
    app.connect("builder-inited", pages.start)
    app.connect("html-collect-pages", org_pages.collect_pages)
    app.connect("html-collect-pages", category_pages.collect_pages)
    app.connect("html-page-context", pages.page_context, priority=600)  # after the theme (500)

    # the editions: German at the root, each translated language in its folder, pages linking each other
    app.connect("config-inited", editions.add_templates)
    app.connect("html-page-context", editions.page_context)
    app.connect("build-finished", translation.write_counts)  # per page: translated, missing, stale

    # the site online: with an address (html_baseurl), sitemap, OpenGraph, robots.txt and a 404 page
    online.setup(app)
    # the theme's interface in German: literal labels made translatable, the catalogue in translations.js
    interface.setup(app)
    # the printed review: a PDF per year page beside the HTML site, linked from its page
    printed.setup(app)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
