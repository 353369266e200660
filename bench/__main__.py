"""Entry point: ``python -m bench`` (speed and memory figures, see BENCHMARKS.md)."""

from bench.run import main

main()
