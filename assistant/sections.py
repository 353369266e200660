"""Where the documents say something: "Under vilket målområde står de siffrorna?".

A part that asks for a place (answer type ``section``) is answered with the heading path of
the best passage, within the documents the question names, that names what it asks about:
the passage's own section, cited, not a sentence chosen from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.accept import part_documents
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, coverage
from assistant.query import Query
from assistant.vocabulary import Vocabulary
from ingest.models import Passage

# The words that ask where, not what: they name no content of the passage.
PLACE_STEMS = frozenset({"målområd", "målområde", "avsnitt", "kapitel", "rubrik", "del", "områd", "område", "står", "stå"})
MIN_COVERAGE = 0.5
GOAL_AREA = re.compile(r"\bmålområde", re.IGNORECASE)
AREA_HEADING = re.compile(r"^\s*Målområde(?:\s+för)?\s+(?P<name>.+?)\s*$", re.IGNORECASE)


def _names_area(heading: str, areas: frozenset[str]) -> bool:
    """A heading that is a målområde: "Målområde för Tandvård", or the area's name alone ("Ledningsprocesser")."""
    match = AREA_HEADING.match(heading)
    name = (match.group("name") if match else heading).strip().lower()
    return name in areas


def candidates(query: Query, index: int, passages: Sequence[Passage], vocabulary: Vocabulary) -> list[Candidate]:
    """The section of the first passage (best first) that covers the part's words, in the documents it names."""
    part = query.parts[index]
    documents = part_documents(query, index)
    words = [w for w in part.words if w.stem not in PLACE_STEMS]
    areas = vocabulary.goal_areas if GOAL_AREA.search(part.text) else None
    for passage in passages:
        if (documents and passage.doc_id not in documents) or not passage.section_path:
            continue
        if areas is not None and not any(_names_area(heading, areas) for heading in passage.section_path):
            continue  # "under vilket målområde": a section that is one, not "Kriterier för bedömning av uppdrag"
        share, found = coverage(words, Text.of(passage.index_text or passage.text)) if words else (1.0, frozenset())
        if share < MIN_COVERAGE:
            continue
        document = vocabulary.document(passage.doc_id)
        years = set(passage.year_span) | ({document.one_year} if document and document.one_year else set())
        usage = Usage(
            years=frozenset(years),
            documents=frozenset({passage.doc_id}),
            words=found | frozenset(w.stem for w in part.words if w.stem in PLACE_STEMS),
        )
        text = f"Det står under {' – '.join(h.rstrip('. ') for h in passage.section_path)} i {passage.doc_title}."
        evidence = (Evidence(passage.doc_id, passage.source_lines[0], passage.section_path[-1]),)
        return [Candidate("section", index, (Line(text, 0),), evidence, usage, share, intent="search")]
    return []
