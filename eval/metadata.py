"""Metadata read from documents alone (no manifest), scored against expected values.

    .venv/bin/python -m eval.metadata [--set eval/sets/document-metadata.yaml] [--verbose] [--json]

Each file is loaded with :func:`ingest.load_document` and no manifest. ``nation``, ``year``, ``kind``
and ``review_type`` must equal the expected value after folding case and spaces. ``title`` and
``publisher`` match when, after folding, one contains the other or their words overlap by at least
0.8 (Dice: twice the shared words over the words of both); either may list alternatives. The
``clean`` column counts inferred titles and publishers that are one line, not file-name junk, not
cut mid-phrase, not in capitals throughout and without a word doubled by overlapping text boxes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eval.dataset import DatasetError
from eval.relevance import fold
from ingest import DocumentMeta, UnreadableFileError, load_document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SET = ROOT / "eval" / "sets" / "document-metadata.yaml"
FIELDS = ("title", "publisher", "nation", "year", "kind", "review_type")
EXACT = frozenset({"nation", "year", "kind", "review_type"})
OVERLAP = 0.8
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Expected:
    file: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    file: str
    got: dict[str, Any]
    expected: dict[str, Any]
    correct: dict[str, bool]
    error: str | None = None


@dataclass
class MetadataReport:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> tuple[int, int]:
        scored = [o for o in self.outcomes if name in o.correct]
        return sum(o.correct[name] for o in scored), len(scored)

    def clean(self, name: str) -> tuple[int, int]:
        """How many inferred values of a text field are clean (see :func:`is_clean`)."""
        values = [o.got[name] for o in self.outcomes if o.got.get(name) is not None]
        return sum(map(is_clean, values)), len(values)

    def as_dict(self) -> dict[str, Any]:
        fields = {}
        for name in FIELDS:
            right, total = self.accuracy(name)
            fields[name] = {"correct": right, "total": total, "accuracy": round(right / total, 3) if total else None}
            if name in ("title", "publisher"):
                fields[name]["clean"], fields[name]["given"] = self.clean(name)
        return {
            "fields": fields,
            "documents": [
                {"file": o.file, "got": o.got, "expected": o.expected, "correct": o.correct, "error": o.error}
                for o in self.outcomes
            ],
            "skipped": self.skipped,
        }


def load_expectations(path: Path = DEFAULT_SET) -> list[Expected]:
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        entries = data["documents"]
        return [Expected(str(e["file"]), {k: e[k] for k in FIELDS if k in e}) for e in entries]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DatasetError(f"{path}: {exc}") from exc


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(unicodedata.normalize("NFKC", text)))


def loose_match(got: str | None, expected: str | None) -> bool:
    """Containment either way, or a word overlap of at least 0.8, after folding."""
    if got is None or expected is None:
        return got is None and expected is None
    a, b = _words(got), _words(expected)
    if not a or not b:
        return a == b
    joined_a, joined_b = f" {' '.join(a)} ", f" {' '.join(b)} "
    if joined_a in joined_b or joined_b in joined_a:
        return True
    shared = len(set(a) & set(b))
    return 2 * shared / (len(set(a)) + len(set(b))) >= OVERLAP


def exact_match(got: Any, expected: Any) -> bool:
    if got is None or expected is None:
        return got is None and expected is None
    return fold(str(got)) == fold(str(expected))


_JUNK = re.compile(
    r"(?i)^microsoft\s+(?:word|powerpoint)|\.(?:docx?|pdf|pptx?)$|[\n\r\t]|\s{2}|\b[0-9a-f]{12,}\b"
    r"|^(?:quick exit|skip to content|top menu|menu|home|untitled)\.?$"
)
_CUT = re.compile(r"(?i)(?:[,:;(&–-]|\b(?:and|of|to|for|on|in|the|with|from|or))$")


def is_clean(value: Any) -> bool:
    """One line, not junk (file or page furniture, a hash), not cut mid-phrase, not in capitals throughout,
    no word read twice from overlapping text boxes."""
    if value is None:
        return True
    text = str(value)
    words = [w.lower().replace("-", "") for w in text.split()]
    doubled = any(a == b and not a.isdigit() for a, b in itertools.pairwise(words))
    shouted = len(words) > 3 and text.upper() == text
    unbalanced = text.count("(") != text.count(")")
    return not (_JUNK.search(text) or _CUT.search(text.strip()) or doubled or shouted or unbalanced)


def field_correct(name: str, got: Any, expected: Any) -> bool:
    match: Callable[[Any, Any], bool] = exact_match if name in EXACT else loose_match
    options = expected if isinstance(expected, list) else [expected]
    return any(match(got, option) for option in options)


def evaluate(
    expectations: Sequence[Expected], root: Path = ROOT, load: Callable[[Path], DocumentMeta] | None = None
) -> MetadataReport:
    """Read each file without a manifest and compare its inferred metadata with the expected values."""
    read = load or (lambda path: load_document(path).meta)
    report = MetadataReport()
    for item in expectations:
        path = (root / item.file).resolve()
        if not path.is_file():
            report.skipped.append(item.file)
            continue
        try:
            meta = read(path)
        except UnreadableFileError as exc:
            wrong = dict.fromkeys(item.values, False)
            report.outcomes.append(Outcome(item.file, {}, item.values, wrong, str(exc)))
            continue
        got = {name: getattr(meta, name) for name in item.values}
        correct = {name: field_correct(name, got[name], item.values[name]) for name in item.values}
        report.outcomes.append(Outcome(item.file, got, item.values, correct))
    return report


def format_report(report: MetadataReport, verbose: bool = False) -> str:
    lines = [f"{'field':<12} {'correct':>8} {'accuracy':>9}  {'clean':>6}"]
    for name in FIELDS:
        right, total = report.accuracy(name)
        share = f"{right / total:.0%}" if total else "-"
        clean = "{}/{}".format(*report.clean(name)) if name in ("title", "publisher") else ""
        lines.append(f"{name:<12} {f'{right}/{total}':>8} {share:>9}  {clean:>6}")
    if verbose:
        for o in report.outcomes:
            lines.append("")
            lines.append(Path(o.file).name + (f"  ({o.error})" if o.error else ""))
            for name in FIELDS:
                if name in o.correct:
                    mark = "ok " if o.correct[name] else "XX "
                    want = "" if o.correct[name] else f"   expected {o.expected[name]!r}"
                    lines.append(f"  {mark}{name:<12} {o.got.get(name)!r}{want}")
    if report.skipped:
        lines.append(f"skipped (missing): {len(report.skipped)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="expectations YAML")
    parser.add_argument("--verbose", "-v", action="store_true", help="every document's values")
    parser.add_argument("--json", action="store_true", help="the whole report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(load_expectations(args.set))
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print(format_report(report, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
