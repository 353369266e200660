from dataclasses import replace
from pathlib import Path
from assistant import Assistant, Settings, evaluate, load_questions
from index import Strategy
settings = Settings.from_env()
assistant = Assistant.load(settings)
qs = [q for q in load_questions(Path('../shared/eval/dev-questions.jsonl')) if q.category in ("fact","owner","multi")]
r = assistant.retriever
print("| dense weight | hit@1 | hit@3 | hit@5 |")
print("|---|---|---|---|")
for strategy, w in [(Strategy.LEXICAL, 0), (Strategy.DENSE, 1)] + [(Strategy.HYBRID, w) for w in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)]:
    r.config = replace(r.config, strategy=strategy, dense_weight=w)
    row = evaluate(assistant.answer, qs).row("fact+owner+multi")
    print(f"| {strategy.value} {w} | {row['hit@1']:.2f} | {row['hit@3']:.2f} | {row['hit@5']:.2f} |")
