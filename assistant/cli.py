"""Command line: ``python -m assistant ingest | ask | eval``."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from assistant.compose import citations_markdown
from assistant.engine import Assistant
from assistant.errors import PlanError
from assistant.evaluate import RETRIEVAL_CATEGORIES, EvalReport, evaluate, evaluate_in_sessions, load_questions
from assistant.models import Answer
from assistant.owners import board_view
from assistant.session import ask_in_session, load_session, resolve_follow_up, save_session, session_path
from assistant.settings import Settings
from index import open_store


def settings_options(command):
    """Options every command shares: folders, model and retrieval strategy (override PA_*)."""

    @click.option("--documents-dir", type=click.Path(path_type=Path), help="Dokumentmapp (PA_DOCUMENTS_DIR).")
    @click.option("--index-dir", type=click.Path(path_type=Path), help="Indexmapp (PA_INDEX_DIR).")
    @click.option("--model", help="Inbäddningsmodell: all-MiniLM-L6-v2 eller en lokal mapp (PA_MODEL).")
    @click.option("--strategy", type=click.Choice(["hybrid", "bm25", "dense"]), help="Sökstrategi (PA_STRATEGY).")
    @click.option("--database-url", help="PostgreSQL-databas för ett delat index i stället för indexmappen (PA_DATABASE_URL).")
    @functools.wraps(command)
    def wrapper(documents_dir, index_dir, model, strategy, database_url, **kwargs):
        try:
            settings = Settings.from_env(
                documents_dir=documents_dir, index_dir=index_dir, model=model, strategy=strategy, database_url=database_url
            )
        except PlanError as error:
            raise click.ClickException(str(error)) from error
        return command(settings, **kwargs)

    return wrapper


def _fail_cleanly(action):
    """Run ``action``; a PlanError becomes a one-line Swedish error instead of a traceback."""
    try:
        return action()
    except PlanError as error:
        raise click.ClickException(str(error)) from error


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Visa loggmeddelanden på stderr.")
def cli(verbose: bool) -> None:
    """Planeringsassistenten: frågor om Region Jämtland Härjedalens planeringsdokument."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr, format="%(message)s")


@cli.command()
@settings_options
def ingest(settings: Settings) -> None:
    """Bygg eller uppdatera indexet från dokumentmappen; bara ändrade dokument läses om.

    Bara filer direkt i dokumentmappen läses; undermappar, länkar ut ur mappen och filer som inte
    kan läsas nämns med skäl. Med --database-url (PA_DATABASE_URL) skrivs indexet till PostgreSQL,
    ett dokument per transaktion.

    Example: python -m assistant ingest
    """
    store = open_store(settings.index_dir, settings.database_url)
    with click.progressbar(length=1, label="Indexerar", file=sys.stderr, show_eta=False) as bar:

        def progress(message: str, done: int, total: int) -> None:
            # Without a terminal the bar prints each new label as a line; with one it redraws it in place.
            if not total:
                click.echo(message, err=True)  # a notice (another ingest holds the folder): a line of its own
            else:
                bar.label = message
                bar.length = total
                bar.update(done - bar.pos)

        report = _fail_cleanly(lambda: store.build(settings.documents_dir, settings.model, settings.chunking, progress))
    for message in report.not_ingested():
        click.echo(f"Hoppade över {message}", err=True)
    summary = (
        f"Klart på {report.seconds:.1f} s: {report.passages} passager, "
        f"{len(report.added)} nya, {len(report.updated)} ändrade, {len(report.removed)} borttagna, "
        f"{len(report.unchanged)} oförändrade dokument, {len(report.errors)} fel, {len(report.skipped)} överhoppade."
    )
    if report.processed:
        summary += f" {report.processed} passager lästa, {report.embedded} nya vektorer, {report.rate:.1f} passager/s."
    click.echo(summary, err=True)


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Skriv svaret som ett JSON-objekt.")
@click.option("--jsonl", is_flag=True, help="Läs en fråga per rad från stdin, skriv ett JSON-objekt per rad.")
@click.option("--explain", is_flag=True, help="Visa de hämtade passagerna med lexikal, tät och sammanvägd poäng.")
@click.option("--session", "session_name", help="Samtalets namn: följdfrågor tolkas mot tidigare frågor i samtalet.")
@click.option(
    "--sessions-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Mapp för sparade samtal (standard: sessions bredvid indexmappen).",
)
@settings_options
def ask(
    settings: Settings,
    question: str | None,
    as_json: bool,
    jsonl: bool,
    explain: bool,
    session_name: str | None,
    sessions_dir: Path | None,
) -> None:
    """Besvara en fråga med källhänvisningar; med --session tolkas följdfrågor ("Och 2024?") mot samtalet.

    Example: python -m assistant ask "Vilket lånetak gäller för 2027?"
    """
    if not jsonl and not question:
        raise click.UsageError("Ange en fråga, eller --jsonl för frågor på stdin.")
    assistant = _fail_cleanly(lambda: Assistant.load(settings))
    answer_of = assistant.answer
    if session_name is not None:
        directory = sessions_dir or settings.index_dir.parent / "sessions"
        answer_of = _in_session(assistant, _fail_cleanly(lambda: session_path(directory, session_name)), explain)
    if jsonl:
        for line in sys.stdin:
            if line.strip():
                click.echo(json.dumps(answer_of(line).to_dict(), ensure_ascii=False))
        return
    if explain and session_name is None:
        _explain(assistant, question)
    answer = answer_of(question)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.text)
    if answer.citations:
        click.echo("\nKällor:\n" + citations_markdown(answer.citations))


