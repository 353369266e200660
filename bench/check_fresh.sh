#!/usr/bin/env bash
# A newcomer's check: the committed tree, cloned to a temporary folder, runs README's two commands.
#
#   make check-fresh            # or: bash bench/check_fresh.sh
#
# Each command gets its own fresh clone (no .venv, no build/), beside a link to ../shared as CI has it:
#   1. `make run` until /_stcore/health answers "ok" (then it is stopped), timed from the clone;
#   2. `make test` until it exits, timed the same way; it must pass.
# Uncommitted changes are not part of the check. Logs are kept in the folder printed at the end;
# the clones are removed. Exits non-zero when either command fails.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="$(cd "$ROOT/../shared" 2>/dev/null && pwd)" || { echo "../shared saknas bredvid $ROOT"; exit 2; }
COMMIT="$(git -C "$ROOT" rev-parse HEAD)"
WORK="$(mktemp -d /tmp/pa-check-fresh-XXXX)"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-1200}"
TEST_TIMEOUT_S="${TEST_TIMEOUT_S:-3600}"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

load() { cut -d' ' -f1-3 /proc/loadavg; }

fresh_clone() {  # $1: folder name; a clone of COMMIT with ../shared beside it
  local parent="$WORK/$1"
  mkdir -p "$parent"
  ln -s "$SHARED" "$parent/shared"
  git clone --quiet --no-checkout "$ROOT" "$parent/repo"
  git -C "$parent/repo" checkout --quiet --detach "$COMMIT"
  echo "$parent/repo"
}

echo "Nybörjarkontroll av $(git -C "$ROOT" rev-parse --short HEAD) ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) kärnor, belastning $(load))"
[ -z "$(git -C "$ROOT" status --porcelain)" ] || echo "Obs: ocommittade ändringar ingår inte i kontrollen."
status=0

# 1. make run, until the app answers its health check.
repo="$(fresh_clone run)"
started=$(date +%s)
(cd "$repo" && STREAMLIT_SERVER_PORT="$PORT" exec setsid make run >"$LOGS/make-run.log" 2>&1) &
runner=$!
healthy=""
while [ $(( $(date +%s) - started )) -lt "$RUN_TIMEOUT_S" ] && kill -0 "$runner" 2>/dev/null; do
  if [ "$(python3 -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$PORT/_stcore/health', timeout=2).read().decode())" 2>/dev/null)" = "ok" ]; then
    healthy=$(( $(date +%s) - started ))
    break
  fi
  sleep 2
done
kill -- -"$runner" 2>/dev/null  # setsid made make the leader of its own process group: it, ingest and streamlit
wait "$runner" 2>/dev/null
if [ -n "$healthy" ]; then
  echo "make run:  /_stcore/health svarade \"ok\" efter ${healthy} s (port $PORT, belastning efteråt $(load))"
else
  echo "make run:  inget svar från /_stcore/health inom ${RUN_TIMEOUT_S} s – se $LOGS/make-run.log"
  tail -n 20 "$LOGS/make-run.log"
  status=1
fi
rm -rf "$WORK/run"

# 2. make test, in a clone of its own.
repo="$(fresh_clone test)"
started=$(date +%s)
(cd "$repo" && timeout "$TEST_TIMEOUT_S" make test >"$LOGS/make-test.log" 2>&1)
code=$?
elapsed=$(( $(date +%s) - started ))
summary="$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed|error).* =+$' "$LOGS/make-test.log" | tail -n 1)"
if [ "$code" = 0 ]; then
  echo "make test: klar efter ${elapsed} s: ${summary} (belastning efteråt $(load))"
else
  echo "make test: MISSLYCKADES (kod $code) efter ${elapsed} s: ${summary} – se $LOGS/make-test.log"
  grep -E '^(FAILED|ERROR) ' "$LOGS/make-test.log" | head -n 20
  status=1
fi
rm -rf "$WORK/test"
echo "Loggar: $LOGS"
exit "$status"
