"""Files stay inside documents/: uploads, document names and symlinks; size and page limits; no code in load paths."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from ingest import SkippedEntry, TooLarge, build_corpus, document_files
from ingest.corpus import LINK_OUTSIDE, LINKED_FOLDER
from ingest.loaders import MAX_FILE_BYTES, MAX_PDF_PAGES, load_pages
from tests.conftest import ROOT
from ui.documents import MAX_UPLOAD_BYTES, UploadError, safe_upload_name, save_upload

PDF_TEXT = "Regionplan och budget 2026-2028: lånetaket är 850 miljoner kronor."


def write_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages, each with one line of text (fpdf2)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for _ in range(pages):
        pdf.add_page()
        pdf.cell(text=PDF_TEXT)
    pdf.output(str(path))
    return path


def folder_contents(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


class TestUploads:
    @pytest.mark.parametrize(
        ("name", "saved"),
        [
            ("../x.pdf", "x.pdf"),
            ("../../../../tmp/x.txt", "x.txt"),
            ("/etc/passwd.txt", "passwd.txt"),
            ("..\\..\\x.txt", "x.txt"),
            ("C:\\Windows\\system.ini.md", "system.ini.md"),
            ("x\x00.txt", "x.txt"),
            ("plan\x00../../etc.txt", "etc.txt"),
            ("%2e%2e%2fx.txt", "2e-2e-2fx.txt"),
            ("\u202eplan.txt", "plan.txt"),
        ],
    )
    def test_hostile_names_land_inside_the_folder(self, tmp_path, name, saved):
        documents, outside = tmp_path / "documents", tmp_path
        documents.mkdir()
        before = folder_contents(outside)

        path = save_upload(name, b"Lanetaket 2027 ar 850 mkr.", documents)

        assert path == documents.resolve() / saved
        assert folder_contents(documents) == [saved]
        assert folder_contents(outside) == before

    @pytest.mark.parametrize("name", ["/etc/passwd", "..", ".", "../", "\x00", "..txt", "/", "x.exe", "x.pdf\x00.exe", ""])
    def test_names_without_a_safe_document_name_are_refused(self, tmp_path, name):
        with pytest.raises(UploadError):
            save_upload(name, b"text", tmp_path)
        assert folder_contents(tmp_path) == []

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(name=st.text(max_size=80) | st.builds(lambda a, b: f"{a}/../{b}.txt", st.text(max_size=20), st.text(max_size=20)))
    def test_any_name_is_refused_or_saved_as_a_plain_file_inside(self, tmp_path_factory, name):
        documents = tmp_path_factory.mktemp("documents")
        try:
            path = save_upload(name, b"text", documents)
        except UploadError as error:
            assert str(error)
            assert folder_contents(documents) == []
            return
        assert path.parent == documents.resolve()
        assert path.name == safe_upload_name(name)
        assert not path.name.startswith(".") and not set(path.name) & {"/", "\\", "\x00"}
        assert folder_contents(documents) == [path.name]

    def test_symlink_named_like_the_upload_is_not_followed(self, tmp_path):
        documents, secret = tmp_path / "documents", tmp_path / "secret.txt"
        documents.mkdir()
        secret.write_text("hemligt", encoding="utf-8")
        (documents / "plan.txt").symlink_to(secret)

        with pytest.raises(UploadError, match="symbolisk länk"):
            save_upload("plan.txt", b"skriv over", documents)
        assert secret.read_text(encoding="utf-8") == "hemligt"

    def test_size_limit(self, tmp_path):
        assert MAX_UPLOAD_BYTES == 25 * 1024 * 1024
        with pytest.raises(UploadError, match="största tillåtna storlek är 25 MB"):
            save_upload("plan.txt", b"x" * (MAX_UPLOAD_BYTES + 1), tmp_path)
        assert save_upload("plan.txt", b"x" * 1024, tmp_path, max_bytes=1024).stat().st_size == 1024
        assert folder_contents(tmp_path) == ["plan.txt"]


class TestIngestStaysInside:
    def test_symlink_out_of_the_folder_is_not_ingested(self, tiny_documents, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("Hemligt: lösenordet till ekonomisystemet är sommar2026.", encoding="utf-8")
        (tiny_documents / "lank.txt").symlink_to(secret)
        (tiny_documents / "kopia.txt").symlink_to(tiny_documents / "ekonomi.txt")  # a link inside is fine

        names = [path.name for path in document_files(tiny_documents)]
        corpus = build_corpus(tiny_documents)

        assert "lank.txt" not in names and "kopia.txt" in names
        assert [document.doc_id for document in corpus.documents] == sorted(set(names))
        texts = " ".join(p.text for document in corpus.documents for section in document.sections for p in section.paragraphs)
        assert "balanskravsresultat" in texts
        assert "sommar2026" not in texts
        assert [entry.message() for entry in corpus.skipped] == [f"lank.txt: {LINK_OUTSIDE}"]

    def test_symlinked_directory_is_not_walked(self, tiny_documents, tmp_path):
        (tmp_path / "annat").mkdir()
        (tmp_path / "annat" / "hemligt.txt").write_text("hemligt", encoding="utf-8")
        (tiny_documents / "mapp").symlink_to(tmp_path / "annat", target_is_directory=True)
        assert all(path.parent == tiny_documents for path in document_files(tiny_documents))
        assert "mapp" not in [path.name for path in document_files(tiny_documents)]
        assert build_corpus(tiny_documents).skipped == (SkippedEntry("mapp", LINKED_FOLDER),)


class TestLimits:
    def test_pdf_over_the_page_limit_is_refused_in_swedish(self, tmp_path):
        path = write_pdf(tmp_path / "lang.pdf", 6)
        assert len(load_pages(path)) == 6
        with pytest.raises(TooLarge, match="PDF-filen har 6 sidor; högst 5 läses – dela upp dokumentet"):
            load_pages(path, max_pages=5)

    def test_default_page_limit_applies(self, tmp_path):
        writer = PdfWriter()
        for _ in range(MAX_PDF_PAGES + 1):
            writer.add_blank_page(width=200, height=200)
        path = tmp_path / "tom.pdf"
        with path.open("wb") as handle:
            writer.write(handle)
        with pytest.raises(TooLarge, match=f"{MAX_PDF_PAGES + 1} sidor"):
            load_pages(path)

    @pytest.mark.parametrize("suffix", [".txt", ".pdf"])
    def test_file_over_the_size_limit_is_refused_unread(self, tmp_path, suffix):
        path = tmp_path / f"stor{suffix}"
        with path.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used, never read
        with pytest.raises(TooLarge, match="högst 100 MB läses"):
            load_pages(path)

    def test_oversize_file_is_reported_and_the_rest_ingested(self, tiny_documents):
        with (tiny_documents / "stor.txt").open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)
        corpus = build_corpus(tiny_documents)
        assert [error.document for error in corpus.errors] == ["stor.txt"]
        assert isinstance(corpus.errors[0], TooLarge)
        assert len(corpus.documents) == 3


# Modules and calls that run code from data: never in a load path of the product.
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRIBUTES = {"read_pickle", "to_pickle", "load_pickle", "unsafe_load", "full_load"}
PRODUCT = ("app.py", "assistant", "bench", "calculators", "index", "ingest", "ui", "views")


def product_sources() -> list[Path]:
    files = [ROOT / "app.py"] + [path for folder in PRODUCT[1:] for path in (ROOT / folder).rglob("*.py")]
    return sorted(path for path in files if path.exists())


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((item.value for item in call.keywords if item.arg == name), None)


def unsafe_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each import or call in ``tree`` that can run code from data."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, f"import {m}") for m in modules if m.split(".")[0] in FORBIDDEN_MODULES]
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else function.attr if isinstance(function, ast.Attribute) else ""
        owner = ast.unparse(function.value) if isinstance(function, ast.Attribute) else ""
        if isinstance(function, ast.Name) and name in FORBIDDEN_BUILTINS:
            found.append((node.lineno, f"{name}()"))
        elif name in FORBIDDEN_ATTRIBUTES:
            found.append((node.lineno, f"{owner}.{name}()"))
        elif name == "load" and owner in ("np", "numpy"):
            value = keyword(node, "allow_pickle")
            if not (isinstance(value, ast.Constant) and value.value is False):
                found.append((node.lineno, "np.load() utan allow_pickle=False"))
        elif name == "load" and owner == "torch":
            value = keyword(node, "weights_only")
            if not (isinstance(value, ast.Constant) and value.value is True):
                found.append((node.lineno, "torch.load() utan weights_only=True"))
        elif name == "load" and owner == "yaml":
            found.append((node.lineno, "yaml.load()"))
        elif name in ("Unpickler", "loads") and owner in FORBIDDEN_MODULES:
            found.append((node.lineno, f"{owner}.{name}()"))
    return found


def test_no_pickle_eval_or_unsafe_load_in_the_product():
    sources = product_sources()
    assert len(sources) > 40
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sources
        for line, what in unsafe_calls(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    ]
    assert offending == []


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import pickle", "import pickle"),
        ("from joblib import load", "import joblib"),
        ("eval(text)", "eval()"),
        ("exec(code)", "exec()"),
        ("np.load(path)", "np.load() utan allow_pickle=False"),
        ("np.load(path, allow_pickle=True)", "np.load() utan allow_pickle=False"),
        ("torch.load(path)", "torch.load() utan weights_only=True"),
        ("pd.read_pickle(path)", "pd.read_pickle()"),
        ("yaml.load(text)", "yaml.load()"),
    ],
)
def test_the_scan_finds_each_unsafe_load(source, what):
    assert unsafe_calls(ast.parse(source)) == [(1, what)]


def test_the_scan_accepts_safe_loads():
    safe = "np.load(path, allow_pickle=False)\ntorch.load(path, weights_only=True)\nre.compile('x')\njson.loads(text)"
    assert unsafe_calls(ast.parse(safe)) == []


def test_loaders_never_execute_document_content(tmp_path):
    # A document whose text is Python must come back as text, not be run.
    marker = tmp_path / "kordes"
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('ja')\n"
    for suffix in (".txt", ".md"):
        path = tmp_path / f"kod{suffix}"
        path.write_text(code, encoding="utf-8")
        assert load_pages(path)[0].text == code
    assert not marker.exists()
