"""ingest.assignments: the uppdrag registry, asserted against the real plan and tertial report.

Line numbers in comments are source lines of the files in documents/ (as an editor numbers them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.assignments import (
    ALL_BOARDS,
    MATCH_THRESHOLD,
    Assignment,
    Board,
    FollowUp,
    GoalArea,
    KeyFigure,
    assignments_frame,
    board_mentions,
    expand_owners,
    extract_assignments,
    match_follow_ups,
    parse_owner_tags,
    parse_owners,
    record_from_dict,
    similarity,
)
from ingest.clean import blank_line_breaks, clean_pages
from ingest.loaders import load_pages
from ingest.manifest import document_meta, read_manifest
from ingest.models import DocumentMeta, Page
from ingest.sections import split_sections

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
PLAN = "regionplan-och-budget-2026-2028.txt"
OLD_PLAN = "regionplan-med-budget-2020-2022.txt"
REPORT = "tertialrapport-1-2026-regionstyrelsen.txt"

RS = "Regionstyrelsen"
HSN = "Hälso- och sjukvårdsnämnden"
RUN = "Regionala utvecklingsnämnden"
KTN = "Kollektivtrafiknämnden"
RS_ALL = (RS, ALL_BOARDS)
RS_HSN = (RS, HSN)

# Owners of every uppdrag per målområde, in the plan's order, counted by hand in
# Regionplan och budget 2026–2028 under "Uppdrag till regionstyrelsen och nämnderna <år>:".
EXPECTED_OWNERS = {
    "Ledningsprocesser": (2026, [RS_ALL] * 2),  # rad 431–441
    "Hälso- och sjukvård": (2026, [RS_HSN] * 3 + [(HSN,)] * 3 + [RS_HSN] * 2 + [(HSN,)]),  # rad 546–594
    "Tandvård": (2025, [RS_HSN] * 4 + [(RS,)]),  # rad 647–669; the plan's heading says 2025
    "Regionalt utvecklingsansvar": (2026, [(RUN,), (RUN,), (RS, RUN)]),  # rad 761–779
    "Kollektivtrafik": (2025, [(KTN,)]),  # rad 829–831; heading 2025
    "Kultur": (2026, [(RUN, RS)]),  # rad 892–896: "Regionala utvecklingsnämnden ska tillsammans med regionstyrelsen"
    "Stödverksamhet": (2026, [(RS,)] * 8),  # rad 1012–1052
}  # Folkhögskolor (rad 897–929) has no uppdrag: 29 in all

# The övergripande mål, as the plan's own overview lists them ("• <mål> (Målområde för …)", rad 210–224).
EXPECTED_GOALS = {
    "Ledningsprocesser": "Ledning, styrning och uppföljning av beslut och verksamhet",
    "Hälso- och sjukvård": "God och nära vård i hela Jämtland Härjedalen",
    "Tandvård": "God och tillgänglig tandvård i hela Jämtland Härjedalen",
    "Regionalt utvecklingsansvar": "Utvecklingskraft i hela Jämtland Härjedalen",
    "Kollektivtrafik": "Goda kommunikationer inom samt till och från Jämtland Härjedalen",
    "Kultur": "Tillgängligt kulturutbud i hela Jämtland Härjedalen",
    "Folkhögskolor": "Folkhögskolor med hög kvalitet",
    "Stödverksamhet": "Ändamålsenlig kompetens för effektivt stöd till verksamhet och utveckling",
}

# Bullets under "Långsiktiga nyckeltal att följa över tid …", counted by hand.
EXPECTED_KEY_FIGURES = {
    "Ledningsprocesser": 8,  # rad 320–342
    "Hälso- och sjukvård": 10,  # rad 517–542
    "Tandvård": 3,  # rad 633–643
    "Regionalt utvecklingsansvar": 4,  # rad 746–760
    "Kollektivtrafik": 4,  # rad 816–826
    "Kultur": 3,  # rad 880–888
    "Folkhögskolor": 3,  # rad 921–929
    "Stödverksamhet": 4,  # rad 1001–1011
}

# Rows of the tertial report's status tables that no plan uppdrag matches: regionstyrelsen's
# own uppdrag (its verksamhetsplan's), beginning of each text.
EXPECTED_UNMATCHED = [
    "Nämnder bjuds in till styrelsesammanträden",  # rad 509–519, the only "Avslutad/klar"
    "Minskning av energianvändningen sker",  # rad 529–537
    "Minska matsvinnet jämfört med föregående år",  # rad 545–549
    "Verksamheten ska fortsätta arbeta för tillgängliga läkemedel",  # rad 741–748
    "Samiska språk och samisk kultur ska vara synlig",  # rad 1151–1160
    "Externa medel för forskningsrelaterade studier",  # rad 1259–1266
    "Förebygga och upptäcka välfärdsbrott",  # rad 1275–1281
    "Följa upp att den interna kontrollen",  # rad 1292–1299
    "I samband med beslutad inriktning för arbetet med Östersunds sjukhus",  # rad 1309–1318
]


def parse(name: str):
    """What parse_document has for one shipped file: cleaned lines, sections and metadata."""
    pages = load_pages(DOCUMENTS / name)
    lines = clean_pages(pages)
    meta = document_meta(name, read_manifest(DOCUMENTS).get(name), lines)
    return lines, split_sections(lines, blank_line_breaks(pages), meta.title), meta


@pytest.fixture(scope="module")
def registry():
    """Every record of every shipped document, follow-ups matched."""
    records = [record for path in sorted(DOCUMENTS.glob("*.txt")) for record in extract_assignments(*parse(path.name))]
    return match_follow_ups(records)


def of_type(records, cls, doc_id=None):
    return [record for record in records if isinstance(record, cls) and doc_id in (None, record.doc_id)]


def assignment(records, start: str) -> Assignment:
    (found,) = [record for record in of_type(records, Assignment) if record.text.startswith(start)]
    return found


def follow_up(records, start: str) -> FollowUp:
    (found,) = [record for record in of_type(records, FollowUp) if record.text.startswith(start)]
    return found


class TestPlanAssignments:
    @pytest.mark.parametrize("area", EXPECTED_OWNERS)
    def test_owners_per_goal_area(self, registry, area):
        year, owners = EXPECTED_OWNERS[area]
        found = [record for record in of_type(registry, Assignment, PLAN) if record.goal_area == area]
        assert [record.owners for record in found] == owners
        assert {record.year for record in found} == {year}

    def test_29_assignments_and_none_for_folkhögskolor(self, registry):
        found = of_type(registry, Assignment, PLAN)
        assert len(found) == 29
        assert "Folkhögskolor" not in {record.goal_area for record in found}

    def test_joint_owners_are_kept(self, registry):
        nato = assignment(registry, "Regionstyrelsen och regionala utvecklingsnämnden ska, i samverkan")
        assert nato.owners == (RS, RUN)
        assert nato.goal_area == "Regionalt utvecklingsansvar"
        assert nato.text.endswith("NATO:s grundläggande krav för civilt försvar.")
        assert nato.source_lines == (775, 779)

    def test_samtliga_nämnder_is_kept_and_expands_to_the_plans_boards(self, registry):
        climate = assignment(registry, "Regionstyrelsen och samtliga nämnder ska minska sin miljö- och klimatpåverkan")
        assert climate.owners == RS_ALL
        assert climate.all_boards
        boards = of_type(registry, Board, PLAN)
        assert expand_owners(climate, boards) == (RS, HSN, RUN, KTN, "Patientnämnden")

    def test_nämnd_without_ending_is_normalised(self, registry):
        # rad 552: "Regionstyrelsen och hälso- och sjukvårdsnämnd ska upprätthålla …"
        medicines = assignment(registry, "Regionstyrelsen och hälso- och sjukvårdsnämnd ska upprätthålla")
        assert medicines.owners == RS_HSN

    def test_full_sentence_and_provenance(self, registry):
        dental = assignment(registry, "Regionstyrelsen och hälso- och sjukvårdsnämnden ska verka för att såväl akut")
        assert dental.text == (
            "Regionstyrelsen och hälso- och sjukvårdsnämnden ska verka för att såväl akut som förebyggande "
            "tandvård ges till både barn och vuxna, och att tandvårdens roll som hälsofrämjande instans stärks."
        )
        assert dental.section_path == ("Målområde för Tandvård", "Uppdrag till regionstyrelsen och nämnderna 2025")
        assert dental.source_lines == (653, 657)
        assert (dental.doc_id, dental.doc_title) == (PLAN, "Regionplan och budget 2026–2028")
        assert dental.year_span == (2026, 2027, 2028)

    def test_ids_are_unique_and_stable(self, registry):
        again = of_type(extract_assignments(*parse(PLAN)), Assignment)
        assert [record.id for record in again] == [record.id for record in of_type(registry, Assignment, PLAN)]
        assert len({record.id for record in again}) == len(again)

    def test_the_2020_plan_has_strategies_not_assignments(self, registry):
        # Regionplan 2020–2022 gives "Strategi för …" prose, no "Uppdrag till …" lists and no målområden.
        assert [record for record in registry if record.doc_id == OLD_PLAN] == []


class TestGoalAreasAndKeyFigures:
    def test_goals_match_the_plans_overview(self, registry):
        goals = {record.name: record.goal for record in of_type(registry, GoalArea, PLAN)}
        assert goals == EXPECTED_GOALS

    def test_goal_spanning_two_lines(self, registry):
        (dental,) = [record for record in of_type(registry, GoalArea) if record.name == "Tandvård"]
        assert dental.source_lines == (595, 601)  # heading, "God och tillgänglig tandvård i hela" / "Jämtland Härjedalen"
        assert dental.section_path == ("Målområde för Tandvård",)

    @pytest.mark.parametrize("area", EXPECTED_KEY_FIGURES)
    def test_key_figure_counts(self, registry, area):
        found = [record for record in of_type(registry, KeyFigure, PLAN) if record.goal_area == area]
        assert len(found) == EXPECTED_KEY_FIGURES[area]

    def test_wrapped_key_figure(self, registry):
        (pension,) = [record for record in of_type(registry, KeyFigure) if record.text.startswith("Konsolideringsgrad")]
        assert pension.text.endswith("(d v s minst 100 procents konsolidering).")
        assert pension.source_lines == (338, 342)
        assert pension.section_path == (
            "Målområde för Ledningsprocesser",
            "Långsiktiga nyckeltal att följa över tid för att visa målområdets utveckling",
        )


class TestBoards:
    def test_the_plans_boards_in_its_budget_table(self, registry):
        boards = of_type(registry, Board, PLAN)
        assert [(board.name, board.kind) for board in boards] == [
            ("Regionfullmäktige", "fullmäktige"),
            (RS, "styrelse"),
            (HSN, "nämnd"),
            (RUN, "nämnd"),
            (KTN, "nämnd"),
            ("Patientnämnden", "nämnd"),
        ]
        # Tabell 12, driftbudget per regionstyrelse och nämnd (rad 1933–1973): one line per board.
        assert [board.source_lines[0] for board in boards] == [1933, 1937, 1946, 1955, 1964, 1973]
        assert {board.section_path for board in boards} == {
            ("Tabell 12. Driftbudget i brutto per regionstyrelse, nämnd samt finansiering.",)
        }

    def test_only_documents_with_a_registry_list_boards(self, registry):
        assert {board.doc_id for board in of_type(registry, Board)} == {PLAN}


class TestFollowUps:
    def test_rows_and_statuses(self, registry):
        rows = of_type(registry, FollowUp, REPORT)
        assert len(rows) == 31
        assert {row.status for row in rows} == {"Pågående enligt plan", "Avslutad/klar"}
        assert follow_up(registry, "Nämnder bjuds in").status == "Avslutad/klar"

    def test_dental_assignment_status_and_comment(self, registry):
        # rad 776–789
        row = follow_up(registry, "Verka för att såväl akut som förebyggande tandvård ges till både barn och vuxna")
        assert row.status == "Pågående enligt plan"
        assert "F-intyg" in row.comment
        planned = assignment(registry, "Regionstyrelsen och hälso- och sjukvårdsnämnden ska verka för att såväl akut")
        assert row.assignment_id == planned.id
        assert row.score >= 0.9
        assert row.goal_area == "Tandvård"
        assert row.section_path == (
            "Tandvård - God och tillgänglig tandvård i hela Jämtland Härjedalen",
            "Status Uppdrag Kommentar",
        )
        assert row.source_lines == (776, 789)
        assert (row.organ, row.doc_title) == (RS, "Tertialrapport 1 2026 – Regionstyrelsen")

    def test_owner_tag_without_space(self, registry):
        # rad 1221–1228: "… verksamhetens / utvecklingsbehov.(RS)"
        row = follow_up(registry, "Realisera arbetssätt")
        realise = "Realisera arbetssätt som bidrar till att utveckla och anpassa tekniska lösningar utifrån verksamhetens"
        assert row.text == realise + " utvecklingsbehov.(RS)"
        assert row.status == "Pågående enligt plan"
        assert row.owner_tags == ("RS",)
        assert row.assignment_id == assignment(registry, "Regionstyrelsen ska realisera arbetssätt").id

    def test_row_split_by_a_page_break_is_joined(self, registry):
        # rad 611–636: uppdrag and comment both continue under the repeated header on the next page.
        row = follow_up(registry, "Upprätthåll en robust och säker läkemedelshantering")
        assert (
            row.text == "Upprätthåll en robust och säker läkemedelshantering samt tillse att antibiotika förskrivs restriktivt."
        )
        assert row.comment.startswith("Inom läkemedelsområdet pågår arbete")
        assert row.comment.endswith("där åtgärder vidtagits för att minska svinn.")
        assert row.source_lines == (611, 636)

    def test_comment_alone_continues_after_a_page_break(self, registry):
        # rad 1221–1257: only the comment runs over to the next page.
        row = follow_up(registry, "Realisera arbetssätt")
        assert row.comment.endswith("morgondagens krav på en säker, tillgänglig och effektiv verksamhet.")

    def test_joint_owner_tags(self, registry):
        row = follow_up(registry, "I samverkan med relevanta aktörer")
        assert row.owner_tags == ("RS", "RUN")
        assert row.comment.endswith("det är mycket som återstår.")
        assert row.assignment_id == assignment(registry, "Regionstyrelsen och regionala utvecklingsnämnden ska, i").id

    def test_same_sentence_for_two_boards_goes_to_the_reporting_boards(self, registry):
        # "… ska verka för ökad samisk kulturkompetens …" is HSN's under hälso- och sjukvård (rad 592)
        # and RS's under stödverksamhet (rad 1050); RS reports it under Stödverksamhet.
        row = follow_up(registry, "Verka för ökad samisk kulturkompetens")
        assert row.assignment_id == assignment(registry, "Regionstyrelsen ska verka för ökad samisk").id
        assert row.goal_area == "Stödverksamhet"

    def test_every_plan_assignment_of_regionstyrelsen_is_followed_up_once(self, registry):
        owned = {record.id for record in of_type(registry, Assignment, PLAN) if RS in record.owners}
        matched = [row.assignment_id for row in of_type(registry, FollowUp, REPORT) if row.matched]
        assert len(owned) == 22
        assert sorted(matched) == sorted(owned)

    def test_unmatched_rows_are_listed_with_their_scores(self, registry):
        unmatched = [row for row in of_type(registry, FollowUp, REPORT) if not row.matched]
        assert [
            next(start for start in EXPECTED_UNMATCHED if row.text.startswith(start)) for row in unmatched
        ] == EXPECTED_UNMATCHED
        assert all(row.score is None or row.score < 0.5 for row in unmatched)  # None: no uppdrag shares its words
        assert min(row.score for row in of_type(registry, FollowUp) if row.matched) > 0.9

    def test_skipping_uppdrag_without_shared_words_changes_no_match(self, registry):
        """Comparing every follow-up with every plan uppdrag of its years links the same ones."""
        assignments = of_type(registry, Assignment)
        for row in of_type(registry, FollowUp):
            candidates = [a for a in assignments if set(a.year_span) & set(row.year_span)] or assignments
            best = max(candidates, key=lambda candidate: similarity(row.text, candidate.text))
            if row.matched:
                assert row.score == round(similarity(row.text, best.text), 3)
            else:
                assert similarity(row.text, best.text) < MATCH_THRESHOLD

    def test_unmatched_rows_keep_the_reports_goal_area(self, registry):
        assert follow_up(registry, "Externa medel").goal_area == "Stödverksamhet"
        assert follow_up(registry, "Minska matsvinnet").goal_area == "Ledningsprocesser"


class TestRecords:
    def test_json_round_trip(self, registry):
        for record in registry:
            assert record_from_dict(json.loads(json.dumps(record.to_dict()))) == record

    def test_unknown_type_is_named(self):
        with pytest.raises(ValueError, match="Okänd posttyp 'uppdrag'"):
            record_from_dict({"type": "uppdrag"})

    def test_repr_is_short(self, registry):
        assert all(len(repr(record)) < 250 for record in registry)
        assert repr(follow_up(registry, "Minska matsvinnet")).startswith("FollowUp('Pågående enligt plan'")


@pytest.fixture(scope="module")
def frame(registry):
    """The board-centred view of the registry."""
    return assignments_frame(registry)


class TestFrame:
    def test_one_row_per_assignment_and_board(self, frame):
        planned = frame[frame.in_plan]
        # 29 uppdrag; 11 have two named owners; the 2 "samtliga nämnder" ones become RS + 4 nämnder.
        assert len(planned) == 29 + 11 + 2 * 4
        assert planned.via_all_boards.sum() == 8

    def test_board_centred_filter(self, frame):
        rs = frame[(frame.board == RS) & frame.in_plan]
        assert len(rs) == 22
        assert set(rs.status) == {"Pågående enligt plan"}
        assert set(rs.reported_by) == {RS}

    def test_other_boards_status_is_not_taken_from_regionstyrelsens_report(self, frame):
        hsn = frame[frame.board == HSN]
        assert hsn.status.isna().all()
        assert set(hsn.goal_area) == {"Ledningsprocesser", "Hälso- och sjukvård", "Tandvård"}

    def test_filter_by_goal_area_and_year(self, frame):
        dental = frame[(frame.goal_area == "Tandvård") & (frame.year == 2025) & (frame.board == RS)]
        assert len(dental) == 5

    def test_unmatched_follow_ups_are_rows(self, frame):
        own = frame[~frame.in_plan]
        assert len(own) == len(EXPECTED_UNMATCHED)
        assert set(own.board) == {RS}
        assert (own.status == "Avslutad/klar").sum() == 1

    def test_without_expansion(self, registry):
        frame = assignments_frame(registry, expand_all_boards=False)
        assert (frame.board == ALL_BOARDS).sum() == 2


class TestOwnerParsing:
    @pytest.mark.parametrize(
        ("text", "owners"),
        [
            ("Regionstyrelsen och hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård.", RS_HSN),
            ("Regionstyrelsen och hälso- och sjukvårdsnämnd ska upprätthålla", RS_HSN),
            ("• Regionstyrelsen och samtliga nämnder ska minska sin klimatpåverkan.", RS_ALL),
            ("REGIONALA UTVECKLINGSNÄMNDEN ska utveckla arbetssättet.", (RUN,)),
            ("Regionala utvecklingsnämnden ska tillsammans med regionstyrelsen fortsätta.", (RUN, RS)),
            ("Regionstyrelsen ska i samverkan med nämnderna prioritera insatser.", (RS,)),
            ("Verksamheten ska fortsätta arbeta för tillgängliga läkemedel.", ("Verksamheten",)),
            ("Minska matsvinnet jämfört med föregående år.", ()),
        ],
    )
    def test_owners(self, text, owners):
        assert parse_owners(text)[0] == owners

    def test_inflected_board_names(self):
        text = "Hälso- och sjukvårdsnämndens budget, kollektivtrafiknämnds plan och regionstyrelsens beslut"
        assert [name for _, name in board_mentions(text)] == [HSN, KTN, RS]

    @pytest.mark.parametrize(
        ("text", "tags"),
        [("… civilt försvar. (RS, RUN)", ("RS", "RUN")), ("… hälsa (RS).", ("RS",)), ("… energiprestanda (EPBD).", ())],
    )
    def test_owner_tags(self, text, tags):
        assert parse_owner_tags(text) == tags


STATUS_TABLE = """Tandvård - God och tillgänglig tandvård.

