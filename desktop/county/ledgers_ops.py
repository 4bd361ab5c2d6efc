"""One-line verbs of the 台账 page (``desktop.ops`` style), on ``registry.county_ledgers``.

Reads of files and the store run on the DB thread as ``QueryOp``s; the import's commit is
the one ``CollectionOp``, whose ``Changes`` the runner broadcasts so the list pages redraw.
Exports (and the national checks before one) read on the read lane, so that an export of
hundreds of thousands of rows holds up neither the DB thread nor the screens reading on
it; they write only audit entries, which no screen redraws, on the DB thread once the file
is in place: they are ``QueryOp``s, as the audited verbs of ``desktop.accounts_ops`` are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop.background import BackgroundRunner, CollectionOp, QueryOp
from desktop.ops import Parent
from registry import county_ledgers
from registry.county_ledgers import FilePreview, ReportLine
from registry.ledgers.export_sheet import ExportWatch
from registry.ledgers.exports import ExportResult, check_national
from registry.ledgers.imports import ImportResult
from registry.ledgers.national import Finding
from registry.store import Store


@dataclass(frozen=True)
class DryRun:
    """What the wizard shows of a dry run: the report lines, the counts, the villages new
    households go to, the fingerprint the commit must match, and the notes on how columns
    were read (``ImportPlan.notes``)."""

    lines: list[ReportLine]
    summary: dict[str, int]
    villages: list[str]
    fingerprint: str
    notes: tuple[str, ...] = ()


def preview(runner: BackgroundRunner, parent: Parent, path: Path) -> QueryOp[FilePreview]:
    """Read ``path`` for the preview (``LedgerFileError`` if refused as a whole)."""
    return QueryOp(runner, parent, lambda store: county_ledgers.preview_file(store, path))


def dry_run(runner: BackgroundRunner, parent: Parent, path: Path,
            columns: Mapping[int, str], village: str = "") -> QueryOp[DryRun]:
    """The dry run of ``path`` with ``columns`` (households without a village code in their
    户编号 going to ``village``): nothing is written."""
    chosen = dict(columns)

    def work(store: Store) -> DryRun:
        plan = county_ledgers.dry_run(store, path, columns=chosen, village=village or None)
        return DryRun(county_ledgers.report_lines(plan), county_ledgers.summary(plan),
                      county_ledgers.new_villages(plan), county_ledgers.fingerprint(plan),
                      tuple(plan.notes()))

    return QueryOp(runner, parent, work)


def commit(runner: BackgroundRunner, parent: Parent, path: Path, *,
           columns: Mapping[int, str], expected: str,
           skip_refused: bool, village: str) -> CollectionOp[ImportResult]:
    """Import ``path`` in one write, if it still plans as the dry run did (the dry run's
    ``expected`` fingerprint; broadcast); households without a village code in their
    户编号 go to ``village``."""
    chosen = dict(columns)
    return CollectionOp(runner, parent, lambda store: county_ledgers.commit_checked(
        store, path, columns=chosen, expected=expected, skip_refused=skip_refused,
        village=village))


def villages(runner: BackgroundRunner, parent: Parent) -> QueryOp[list[str]]:
    """The village codes of the profile's households (where new ones may go)."""
    return QueryOp(runner, parent, county_ledgers.villages)


def save_report(runner: BackgroundRunner, parent: Parent, lines: list[ReportLine], out: Path,
                *, title: str, labels: Mapping[str, str],
                headers: tuple[str, ...]) -> QueryOp[int]:
    """Save the dry-run report to ``out`` (.xlsx or .csv); the lines written."""
    return QueryOp(runner, parent, lambda _store: county_ledgers.write_report(
        lines, out, title=title, labels=labels, headers=headers))


def may_export_unmasked(runner: BackgroundRunner, parent: Parent) -> QueryOp[bool]:
    """Whether the acting user's role may export full numbers."""
    return QueryOp(runner, parent, county_ledgers.may_export_unmasked)


def national_findings(runner: BackgroundRunner, parent: Parent,
                      area: str | None) -> QueryOp[list[Finding]]:
    """The national checks' findings (疑点数据) under ``area`` (on the read lane)."""
    return QueryOp(runner, parent, lambda store: check_national(store, area=area)).on_reader()


def export(runner: BackgroundRunner, parent: Parent, kind: str, out: Path, *,
           month: str | None, area: str | None, unmasked: bool, export_anyway: bool,
           watch: ExportWatch | None = None) -> QueryOp[ExportResult]:
    """Write one export, read on the export lane (so the alert counts, the work list and
    the other long reads of the read lane go on meanwhile) and audited on the DB thread
    (``NotAllowed`` for an unmasked one a role may not); ``watch`` follows its rows and may
    cancel it (``ExportCancelled``: no file, no audit entry)."""
    return QueryOp(runner, parent, lambda reader: county_ledgers.export_ledger(
        reader, kind, out=out, month=month, area=area, unmasked=unmasked,
        export_anyway=export_anyway, watch=watch,
        on_writer=runner.call_from_lane)).on_export_lane()