def _in_session(assistant: Assistant, path: Path, explain: bool) -> Callable[[str], Answer]:
    """The assistant's answer function inside the conversation saved at ``path``, saved again after each turn.

    The resolved question goes to stderr only; the answer's ``question`` stays the question as asked.
    """
    session = _fail_cleanly(lambda: load_session(path))

    def answer_of(question: str) -> Answer:
        if explain:
            _explain(assistant, resolve_follow_up(question, session, assistant.resolve))
        answer = ask_in_session(assistant.answer, question, session, assistant.resolve)
        if session.turns[-1].resolved != answer.question:
            click.echo(f"Tolkad som: {session.turns[-1].resolved}", err=True)
        _fail_cleanly(lambda: save_session(session, path))
        return answer

    return answer_of


def _explain(assistant: Assistant, question: str) -> None:
    """Print each retrieved passage with its scores, the way `sqlite-utils search --sql` shows its query."""
    for rank, hit in enumerate(assistant.retriever.search(question, assistant.settings.top_k), start=1):
        lexical = "–" if hit.lexical_score is None else f"{hit.lexical_score:.4f}"
        dense = "–" if hit.dense_score is None else f"{hit.dense_score:.4f}"
        where = " > ".join(hit.passage.section_path)
        click.echo(f"{rank}. fused={hit.score:.4f} lexical={lexical} dense={dense} {hit.passage.doc_id} | {where}", err=True)
        click.echo(f"   {hit.passage.text[:160]!r}", err=True)


@cli.command()
@click.option("--board", help="Bara uppdrag för denna nämnd eller styrelse (del av namnet räcker).")
@click.option("--year", type=int, help="Bara uppdrag för detta år.")
@click.option("--status", help="Bara uppdrag med denna status (del av texten räcker).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Skriv tabellen som CSV hit.")
@settings_options
def uppdrag(settings: Settings, board: str | None, year: int | None, status: str | None, csv_path: Path | None) -> None:
    """Lista uppdragsregistret per nämnd: ägare, målområde, år och senast rapporterad status.

    Example: python -m assistant uppdrag --board kollektivtrafiknämnden --csv uppdrag.csv
    """
    store = open_store(settings.index_dir, settings.database_url)
    frame = _fail_cleanly(lambda: board_view(store.read().registry, board, year, status))
    if csv_path is not None:
        frame.to_csv(csv_path, index=False)
        click.echo(f"Skrev {len(frame)} rader till {csv_path}", err=True)
        return
    if frame.empty:
        click.echo("Inga uppdrag matchar urvalet.")
        return
    for row in frame.astype(object).fillna("").itertuples():
        status_text = f" – {row.status}" if row.status else ""
        click.echo(f"{row.board} | {row.goal_area} {row.year} | {row.text}{status_text}")


# The dev files `eval` scores when none are named: questions and conversations, both rounds.
DEV_FILES = ("dev-questions.jsonl", "dev-questions-2.jsonl", "dev-conversations.jsonl", "dev-conversations-2.jsonl")
DEV_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


