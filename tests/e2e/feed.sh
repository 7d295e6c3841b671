#!/usr/bin/env bash
# feed.sh - end-to-end check of the change feed GET /v3/score-reports/changes and the
# disclosure trail (issue 5): pages in change order with a cursor, reports added or turned
# final between pages show up later with nothing repeated or skipped, the permission rule
# and window applied at read time, 400 for bad cursors and limits, and every disclosure
# (student list, feed page, link fetch) visible through `scorebridge audit --ssid/--lea`.
# Sourced by tests/e2e/run (TAP helpers of lib.sh, $SB, $WORK); runs alone too:
#   tests/e2e/feed.sh
if ! declare -F pass >/dev/null; then
  set -uo pipefail
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  WORK=$(mktemp -d /tmp/scorebridge-feed.XXXXXX)
  . "$ROOT/tests/e2e/lib.sh"
  trap 'stop_server; rm -rf "$WORK"' EXIT
  FEED_ALONE=1
fi

feed_e2e() {
  local dir="$WORK/feed" saved_now=${SCOREBRIDGE_NOW:-}
  local port=${E2E_FEED_PORT:-$((20000 + RANDOM % 20000))}
  local base="http://127.0.0.1:$port" data="$WORK/feed/data"
  local A=1964733 B=3768338 F1=2000000001 F2=2000000002 F3=2000000003
  export SCOREBRIDGE_NOW=2026-02-10T12:00:00Z # window: administration years 2024-2026
  mkdir -p "$dir/files"
  local rec='SENR^A^r%s^%s^%s^^2025-2026^%s^L%s^Pat^^Doe^^^^^20150301^F^^^^%s^10^05^^^^^^^^^^^\r\n'
  {
    printf "$rec" "${F1}a" $A 6000001 $F1 $F1 20250814
    printf "$rec" "${F2}a" $A 6000001 $F2 $F2 20250814
    printf "$rec" "${F3}b" $B 6100001 $F3 $F3 20250814
  } >"$dir/senr.txt"
  printf '%%PDF-1.4\n%% feed\n%%%%EOF\n' >"$dir/files/r.pdf"
  printf '<!doctype html><title>ELA</title>\n' >"$dir/files/r.html"
  local head='ssid,type,lang,year,format,content_area,grade,final,path'
  cat >"$dir/m1.csv" <<CSV
$head
$F1,CAASPP,EN,2025,PDF,"ELA,MATH",04,true,files/r.pdf
$F1,CAASPP,EN,2023,PDF,"ELA,MATH",02,true,files/r.pdf
$F1,ESA,EN,2026,PDF,EP,05,false,files/r.pdf
$F2,CAASPP,EN,2025,PDF,"ELA,MATH",04,true,files/r.pdf
$F2,CAASPP,EN,2025,HTML,ELA,04,true,files/r.html
$F3,CAASPP,EN,2025,PDF,"ELA,MATH",04,true,files/r.pdf
CSV
  cat >"$dir/m2.csv" <<CSV
$head
$F1,ESA,EN,2026,PDF,EP,05,true,files/r.pdf
$F2,CAASPP,EN,2024,PDF,"ELA,MATH",03,true,files/r.pdf
CSV
  if "$SB" enrollment import --data "$data" "$dir/senr.txt" >"$dir/out" 2>&1 &&
    "$SB" reports import --data "$data" "$dir/m1.csv" >>"$dir/out" 2>&1; then
    pass "feed: fixture loads (enrollment, first manifest)"
  else
    fail "feed: fixture loads (enrollment, first manifest)" "$(tail -5 "$dir/out")"
    return
  fi
  local ca cb
  ca=$("$SB" credential create --data "$data" --name "feed A" --lea $A --json)
  cb=$("$SB" credential create --data "$data" --name "feed B" --lea $B --json)
  start_server "$data" "$port" || return
  local ta tb
  ta=$(curl -s -u "$(printf '%s' "$ca" | jq -r '.username + ":" + .api_token')" "$base/v3/token" | jq -r .token)
  tb=$(curl -s -u "$(printf '%s' "$cb" | jq -r '.username + ":" + .api_token')" "$base/v3/token" | jq -r .token)
  local ida
  ida=$(printf '%s' "$ca" | jq -r .id)
  feed() { req -H "Authorization: Bearer $1" "$base/v3/score-reports/changes$2"; }
  local item='"\(.ssid) \(.change) \(.year) \(.type) \(.format) \(."content area") \(.final)"'

  feed "$ta" "?limit=2"
  expect_status "feed: first page (no cursor) gives 200" 200
  expect_jq "feed: first page: LEA A's oldest two changes in the window (2023 passed over)" \
    "[.items[]|$item] == [\"$F1 added 2025 CAASPP PDF ELA,MATH true\",\"$F1 added 2026 ESA PDF EP false\"] and .more==true and (.next|type)==\"string\""
  expect_jq "feed: items carry the student endpoint's fields plus ssid and change, links on the public base" \
    "all(.items[]; (keys|sort)==([\"change\",\"content area\",\"final\",\"format\",\"grade\",\"lang\",\"ssid\",\"type\",\"url\",\"year\"]) and (.url|startswith(\"$base/v3/links/\")))"
  expect_header "feed: Cache-Control no-store" Cache-Control "no-store"
  local c1 link
  c1=$(printf '%s' "$BODY" | jq -r .next)
  link=$(printf '%s' "$BODY" | jq -r '.items[0].url')
  local all="[]"
  all=$(jq -c --argjson a "$all" '$a + [.items[]]' <<<"$BODY")

  # between pages: a report turns final and a new one arrives
  if "$SB" reports import --data "$data" "$dir/m2.csv" >"$dir/out" 2>&1; then
    pass "feed: a second manifest registers while a client pages"
  else
    fail "feed: a second manifest registers while a client pages" "$(tail -3 "$dir/out")"
  fi
  local cur=$c1 pages=1 c2=""
  while :; do
    feed "$ta" "?limit=2&since=$cur"
    [ "$STATUS" = 200 ] || break
    pages=$((pages + 1))
    [ -z "$c2" ] && c2=$cur
    all=$(jq -c --argjson a "$all" '$a + [.items[]]' <<<"$BODY")
    cur=$(printf '%s' "$BODY" | jq -r .next)
    [ "$(printf '%s' "$BODY" | jq -r .more)" = true ] || break
    [ $pages -gt 10 ] && break
  done
  expect_status "feed: next pages give 200" 200
  BODY=$all
  expect_jq "feed: every change once, in order: the one turned final and the new one come after" \
    "[.[]|$item] == [\"$F1 added 2025 CAASPP PDF ELA,MATH true\",\"$F1 added 2026 ESA PDF EP false\",\"$F2 added 2025 CAASPP PDF ELA,MATH true\",\"$F2 added 2025 CAASPP HTML ELA true\",\"$F1 final 2026 ESA PDF EP true\",\"$F2 added 2024 CAASPP PDF ELA,MATH true\"]"
  expect_jq "feed: another LEA's student is not in LEA A's feed" "all(.[]; .ssid != \"$F3\")"
  feed "$ta" "?since=$cur"
  expect_jq "feed: the last cursor gives an empty page, more false, the same cursor" \
    ".items==[] and .more==false and .next==\"$cur\""
  feed "$ta" "?limit=2&since=$c1"
  expect_jq "feed: a cursor read again gives the same page (stable)" \
    "[.items[]|$item] == [\"$F2 added 2025 CAASPP PDF ELA,MATH true\",\"$F2 added 2025 CAASPP HTML ELA true\"]"
  feed "$tb" ""
  expect_jq "feed: LEA B sees only its own student" \
    "([.items[]|.ssid]|unique) == [\"$F3\"] and .more==false"
  feed "$ta" "?limit=1000"
  expect_jq "feed: the window applies (no 2023 report), limit 1000 accepted" \
    "(.items|length)==5 and all(.items[]; .year >= 2024)"
  for q in "since=garbage" "since=c2IxOi0x" "since=c2IxOjAx" "since=%20" "limit=0" "limit=1001" "limit=abc" "limit=-5" "limit=2&limit=3"; do
    feed "$ta" "?$q"
    expect "feed: $q gives 400 Malformed parameter" 400 '{"error":"Malformed parameter"}'
  done
  req "$base/v3/score-reports/changes"
  expect "feed: no token gives 401" 401 '{"error":"You are unauthorized to make this request."}'

  # disclosures
  req -H "Authorization: Bearer $ta" "$base/v3/students/$F1/score-reports"
  expect_status "feed: the student endpoint still answers" 200
  req "$link"
  expect_status "feed: a link from the feed serves the file" 200
  # a crash: the student list's record is queued, committed within milliseconds; the
  # server killed outright 0.3 s later has it on disk
  req -H "Authorization: Bearer $ta" "$base/v3/students/$F1/score-reports"
  expect_status "feed: the student endpoint answers before the crash" 200
  sleep 0.3
  kill -9 "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
  "$SB" audit --data "$data" --ssid $F1 --json >"$dir/aud.json" 2>"$dir/aud.err"
  BODY=$(cat "$dir/aud.json")
  expect_jq "audit --ssid: the feed pages, both student lists (one just before a SIGKILL) and the link fetch are recorded" \
    "([.disclosures[]|select(.endpoint==\"changes\" and .credential==\"$ida\" and .leas==\"$A\" and .client==\"127.0.0.1\")]|length) >= 3 and ([.disclosures[]|select(.endpoint==\"student\" and .credential==\"$ida\")]|length)==2 and ([.disclosures[]|select(.endpoint==\"link\")]|length)==1 and all(.disclosures[]; .ssid==\"$F1\" and (.reports|test(\"^[0-9]+(,[0-9]+)*$\")))"
  "$SB" audit --data "$data" --lea $B --since 2026-02-10 --json >"$dir/audb.json" 2>&1
  BODY=$(cat "$dir/audb.json")
  expect_jq "audit --lea B --since: only B's disclosures (its student)" \
    "(.disclosures|length)>=1 and all(.disclosures[]; .leas==\"$B\" and .ssid==\"$F3\")"
  if "$SB" audit --data "$data" --ssid $F1 | grep -q "changes"; then
    pass "audit --ssid prints a table"
  else
    fail "audit --ssid prints a table"
  fi
  local trail="$data/scorebridge-disclosures.db"
  local rows
  rows=$(sqlite3 "$trail" "SELECT count(*) FROM disclosure" 2>&1)
  if [ "$rows" -ge 5 ] 2>/dev/null &&
    [ "$(sqlite3 "$data/scorebridge.db" "SELECT count(*) FROM sqlite_master WHERE name='disclosure'")" = 0 ]; then
    pass "the disclosure trail is its own file beside the database ($rows rows), not in it"
  else
    fail "the disclosure trail is its own file beside the database, not in it" "$rows"
  fi
  if sqlite3 "$trail" "DELETE FROM disclosure" >/dev/null 2>&1 ||
    sqlite3 "$trail" "UPDATE disclosure SET ssid='x'" >/dev/null 2>&1 ||
    [ "$(sqlite3 "$trail" "SELECT count(*) FROM disclosure")" != "$rows" ]; then
    fail "the disclosure trail refuses UPDATE and DELETE"
  else
    pass "the disclosure trail refuses UPDATE and DELETE"
  fi
  if [ -n "$saved_now" ]; then export SCOREBRIDGE_NOW=$saved_now; else unset SCOREBRIDGE_NOW; fi
}

feed_e2e
if [ -n "${FEED_ALONE:-}" ]; then
  echo "1..$TAP_N"
  [ "$TAP_FAILED" -eq 0 ]
fi