Kommentar

Status Uppdrag Kommentar

 Pågående
enligt plan

Tillhandahåll en säker
tandvård, där

Arbete pågår med
att stärka

Status Uppdrag Kommentar
vårdskador förebyggs. (RS)

säker informationsöverföring.

Avslutad/klar

Ett eget uppdrag.

Klart.

Nästa rubrik
"""


def test_literal_status_table_with_a_page_break():
    pages = [Page(None, STATUS_TABLE)]
    lines = clean_pages(pages)
    meta = DocumentMeta("rapport.txt", "Rapport", organ=RS, period="2026")
    rows = of_type(extract_assignments(lines, split_sections(lines, blank_line_breaks(pages), meta.title), meta), FollowUp)
    assert [(row.status, row.text, row.comment) for row in rows] == [
        (
            "Pågående enligt plan",
            "Tillhandahåll en säker tandvård, där vårdskador förebyggs. (RS)",
            "Arbete pågår med att stärka säker informationsöverföring.",
        ),
        ("Avslutad/klar", "Ett eget uppdrag.", "Klart."),
    ]
    assert rows[0].heading == "Tandvård - God och tillgänglig tandvård."


LINE_PARTS = st.sampled_from(
    [
        "Målområde för Kultur",
        "Målområde för",
        "Uppdrag till regionstyrelsen och nämnderna 2026:",
        "Långsiktiga nyckeltal att följa över tid:",
        "• Regionstyrelsen och samtliga nämnder ska",
        "• Kollektivtrafiknämnden ska öka intäkterna.",
        "Status Uppdrag Kommentar",
        " Pågående",
        "enligt plan",
        "Kommentar",
        "Tandvård - God tandvård.",
        "(RS)",
        "ska",
        "",
        "-",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINE_PARTS, st.text(max_size=40)), max_size=40))
def test_arbitrary_text_never_raises(parts):
    pages = [Page(None, "\n".join(parts))]
    lines = clean_pages(pages)
    meta = DocumentMeta("x.txt", "X", organ=RS, period="2026")
    records = extract_assignments(lines, split_sections(lines, blank_line_breaks(pages), meta.title), meta)
    matched = match_follow_ups(records)
    assignments_frame(matched)
    for record in matched:
        assert record_from_dict(json.loads(json.dumps(record.to_dict()))) == record
