"""Run pipeline tests: fixtures through the real node code, outputs compared with golden rows.

    manage.py test_pipelines [slug ...] [--update-golden] [--junit FILE]
    manage.py test_pipelines --path DIR [--update-golden] [--junit FILE]

The first form runs the stored tests of the named pipelines (all pipelines with tests when none is named)
over their drafts and records each test's last result. The second reads the ``kind: Pipeline`` and
``kind: PipelineTest`` documents of DIR (and its subdirectories) and saves nothing; a test whose pipeline
has no document there runs over the stored pipeline of that slug. ``--update-golden`` makes what the
outputs received the golden rows of the tests that failed (stored tests; golden files on disk).

Exit status: 0 every test passed, 1 a test failed or could not run, 2 a usage or input error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.graph import Graph, parse_graph_document
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_graph
from pipelines.testing.documents import FileRefError, document_test_data, golden_path, load_folder
from pipelines.testing.frames import frame_file
from pipelines.testing.report import junit_xml, suite_text
from pipelines.testing.runner import ERROR, FAILED, PASSED, TestError, run_test, summarize
from pipelines.testing.selectors import tests_of
from pipelines.testing.services import pipeline_test_update_golden, pipeline_tests_record
from pipelines.testing.spec import parse_spec


def _error(name: str, message: str) -> dict[str, Any]:
    return {"name": name, "status": ERROR, "error": message, "node": None, "outputs": {}, "duration_ms": 0}


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = "Run pipeline tests (stored, or documents in a folder with --path); exit 1 when one fails."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Pipelines whose stored tests to run (default: all).")
        parser.add_argument("--path", help="A folder (or file) of Pipeline and PipelineTest documents.")
        parser.add_argument("--update-golden", action="store_true", help="Make the outputs the golden rows.")
        parser.add_argument("--junit", metavar="FILE", help="Also write the results as JUnit XML to FILE.")

    def handle(self, *args, **options):
        if options["path"] and options["slugs"]:
            raise CommandError("Give pipeline slugs or --path, not both.", returncode=2)
        update = options["update_golden"]
        if options["path"]:
            suites = self._documents(Path(options["path"]), update=update)
        else:
            suites = self._stored(options["slugs"], update=update)
        for slug, summary in suites:
            self.stdout.write(suite_text(slug, summary))
        if options["junit"]:
            try:
                Path(options["junit"]).write_bytes(junit_xml(suites))
            except OSError as exc:
                raise CommandError(f"Cannot write {options['junit']}: {exc.strerror}", returncode=2) from None
        totals = {k: sum(s[k] for _, s in suites) for k in (PASSED, FAILED, ERROR)}
        line = f"{totals[PASSED]} passed, {totals[FAILED]} failed, {totals[ERROR]} errors"
        if totals[FAILED] or totals[ERROR]:
            raise CommandError(f"Pipeline tests failed: {line}.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Pipeline tests: {line}."))

    # --- stored tests --------------------------------------------------------------------------------

    def _stored(self, slugs: list[str], *, update: bool) -> list[tuple[str, dict]]:
        if slugs:
            pipelines = {p.slug: p for p in Pipeline.objects.filter(slug__in=slugs)}
            missing = [s for s in slugs if s not in pipelines]
            if missing:
                raise CommandError(f"No pipeline with slug {', '.join(missing)}.", returncode=2)
            chosen = [pipelines[s] for s in dict.fromkeys(slugs)]
        else:
            chosen = list(Pipeline.objects.filter(tests__isnull=False).distinct().order_by("slug"))
        suites = []
        for pipeline in chosen:
            tests = list(tests_of(pipeline=pipeline))
            graph = pipeline_graph(pipeline=pipeline)
            outcomes = [run_test(graph, parse_spec(t.spec_data())) for t in tests]
            results = [o.result for o in outcomes]
            pipeline_tests_record(tests=tests, results=results)
            if update:
                for test, outcome in zip(tests, outcomes, strict=True):
                    if outcome.result["status"] == FAILED and outcome.frames:
                        pipeline_test_update_golden(test=test, user=None, frames=outcome.frames)
                        self.stdout.write(f"{pipeline.slug}: updated the golden rows of {test.name}")
            suites.append((pipeline.slug, summarize(results)))
        return suites

    # --- documents on disk ---------------------------------------------------------------------------

    def _graph(self, slug: str, folder_graphs: dict[str, dict]) -> Graph:
        if slug in folder_graphs:
            try:
                return parse_graph_document(folder_graphs[slug])
            except ValidationError as exc:
                raise TestError(f"The document of pipeline {slug!r} has a bad graph: {_messages(exc)}") from None
        pipeline = Pipeline.objects.filter(slug=slug).first()
        if pipeline is None:
            raise TestError(f"No document of pipeline {slug!r} in the folder, and no such pipeline on this server.")
        return pipeline_graph(pipeline=pipeline)

    def _documents(self, root: Path, *, update: bool) -> list[tuple[str, dict]]:
        if not root.exists():
            raise CommandError(f"{root}: no such file or directory.", returncode=2)
        folder = load_folder(root)
        if folder.failures:
            for name, message in folder.failures:
                self.stderr.write(f"{name}: {message}")
            raise CommandError(f"{len(folder.failures)} documents could not be read.", returncode=2)
        by_pipeline: dict[str, list[dict]] = {}
        for document, base, filename in folder.tests:
            slug = document.metadata.pipeline
            result = self._run_document(document, base, filename, folder.graphs, update=update)
            by_pipeline.setdefault(slug, []).append(result)
        return [(slug, summarize(results)) for slug, results in sorted(by_pipeline.items())]

    def _run_document(self, document, base: Path, filename: str, graphs: dict, *, update: bool) -> dict:
        name = document.metadata.name
        try:
            spec = parse_spec(document_test_data(document, folder=base))
            graph = self._graph(document.metadata.pipeline, graphs)
        except (FileRefError, TestError) as exc:
            return _error(name, f"{filename}: {exc}")
        except ValidationError as exc:
            return _error(name, f"{filename}: {_messages(exc)}")
        outcome = run_test(graph, spec)
        if update and outcome.result["status"] == FAILED:
            self._write_golden(document, spec, base, outcome.frames)
        return outcome.result

    def _write_golden(self, document, spec, base: Path, frames: dict) -> None:
        for target, frame in frames.items():
            tolerance = spec.tolerance(target)
            ignored = set(tolerance.get("ignore_columns") or [])
            columns = [c for c in (tolerance.get("columns") or frame.columns) if c in frame.columns]
            frame = frame.select([c for c in columns if c not in ignored])
            path = golden_path(document, target, folder=base)
            if path is None:
                self.stdout.write(
                    f"{document.metadata.name}: the golden rows of {target} are inline; not rewritten "
                    "(move them to a file to have --update-golden write them)."
                )
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(frame_file(frame, spec.expect[target].format or "json"))
            self.stdout.write(f"{document.metadata.name}: wrote {path}")
