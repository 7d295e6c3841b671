#!/usr/bin/env bash
# research.sh - end-to-end check of `scorebridge export research` (the Smarter Balanced
# research-file export, src/analytics/research.h): a sandbox LEA's CAASPP files are
# imported with the real binary, exported, and the file is read back with awk, which knows
# nothing of the writer: the header is the 69 names of formats.md §5.3, every row has 69
# fields, the LEA-wide all-grades All Students ELA count matches plain SQL over the stored
# score rows, and no count of 1-10 students is shown in fields 13-15.
# Sourced by tests/e2e/run (TAP helpers of lib.sh, $SB, $WORK); runs alone too:
#   tests/e2e/research.sh
if ! declare -F pass >/dev/null; then
  set -uo pipefail
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  WORK=$(mktemp -d /tmp/scorebridge-research.XXXXXX)
  . "$ROOT/tests/e2e/lib.sh"
  trap 'rm -rf "$WORK"' EXIT
  RESEARCH_ALONE=1
fi

research_e2e() {
  local dir="$WORK/research" lea=1990101 f
  local sbx="$dir/sbx" var="$dir/var" out="$dir/research.txt"
  mkdir -p "$dir"
  if ! "$SB" sandbox --out "$sbx" --students 2000 --year 2026 --today 2026-03-01 --load \
    --data "$var" >"$dir/sandbox.out" 2>&1; then
    fail "research: the sandbox is written and loaded" "$(tail -5 "$dir/sandbox.out")"
    return
  fi
  local n=0
  for f in $(jq -r '.files.scores[] | select(.lea=="'$lea'" and .family=="CAASPP" and .year==2026)
                    | .path' "$sbx/sandbox.json"); do
    if SCOREBRIDGE_DATA="$var" "$SB" scores import --lea $lea "$sbx/$f" >"$dir/import.out" 2>&1; then
      n=$((n + 1))
    else
      fail "research: scores import $f" "$(head -5 "$dir/import.out")"
    fi
  done
  if [ "$n" -eq 2 ]; then pass "research: both CAASPP 2026 files of LEA $lea load"; else
    fail "research: both CAASPP 2026 files of LEA $lea load" "loaded $n"
  fi

  if SCOREBRIDGE_DATA="$var" "$SB" export research --lea $lea --year 2026 --out "$out" \
    >"$dir/export.out" 2>&1 && [ -s "$out" ]; then
    pass "research: export research writes the file"
  else
    fail "research: export research writes the file" "$(head -5 "$dir/export.out")"
    return
  fi
  if ls "$dir" | grep -q '\.tmp\.'; then
    fail "research: no temporary file is left beside it" "$(ls "$dir")"
  else
    pass "research: no temporary file is left beside it"
  fi

  # formats.md §5.3, written out here on its own
  local want="County Code^District Code^District Name^School Code^School Name^Type ID^Filler"
  want+="^Test Year^Test Type^Test ID^Student Group ID^Grade^Total Students Enrolled"
  want+="^Total Students Tested^Total Students Tested with Scores^Mean Scale Score"
  want+="^Percentage Standard Exceeded^Count Standard Exceeded^Percentage Standard Met"
  want+="^Count Standard Met^Percentage Standard Met and Above^Count Standard Met and Above"
  want+="^Percentage Standard Nearly Met^Count Standard Nearly Met^Percentage Standard Not Met"
  want+="^Count Standard Not Met^Overall Total"
  local area
  for area in "Area 1" "Area 2" "Area 3" "Area 4" "Composite Area 1" "Composite Area 2"; do
    want+="^$area Percentage Above Standard^$area Count Above Standard"
    want+="^$area Percentage Near Standard^$area Count Near Standard"
    want+="^$area Percentage Below Standard^$area Count Below Standard^$area Total"
  done
  local got
  got=$(head -1 "$out")
  if [ "$got" = "$want" ] && [ "$(awk -F'^' 'NR==1{print NF}' "$out")" = 69 ]; then
    pass "research: the header is the 69 names of the state's layout"
  else
    fail "research: the header is the 69 names of the state's layout" "got:  ${got:0:300}" \
      "want: ${want:0:300}"
  fi

  local rows bad
  rows=$(awk 'END{print NR - 1}' "$out")
  bad=$(awk -F'^' 'NF != 69 {print NR": "NF" fields"}' "$out" | head -3)
  if [ -z "$bad" ] && [ "$rows" -gt 100 ]; then
    pass "research: every one of the $rows rows has 69 fields"
  else
    fail "research: every one of the $rows rows has 69 fields" "$bad"
  fi

  # the LEA row (school 0000000), Test ID 1 (ELA), group 1, grade 13: field 15
  local exported counted
  exported=$(awk -F'^' '$4=="0000000" && $6=="06" && $10=="1" && $11=="1" && $12=="13" {print $15}' "$out")
  counted=$(sqlite3 "$var/scorebridge.db" "SELECT count(*) FROM score s JOIN score_upload u
    ON s.upload_id = u.id WHERE u.current = 1 AND u.lea = '$lea' AND u.family = 1
    AND u.basis = 2 AND u.year = 2026 AND s.record_type = '01' AND s.include_indicator = 'Y'
    AND s.scale_score > 0")
  if [ -n "$exported" ] && [ "$exported" = "$counted" ] && [ "$counted" -gt 10 ]; then
    pass "research: LEA-wide ELA All Students tested with scores ($exported) matches SQL over the rows"
  else
    fail "research: LEA-wide ELA All Students tested with scores matches SQL over the rows" \
      "file: '$exported', SQL: '$counted'"
  fi

  bad=$(awk -F'^' 'NR > 1 { for (i = 13; i <= 15; i++)
      if ($i != "*" && $i + 0 >= 1 && $i + 0 <= 10) { print NR": field "i" = "$i; break } }' "$out" | head -3)
  local stars
  stars=$(awk -F'^' 'NR > 1 && $15 == "*"' "$out" | wc -l)
  if [ -z "$bad" ] && [ "$stars" -gt 0 ]; then
    pass "research: no count of 1-10 students is shown ($stars rows withheld)"
  else
    fail "research: no count of 1-10 students is shown" "$bad" "withheld rows: $stars"
  fi
  bad=$(awk -F'^' 'NR > 1 && $15 == "*" { for (i = 16; i <= 55; i++)
      if ($i != "*" && $i != "") { print NR": field "i" = "$i; break } }' "$out" | head -3)
  if [ -z "$bad" ]; then pass "research: a withheld count withholds every result computed from it"; else
    fail "research: a withheld count withholds every result computed from it" "$bad"
  fi

  if SCOREBRIDGE_DATA="$var" "$SB" export research --lea $lea --year 2026 --basis tested --out - \
    2>/dev/null | cmp -s - "$out"; then
    pass "research: --out - writes the same file on stdout"
  else
    fail "research: --out - writes the same file on stdout"
  fi

  local rc
  SCOREBRIDGE_DATA="$var" "$SB" export research --lea $lea --year 2025 --out "$dir/none.txt" \
    >"$dir/none.out" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] && [ ! -e "$dir/none.txt" ] && grep -q '2025' "$dir/none.out" &&
    grep -q "$lea" "$dir/none.out"; then
    pass "research: a year with no results fails, naming the LEA and year"
  else
    fail "research: a year with no results fails, naming the LEA and year" "rc $rc" \
      "$(cat "$dir/none.out")"
  fi
  SCOREBRIDGE_DATA="$var" "$SB" export research --lea 19901 --year 2026 --out "$dir/bad.txt" \
    >"$dir/bad.out" 2>&1
  rc=$?
  if [ "$rc" -eq 2 ] && grep -q '7-digit' "$dir/bad.out"; then
    pass "research: a malformed LEA code is a usage error"
  else
    fail "research: a malformed LEA code is a usage error" "rc $rc" "$(cat "$dir/bad.out")"
  fi
}

research_e2e
if [ -n "${RESEARCH_ALONE:-}" ]; then
  echo "1..$TAP_N"
  [ "$TAP_FAILED" -eq 0 ]
fi
