"""The PDFs of a build: each district's documents handed to LibreOffice as soon as they are
written (while the workers render the next districts), and every PDF recorded in the
folder's manifest before it is put in place, once the lanes are done."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from itadocs.build.outputs import Manifest
from itadocs.build.pdf import Lanes, PdfJob, landed, lane_count
from itadocs.build.report import Outcome, Status
from itadocs.cleantext import file_label
from itadocs.exceptions import OutputError, PdfError
from itadocs.files import land
from itadocs.kinds import DOCUMENTS, PROGRESS_DOCUMENTS, OutputKind


def documents(outcome: Outcome) -> list[OutputKind]:
    """The Word documents an outcome wrote (the measures and the order, or a round's
    report and its memo), in the order of their kinds."""
    return [kind for kind in (*DOCUMENTS, *PROGRESS_DOCUMENTS) if kind in outcome.outputs]


class BuildPdfs:
    """LibreOffice lanes for up to ``count`` documents of a build into ``outdir``."""

    def __init__(self, outdir: Path, manifest: Manifest, count: int) -> None:
        self.outdir = outdir
        self.manifest = manifest
        self.handed: list[tuple[Outcome, OutputKind, PdfJob]] = []
        self.error: PdfError | None = None
        self.lanes: Lanes | None = None
        try:
            self.lanes = Lanes(lane_count(count), outdir)
        except PdfError as exc:  # no LibreOffice: the .docx files are written all the same
            self.error = exc

    def __enter__(self) -> BuildPdfs:
        return self

    def __exit__(self, *_: Any) -> None:
        if self.lanes is not None:
            self.lanes.close()

    def add(self, outcome: Outcome) -> None:
        """Hand a district's documents, just written, to LibreOffice: the typeset copy the
        worker made (or one made now from the written .docx)."""
        from itadocs.documents.typeset import pdf_copy
        from itadocs.framework import all_indicator_names

        if outcome.status is not Status.BUILT or self.lanes is None:
            return
        sources = self.lanes.tmp / "sources"
        sources.mkdir(exist_ok=True)
        for kind in documents(outcome):
            copy = outcome.pdf_sources.pop(kind, None)
            if copy is None:
                copy = pdf_copy((self.outdir / outcome.names[kind]).read_bytes(),
                                all_indicator_names())
            source = sources / f"{len(self.handed)}.docx"
            source.write_bytes(copy)
            job = PdfJob(source, self.outdir / outcome.names[kind.pdf])
            try:
                self.lanes.submit(job)
            except PdfError as exc:  # LibreOffice cannot run: no PDF, the .docx stay
                self.error = exc
                self.lanes.close()
                self.lanes = None
                return
            self.handed.append((outcome, kind, job))

    def finish(self, outcomes: list[Outcome]) -> None:
        """Wait for LibreOffice; record and put in place each PDF made; a district whose
        PDF was not made fails with the reason (its .docx stay)."""
        wanted = [o for o in outcomes if o.status is Status.BUILT and documents(o)]
        if self.lanes is None:
            for outcome in wanted:
                if self.error is not None:
                    outcome.fail(self.error)
            return
        try:
            reasons = self.lanes.finish()
        except PdfError as exc:
            for outcome in wanted:
                outcome.fail(exc)
            return
        for outcome in wanted:
            jobs = [(kind, job) for o, kind, job in self.handed if o is outcome]
            try:
                landed(self.lanes, [job for _, job in jobs], self._place(outcome),
                       {n: r for n, r in reasons.items()
                        if n in {job.target.with_suffix(".docx").name for _, job in jobs}})
            except (PdfError, OutputError) as exc:
                outcome.fail(exc)
            for kind, job in jobs:
                if job.target.exists() and self.manifest.entries.get(job.target.name, {}).get(
                        "inputs") == outcome.fingerprint:
                    outcome.outputs[kind.pdf] = job.target
        shutil.rmtree(self.lanes.tmp / "sources", ignore_errors=True)

    def _place(self, outcome: Outcome):
        def place(made: Path, target: Path) -> None:
            self.manifest.intend(target.name, made.read_bytes(), outcome.fingerprint,
                                 file_label(outcome.path))
            self.manifest.save()
            land(made, target)
            self.manifest.settle([target.name])
            self.manifest.save()

        return place
