"""Per-question rankings, written down and compared: did a change to the runtime move any answer?

Usage:
    python -m bench.rankings dump before.json [--questions FILE ...]
    python -m bench.rankings compare before.json after.json

``dump`` asks every question of the dev files (single questions and conversation turns, each asked
alone) and records, per question, the hybrid search's top ``--depth`` passage ids, the dense
ranking's top ids, the ids the answer cites, its hit@1/3/5, whether it answered or abstained, and
its text. ``compare`` lists every question where any of these differ, and exits 1 if one does.
Totals can hide a swap (one question gained, another lost); this does not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.engine import Assistant
from assistant.evaluate import KS, load_questions, score
from assistant.settings import PROJECT_ROOT, Settings

DEV_FILES = (
    PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.jsonl",
    PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions-2.jsonl",
)
FIELDS = ("hybrid", "dense", "cited", "hits", "answered", "abstained", "text")


def rankings(assistant: Assistant, files: list[Path], depth: int) -> dict[str, dict]:
    """Per question id (prefixed by its file's name): what retrieval and the answer gave."""
    records: dict[str, dict] = {}
    retriever = assistant.retriever
    for path in files:
        for question in load_questions(path):
            text = question.question
            answer = assistant.answer(text)
            result = score(question, answer)
            hybrid = [hit.passage.id for hit in retriever.search(text, depth)]
            dense = [retriever.passages[i].id for i, _ in retriever.dense_ranking(text, depth)]
            records[f"{path.stem}:{question.id}"] = {
                "question": text,
                "hybrid": hybrid,
                "dense": dense,
                "cited": [citation.passage_id for citation in answer.citations],
                "hits": {str(k): result.hits[k] for k in KS},
                "answered": result.answered,
                "abstained": answer.abstained,
                "text": answer.text,
            }
    return records


@click.group()
def main() -> None:
    """Write down or compare per-question rankings."""


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--questions", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--depth", default=10, show_default=True, help="Passages recorded per ranking.")
def dump(output: Path, files: tuple[Path, ...], depth: int) -> None:
    """Ask every question and write its rankings to OUTPUT (JSON).

    Example: python -m bench.rankings dump /tmp/before.json
    """
    assistant = Assistant.load(Settings.from_env())
    records = rankings(assistant, list(files) or list(DEV_FILES), depth)
    output.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"{len(records)} frågor skrivna till {output}", err=True)


@main.command()
@click.argument("before", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def compare(before: Path, after: Path) -> None:
    """List the questions whose rankings, citations, hits or answers differ; exit 1 if any do.

    Example: python -m bench.rankings compare /tmp/before.json /tmp/after.json
    """
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    differing = 0
    for key in sorted(set(old) | set(new)):
        if key not in old or key not in new:
            click.echo(f"{key}: finns bara i {'efter' if key in new else 'före'}")
            differing += 1
            continue
        changed = [name for name in FIELDS if old[key][name] != new[key][name]]
        if changed:
            differing += 1
            click.echo(f"{key}: {', '.join(changed)} skiljer sig – {old[key]['question']}")
    click.echo(f"{len(old)} före, {len(new)} efter, {differing} frågor skiljer sig")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
