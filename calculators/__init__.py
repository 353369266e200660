"""Calculators: pure, deterministic arithmetic over parsed tables, with steps and sources.

Filled by the tables-and-calculators work; nothing here may import streamlit or do I/O.
"""

__all__: list[str] = []