@cli.command(name="eval")
@click.argument("questions_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min-hit3", type=float, help="Lägsta hit@3 över alla frågor med belägg; annars avslutas med kod 1.")
@click.option("--min-answer", type=float, help="Lägsta svarsträffsäkerhet för fact+owner+multi.")
@click.option("--min-calc", type=float, help="Lägsta svarsträffsäkerhet för beräkningsfrågor (calc).")
@click.option("--min-abstain", type=float, help="Lägsta andel rätt avstådda för kategorin abstain.")
@click.option("--min-follow-up", type=float, help="Lägsta svarsträffsäkerhet för följdfrågor i samtal.")
@click.option("--max-wrong-figure", type=int, help="Högsta antal svar som inleds med fel siffra.")
@click.option("--max-false-abstentions", type=int, help="Högsta antal besvarbara frågor som avstods.")
@click.option("--failures", is_flag=True, help="Lista frågorna som missade.")
@click.option("--no-sessions", is_flag=True, help="Ställ samtalens frågor var för sig, utan att tolka följdfrågor.")
@settings_options
def eval_command(settings: Settings, questions_files: tuple[Path, ...], failures: bool, no_sessions: bool, **limits) -> None:
    """Utvärdera mot frågefiler (JSONL med q, cat, evidence, answer; samtal med turns): en tabell per fil och en för alla.

    Utan filer används utvecklingsfilerna i ../shared/eval (båda omgångarna frågor och samtal).
    Trösklarna gäller alla filer tillsammans.

    Example: python -m assistant eval ../shared/eval/dev-questions.jsonl --min-hit3 0.9
    """
    files = questions_files or _dev_files()
    per_file = [(path, _fail_cleanly(lambda path=path: load_questions(path))) for path in files]
    assistant = _fail_cleanly(lambda: Assistant.load(settings))
    run = evaluate if no_sessions else evaluate_in_sessions
    reports = [(path, run(assistant.answer, questions)) for path, questions in per_file]
    click.echo(f"Strategi: {settings.strategy}, modell: {settings.model}, {sum(len(q) for _, q in per_file)} frågor\n")
    for path, report in reports:
        click.echo(f"{path.name}\n{report.table()}\n")
    combined = EvalReport([result for _, report in reports for result in report.results])
    if len(reports) > 1:
        click.echo(f"Alla filer\n{combined.table()}\n")
    if failures:
        _print_failures(combined)
    below = _below_limits(combined, limits)
    if below:
        raise click.ClickException("; ".join(below))


def _dev_files() -> tuple[Path, ...]:
    """The dev files beside the checkout (../shared/eval); a clear error when they are missing."""
    found = tuple(DEV_DIR / name for name in DEV_FILES if (DEV_DIR / name).exists())
    if not found:
        raise click.ClickException(f"Hittar inga utvärderingsfiler i {DEV_DIR}; ange en frågefil.")
    return found


def _print_failures(report: EvalReport) -> None:
    for result in report.failures():
        flag = " (fel siffra)" if result.wrong_figure else ""
        click.echo(f"  miss {result.question.id} [{result.question.category}]{flag} {result.question.question}")
        if result.resolved:
            click.echo(f"       tolkad som: {result.resolved}")


def _below_limits(report: EvalReport, limits: dict) -> list[str]:
    """The thresholds ``report`` misses, in Swedish."""
    checks = [
        ("min_hit3", "alla", "hit@3", 1),
        ("min_answer", "+".join(RETRIEVAL_CATEGORIES), "answer", 1),
        ("min_calc", "calc", "answer", 1),
        ("min_abstain", "abstain", "abstain", 1),
        ("min_follow_up", "följdfrågor", "answer", 1),
        ("max_wrong_figure", "alla", "wrong_figures", -1),
        ("max_false_abstentions", "alla", "false_abstentions", -1),
    ]
    below = []
    for option, category, metric, direction in checks:
        limit = limits.get(option)
        if limit is None:
            continue
        row = report.row(category)
        value = None if row is None else row[metric]
        if value is None or (direction > 0 and value < limit) or (direction < 0 and value > limit):
            below.append(f"{metric} för {category} är {value}, gränsen är {limit}")
    return below
