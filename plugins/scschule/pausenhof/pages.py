"""The page /pausenhof/: open proposals by their 👍 count, planned and discussed topics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..content import german
from ..courses.pages import CALENDAR_URL, german_when
from ..site.pages import GeneratedPage, PageRenderer
from ..site.urls import src_of
from .intake import proposal_form
from .model import PAGE_URL, Proposal
from .support import Support, forge_of_repo

if TYPE_CHECKING:
    from ..portal import Portal


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    support: Support | None
    issue_url: str | None  # where readers give their 👍
    event: object | None  # courses.events.Event of a planned (or discussed) topic
    newsletter_url: str | None


def ordered_open(views: list[ProposalView]) -> list[ProposalView]:
    """Most 👍 first; uncounted ones after the counted, each group oldest proposal first."""
    return sorted(views, key=lambda v: (v.support is None, -(v.support.count if v.support else 0),
                                        v.proposal.meta.date, v.proposal.slug))


def age_text(fetched: datetime, today: date) -> str:
    days = (today - fetched.date()).days
    when = german.long_date(fetched.date())
    if days <= 0:
        return f"Stand: {when}"
    return f"Stand: {when}, vor {days} {'Tag' if days == 1 else 'Tagen'}"


def proposal_views(portal: Portal, support: dict[str, Support], repo_url: str | None) -> list[ProposalView]:
    forge = forge_of_repo(repo_url)
    events = {e.id: e for e in portal.events}
    issues = {i.number: i for i in portal.visible_issues}
    views = []
    for proposal in portal.proposals:
        meta = proposal.meta
        issue = issues.get(meta.newsletter_issue) if meta.newsletter_issue else None
        views.append(ProposalView(proposal, support.get(proposal.slug),
                                  forge.issue_url(meta.issue) if forge and meta.issue else None,
                                  events.get(meta.event) if meta.event else None,
                                  issue.url if issue else None))
    return views


def pausenhof_pages(portal: Portal, renderer: PageRenderer, support: dict[str, Support],
                    repo_url: str | None) -> list[GeneratedPage]:
    views = proposal_views(portal, support, repo_url)
    by_status = {status: [v for v in views if v.proposal.status == status]
                 for status in ("vorgeschlagen", "eingeplant", "besprochen", "abgelehnt")}
    planned = sorted(by_status["eingeplant"], key=lambda v: (v.event.start.isoformat() if v.event else "9999", v.proposal.slug))
    counted = [v.support.fetched_at for v in by_status["vorgeschlagen"] if v.support]
    upcoming = [e for e in portal.events if e.meta.kind == "pausenhofgespraech" and not e.is_past(portal.today)]
    return [renderer.page(src_of(PAGE_URL), "pausenhof.md", open=ordered_open(by_status["vorgeschlagen"]),
                          planned=planned, discussed=list(reversed(by_status["besprochen"])),
                          declined=list(reversed(by_status["abgelehnt"])), upcoming=upcoming,
                          oldest_count=min(counted) if counted else None, today=portal.today,
                          form=proposal_form(portal.taxonomy), calendar=CALENDAR_URL, age_text=age_text, german_when=german_when,
                          origins=tuple(p.source.path for p in portal.proposals))]
