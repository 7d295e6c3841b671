#!/usr/bin/env bash
# client.sh - end-to-end check of `scorebridge client` (the reference SSR API v3 client,
# src/client/ssr_client.h): against the real server (check, reports, fetch a link to a file
# and compare the bytes with the report file loaded, the refusals and their exit codes) and
# against tests/e2e/fake_ssr.mjs on loopback, which answers 429 with Retry-After, 503, a 401
# for a token it no longer accepts, and serves a three-page changes feed for `client sync`.
# Sourced by tests/e2e/run (TAP helpers of lib.sh, $SB, $WORK); runs alone too:
#   tests/e2e/client.sh
if ! declare -F pass >/dev/null; then
  set -uo pipefail
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  WORK=$(mktemp -d /tmp/scorebridge-client.XXXXXX)
  . "$ROOT/tests/e2e/lib.sh"
  trap 'stop_server; rm -rf "$WORK"' EXIT
  CLIENT_ALONE=1
fi

client_e2e() {
  local dir="$WORK/client" port=$((20000 + RANDOM % 20000))
  local sbx="$dir/sbx" var="$dir/var" out rc t0 t1
  mkdir -p "$dir"
  export SCOREBRIDGE_NOW=2026-02-10T12:00:00Z
  if ! "$SB" sandbox --out "$sbx" --students 30 --seed 5 --today 2026-02-10 --load \
    --data "$var" >"$dir/sandbox.out" 2>&1; then
    fail "client: the sandbox is written and loaded" "$(tail -5 "$dir/sandbox.out")"
    return
  fi
  local ssid lea cj
  ssid=$(jq -r .examples.current.ssid "$sbx/sandbox.json")
  lea=$(jq -r .examples.current.lea "$sbx/sandbox.json")
  cj=$("$SB" credential create --data "$var" --lea "$lea" --name "client e2e" --json)
  start_server "$var" "$port" || {
    fail "client: the server starts"
    return
  }
  local url="http://127.0.0.1:$port" user secret
  user=$(printf '%s' "$cj" | jq -r .username)
  secret=$(printf '%s' "$cj" | jq -r .api_token)

  # check, credential from the environment
  if SCOREBRIDGE_URL=$url SCOREBRIDGE_USERNAME=$user SCOREBRIDGE_API_TOKEN=$secret \
    "$SB" client check --json >"$dir/check.json" 2>"$dir/err" &&
    jq -e --arg l "$lea" '.leas == [$l] and (.token_expires_at | test("^2026-02-10T13:00:00Z$"))' \
      "$dir/check.json" >/dev/null; then
    pass "client: check (credential from SCOREBRIDGE_*) lists the LEA and the token's expiry"
  else
    fail "client: check (credential from SCOREBRIDGE_*) lists the LEA and the token's expiry" \
      "$(cat "$dir/check.json" "$dir/err")"
  fi
  # the same from flags, human output
  if "$SB" client check --url "$url/" --username "$user" --api-token "$secret" >"$dir/check.txt" 2>&1 &&
    grep -q "^LEAs: *$lea\$" "$dir/check.txt" && grep -q '^token expires: 2026-02-10T13:00:00Z' "$dir/check.txt"; then
    pass "client: check (credential from flags) prints LEAs and expiry"
  else
    fail "client: check (credential from flags) prints LEAs and expiry" "$(cat "$dir/check.txt")"
  fi
  export SCOREBRIDGE_URL=$url SCOREBRIDGE_USERNAME=$user SCOREBRIDGE_API_TOKEN=$secret
  SCOREBRIDGE_API_TOKEN=wrong "$SB" client check >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 3 ] && [ "$(wc -l <"$dir/err")" -eq 1 ] && grep -q 'refused the username and api_token' "$dir/err"; then
    pass "client: a wrong api_token exits 3 with one line"
  else
    fail "client: a wrong api_token exits 3 with one line" "exit $rc" "$(cat "$dir/err")"
  fi
  SCOREBRIDGE_USERNAME='' "$SB" client check >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 2 ] && grep -q 'SCOREBRIDGE_USERNAME' "$dir/err"; then
    pass "client: no username exits 2 naming what is missing"
  else
    fail "client: no username exits 2 naming what is missing" "exit $rc" "$(cat "$dir/err")"
  fi

  # reports
  local n
  n=$(jq -r .examples.current.reports "$sbx/sandbox.json")
  if "$SB" client reports "$ssid" --json >"$dir/reports.json" 2>"$dir/err" &&
    jq -e "length == $n and all(.[]; (.url | startswith(\"$url/\")))" "$dir/reports.json" >/dev/null; then
    pass "client: reports $ssid gives its $n reports with links"
  else
    fail "client: reports $ssid gives its $n reports with links" "$(head -c 400 "$dir/reports.json")" "$(cat "$dir/err")"
  fi
  if "$SB" client reports "$ssid" --year 2025 --format PDF --lang EN --final true --json >"$dir/pdf.json" 2>"$dir/err" &&
    jq -e 'length >= 1 and all(.[]; .year == 2025 and .format == "PDF" and .lang == "EN" and .final == true)' \
      "$dir/pdf.json" >/dev/null; then
    pass "client: reports --year --format --lang --final filter the list"
  else
    fail "client: reports --year --format --lang --final filter the list" "$(head -c 400 "$dir/pdf.json")" "$(cat "$dir/err")"
  fi
  "$SB" client reports "$ssid" >"$dir/reports.txt" 2>"$dir/err"
  if [ "$(wc -l <"$dir/reports.txt")" -eq "$n" ] && grep -q "^2025 .* PDF .*$url/" "$dir/reports.txt"; then
    pass "client: reports prints one line a report"
  else
    fail "client: reports prints one line a report" "$(head -3 "$dir/reports.txt")"
  fi
  "$SB" client reports 9999999998 >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 4 ] && grep -q '404' "$dir/err" && [ "$(wc -l <"$dir/err")" -eq 1 ]; then
    pass "client: an unknown student exits 4 with the server's 404 message"
  else
    fail "client: an unknown student exits 4 with the server's 404 message" "exit $rc" "$(cat "$dir/err")"
  fi

  # fetch a link to a file: the bytes of the report file loaded
  local link row ca src
  row=$(jq -c '.[0]' "$dir/pdf.json")
  link=$(printf '%s' "$row" | jq -r .url)
  ca=$(printf '%s' "$row" | jq -r '."content area"')
  src=$(grep "^$ssid,$(printf '%s' "$row" | jq -r '[.type,.lang,(.year|tostring),.format]|join(",")'),\"\\?$ca\"\\?," \
    "$sbx/reports/manifest.csv" | head -1 | awk -F, '{print $NF}')
  if "$SB" client fetch "$link" --out "$dir/got.pdf" >"$dir/out" 2>"$dir/err" && [ -n "$src" ] &&
    cmp -s "$dir/got.pdf" "$sbx/reports/$src"; then
    pass "client: fetch --out saves the link's file, byte for byte the report loaded"
  else
    fail "client: fetch --out saves the link's file, byte for byte the report loaded" "src: $src" "$(cat "$dir/out" "$dir/err")"
  fi
  if ls "$dir" | grep -q '\.tmp\.'; then
    fail "client: no temporary file is left beside it" "$(ls "$dir")"
  else
    pass "client: no temporary file is left beside it"
  fi
  if "$SB" client fetch "$link" 2>"$dir/err" | cmp -s - "$dir/got.pdf"; then
    pass "client: fetch to stdout gives the same bytes"
  else
    fail "client: fetch to stdout gives the same bytes" "$(cat "$dir/err")"
  fi
  local tok=${link#*/v3/links/} bad
  if [ "${tok:0:1}" = A ]; then bad="${link%%/v3/links/*}/v3/links/B${tok:1}"; else bad="${link%%/v3/links/*}/v3/links/A${tok:1}"; fi
  "$SB" client fetch "$bad" --out "$dir/bad.pdf" >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 4 ] && [ ! -e "$dir/bad.pdf" ] && grep -q 'link was refused' "$dir/err"; then
    pass "client: a tampered link exits 4 and writes no file"
  else
    fail "client: a tampered link exits 4 and writes no file" "exit $rc" "$(cat "$dir/err")"
  fi
  stop_server
  "$SB" client check --max-attempts 2 >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 1 ] && grep -q 'gave up after 2 attempts' "$dir/err"; then
    pass "client: no server: exit 1 after the bounded attempts"
  else
    fail "client: no server: exit 1 after the bounded attempts" "exit $rc" "$(cat "$dir/err")"
  fi

  # --- the fake server: 429, 503, 401, the changes feed --------------------------------
  node "$ROOT/tests/e2e/fake_ssr.mjs" >"$dir/fake.port" 2>"$dir/fake.log" &
  local fake=$! fport=""
  for _ in $(seq 1 100); do
    fport=$(head -1 "$dir/fake.port" 2>/dev/null)
    [ -n "$fport" ] && break
    sleep 0.05
  done
  if [ -z "$fport" ]; then
    fail "client: the fake server starts" "$(cat "$dir/fake.log")"
    kill "$fake" 2>/dev/null
    return
  fi
  export SCOREBRIDGE_URL="http://127.0.0.1:$fport" SCOREBRIDGE_USERNAME=vendor SCOREBRIDGE_API_TOKEN=secret
  stats() { curl -s "http://127.0.0.1:$fport/_stats"; }
  t0=$(date +%s.%N)
  "$SB" client reports 1000000429 --json >"$dir/out" 2>"$dir/err"
  rc=$?
  t1=$(date +%s.%N)
  if [ $rc -eq 0 ] && jq -e 'length == 1' "$dir/out" >/dev/null && grep -q 'Retry-After' "$dir/err" &&
    awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 1.0) }' &&
    [ "$(stats | jq '.hits["/v3/students/1000000429/score-reports"]')" = 2 ]; then
    pass "client: 429 with Retry-After: 1, then 200: waits at least 1 s, succeeds on the second try"
  else
    fail "client: 429 with Retry-After: 1, then 200" "exit $rc, $t0 -> $t1" "$(cat "$dir/err")"
  fi
  t0=$(date +%s.%N)
  "$SB" client reports 1000000430 --json >"$dir/out" 2>"$dir/err"
  rc=$?
  t1=$(date +%s.%N)
  if [ $rc -eq 0 ] && grep -q 'Retry-After' "$dir/err" && awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.9) }'; then
    pass "client: 429 with Retry-After as an HTTP-date is honoured too"
  else
    fail "client: 429 with Retry-After as an HTTP-date is honoured too" "exit $rc, $t0 -> $t1" "$(cat "$dir/err")"
  fi
  "$SB" client reports 1000000503 --json >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 0 ] && jq -e 'length == 1' "$dir/out" >/dev/null &&
    [ "$(stats | jq '.hits["/v3/students/1000000503/score-reports"]')" = 2 ]; then
    pass "client: 503 then 200: backs off and succeeds on the second try"
  else
    fail "client: 503 then 200: backs off and succeeds on the second try" "exit $rc" "$(cat "$dir/err")"
  fi
  local tok0 tok1
  tok0=$(stats | jq .tokens)
  "$SB" client reports 1000000401 --json >"$dir/out" 2>"$dir/err"
  rc=$?
  tok1=$(stats | jq .tokens)
  if [ $rc -eq 0 ] && [ $((tok1 - tok0)) -eq 2 ] &&
    stats | jq -e '.auth["1000000401"] | length == 2 and .[0] != .[1]' >/dev/null; then
    pass "client: 401 once, then 200: exactly one new token is fetched and the request sent with it"
  else
    fail "client: 401 once, then 200: exactly one new token is fetched" "exit $rc, tokens $tok0 -> $tok1" \
      "$(stats | jq -c .auth)" "$(cat "$dir/err")"
  fi
  "$SB" client reports 1000000500 --max-attempts 3 >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 1 ] && [ "$(stats | jq '.hits["/v3/students/1000000500/score-reports"]')" = 3 ] &&
    grep -q 'gave up after 3 attempts' "$dir/err"; then
    pass "client: 503 every time: exit 1 after exactly --max-attempts 3 tries"
  else
    fail "client: 503 every time: exit 1 after exactly --max-attempts 3 tries" "exit $rc" "$(cat "$dir/err")"
  fi
  "$SB" client reports 1000000999 >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 1 ] && grep -q 'not JSON' "$dir/err"; then
    pass "client: a 200 that is not JSON exits 1 saying so"
  else
    fail "client: a 200 that is not JSON exits 1 saying so" "exit $rc" "$(cat "$dir/err")"
  fi
  "$SB" client fetch "http://127.0.0.1:$fport/files/flaky.pdf" --out "$dir/flaky.pdf" >"$dir/out" 2>"$dir/err"
  rc=$?
  if [ $rc -eq 0 ] && [ "$(cat "$dir/flaky.pdf")" = "%PDF-1.4 fake flaky" ]; then
    pass "client: fetch retries a 503 and saves only the good answer"
  else
    fail "client: fetch retries a 503 and saves only the good answer" "exit $rc" "$(cat "$dir/err")"
  fi
  "$SB" client fetch "http://127.0.0.1:$fport/files/flaky2.pdf" 2>"$dir/err" | cat >"$dir/flaky2.pdf"
  if [ "$(cat "$dir/flaky2.pdf")" = "%PDF-1.4 fake flaky2" ] && grep -q '503' "$dir/err"; then
    pass "client: fetch to a pipe retries a 503 that came before any byte"
  else
    fail "client: fetch to a pipe retries a 503 that came before any byte" "$(cat "$dir/err")"
  fi
  "$SB" client sync --since '' --limit 2 >"$dir/sync.out" 2>"$dir/sync.err"
  rc=$?
  if [ $rc -eq 0 ] && [ "$(wc -l <"$dir/sync.out")" -eq 5 ] &&
    jq -se '[.[].ssid] == ["1000000010","1000000020","1000000030","1000000040","1000000050"]' "$dir/sync.out" >/dev/null &&
    stats | jq -e '.since == ["", "c1", "c2"] and .limits == ["2", "2", "2"]' >/dev/null &&
    grep -q '5 items in 3 pages; resume with --since c2' "$dir/sync.err"; then
    pass "client: sync follows next through 3 pages: 5 items, one a line, and the cursor to resume"
  else
    fail "client: sync follows next through 3 pages" "exit $rc" "$(cat "$dir/sync.out" "$dir/sync.err")" "$(stats | jq -c .since)"
  fi
  if "$SB" client sync --json >"$dir/sync.json" 2>"$dir/err" &&
    jq -e '.count == 5 and .pages == 3 and .next == "c2" and (.items | length) == 5' "$dir/sync.json" >/dev/null; then
    pass "client: sync --json prints one object with the items and the cursor"
  else
    fail "client: sync --json prints one object with the items and the cursor" "$(head -c 300 "$dir/sync.json")" "$(cat "$dir/err")"
  fi
  kill "$fake" 2>/dev/null
  wait "$fake" 2>/dev/null
  unset SCOREBRIDGE_URL SCOREBRIDGE_USERNAME SCOREBRIDGE_API_TOKEN
}
client_e2e

if [ -n "${CLIENT_ALONE:-}" ]; then
  echo "1..$TAP_N"
  [ "$TAP_FAILED" -eq 0 ]
fi
