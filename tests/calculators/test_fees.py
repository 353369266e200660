"""Patient fees under the högkostnadsskydd, checked by hand against Regionplan med budget 2020–2022, Bilaga 4."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given

from calculators import InvalidInput, MissingFigure, patient_fees

from . import strategies
from .factories import AMBULANCE_ROW, fee_tables_2020, inpatient_tables_2020, open_care_ceiling_2020

FEES = fee_tables_2020()
CEILING = open_care_ceiling_2020()
CEILING_KR = Decimal("1150")  # Regionplan 2020–2022, Bilaga 4: tak 1 150 kr per 12-månadersperiod


class TestPatientFees:
    def test_three_visits_and_a_prescription_renewal(self):
        # Regionplan 2020–2022, Bilaga 4: vårdbesök 300 kr (Tabell 13), receptförnyelse per telefon 150 kr (Tabell 14);
        # 3 × 300 + 150 = 1 050 kr, under the 1 150 kr ceiling (dev D21)
        visits = {"Vårdbesök oavsett vårdgivarkategori": 3, "Receptförnyelse per telefon/elektroniskt": 1}
        result = patient_fees(visits, FEES, CEILING)
        assert result.value == Decimal("1050")
        assert result.unit == "kr"
        assert result.document == "Regionplan med budget 2020–2022"
        assert result.source_year == 2020
        assert result.steps == (
            "Källa: Regionplan med budget 2020–2022, Tabell 13, Tabell 14 (kr).",
            "Vårdbesök oavsett vårdgivarkategori: 3 × 300 kr = 900 kr.",
            "Receptförnyelse per telefon/elektroniskt: 1 × 150 kr = 150 kr.",
            "Högkostnadsgrundande avgifter: 900 + 150 = 1 050 kr.",
            "Högkostnadsskyddet: tak 1 150 kr per 12-månadersperiod; 1 050 kr ligger inom taket.",
            "Att betala: 1 050 kr.",
        )

    def test_capped_at_the_ceiling(self):
        # 4 × 300 + 150 = 1 350 kr > 1 150 kr: the patient pays 1 150 kr
        visits = {"Vårdbesök oavsett": 4, "Receptförnyelse": 1}
        result = patient_fees(visits, FEES, CEILING)
        assert result.value == CEILING_KR
        assert "1 350 kr överstiger taket, så 1 150 kr betalas" in result.steps[-2]

    def test_ambulance_fee_is_outside_the_ceiling(self):
        # Regionplan 2020–2022, Tabell 13: "Ambulansavgift (ingår inte i högkostnadsskyddet)" 300 kr
        visits = {"Vårdbesök oavsett vårdgivarkategori": 4, "Ambulansavgift": 1}
        assert patient_fees(visits, FEES, CEILING).value == CEILING_KR + 300

    def test_emergency_visit(self):
        # Regionplan 2020–2022, Tabell 14: vårdbesök på jourtid och på akutmottagning 400 kr
        assert patient_fees({"Vårdbesök på jourtid": 2}, FEES, CEILING).value == Decimal("800")

    def test_inpatient_ceiling_per_30_days(self):
        # Regionplan 2020–2022, Tabell 16: 100 kr per day from 18 years, tak 2 400 kr per 30-dagarsperiod
        table, ceiling = inpatient_tables_2020()
        result = patient_fees({"18 år och äldre": 30}, table, ceiling)
        assert result.value == Decimal("2400")
        assert "tak 2 400 kr per 30-dagarsperiod" in result.steps[-2]

    def test_ceiling_as_a_decimal_needs_its_period(self):
        result = patient_fees({"Gruppbesök": 1}, FEES, CEILING_KR)
        assert "(perioden anges inte i källan)" in result.steps[-2]
        assert "per 12-månadersperiod" in patient_fees({"Gruppbesök": 1}, FEES, 1150, period="12-månadersperiod").steps[-2]

    def test_no_visits(self):
        assert patient_fees({}, FEES, CEILING).value == 0

    def test_ambiguous_visit_type(self):
        # "Vårdbesök" starts both Tabell 13's and Tabell 14's rows
        with pytest.raises(MissingFigure, match="Besökstypen 'Vårdbesök' är tvetydig"):
            patient_fees({"Vårdbesök": 1}, FEES, CEILING)

    def test_unknown_visit_type(self):
        with pytest.raises(MissingFigure, match="Besökstypen 'Tandblekning' finns inte i avgiftstabellerna"):
            patient_fees({"Tandblekning": 1}, FEES, CEILING)

    def test_fee_not_printed(self):
        # Regionplan 2020–2022, Tabell 14: the screening row's fee stands apart from its label in the document
        with pytest.raises(MissingFigure, match="Tabell 14 har ingen avgift för 'Screening"):
            patient_fees({"Screening": 1}, FEES, CEILING)

    @pytest.mark.parametrize("count", [-1, "tre", 1.0])
    def test_bad_count(self, count):
        with pytest.raises(InvalidInput, match="Antalet besök för 'Gruppbesök' måste vara ett heltal"):
            patient_fees({"Gruppbesök": count}, FEES, CEILING)

    def test_text_ceiling(self):
        with pytest.raises(InvalidInput, match="Högkostnadsskyddets tak måste vara ett tal"):
            patient_fees({"Gruppbesök": 1}, FEES, "1 150 kr")

    def test_no_tables(self):
        with pytest.raises(InvalidInput, match="Inga avgiftstabeller"):
            patient_fees({"Gruppbesök": 1}, [], CEILING)

    @given(strategies.counted_visits)
    def test_fees_never_exceed_the_ceiling(self, visits):
        assert patient_fees(visits, FEES, CEILING).value <= CEILING_KR

    @given(strategies.all_visits, strategies.all_visits)
    def test_fees_are_monotone_in_visits(self, visits, extra):
        more = {kind: visits.get(kind, 0) + extra.get(kind, 0) for kind in {*visits, *extra}}
        assert patient_fees(visits, FEES, CEILING).value <= patient_fees(more, FEES, CEILING).value

    @given(strategies.all_visits)
    def test_only_the_outside_fees_go_above_the_ceiling(self, visits):
        outside = 300 * visits.get(AMBULANCE_ROW, 0)
        assert patient_fees(visits, FEES, CEILING).value <= CEILING_KR + outside
