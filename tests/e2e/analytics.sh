#!/usr/bin/env bash
# analytics.sh - end-to-end tests of the dashboards' numbers, suppression and roles
# (src/api/analytics.c over the aggregate cells of src/analytics/). TAP.
#
#   1. A sandbox LEA (3000 students, three years) with every score file imported by the
#      CLI, plus three edge-case files (tests/e2e/analytics_sql/edge.awk) that replace the
#      2026 CAASPP Enrolled and Tested and Summative ELPAC Tested uploads with rows the
#      sandbox never writes (include T/R/E/blank, LOSS, NEL, INC0/INC1, ALT/EXD, no tested
#      school, blank demographics, level 9). A server of its own on loopback, four users.
#   2. Every number the API serves a district lead - the overview for every school and
#      year; results of every test and basis by group for every school x grade (so every
#      cell of the three years), by grade for every school and by school for every grade
#      with every group filter (LEA-wide / all grades: all groups; elsewhere a quarter of
#      the groups, turning with the test); DFS by group for every school x grade - against
#      an independent recomputation in plain SQL over the current uploads' score rows
#      (analytics_sql/cells.sql, expect.sql; flatten.jq puts the JSON in the same lines),
#      value by value, rows, their order and years included. And the stored cells
#      (score_agg) against the same SQL. The matched cohort of every test and school and
#      group LEA-wide; rosters (the SSIDs behind a cell). A site admin's default views.
#   3. As an aggregate viewer: no count of 1..10 and nothing computed over one, the same
#      cell withheld alike in every view, complementary suppression, the DFS and cohort
#      views withholding what the results withhold (analytics_sql/
#      suppress.awk); no roster.
#   4. Roles: a site admin sees its own school only (403 for another, audited), an ELPAC
#      coordinator no CAASPP test; the lead's roster reads are audited.
# The roster and cohort endpoints are probed: while they answer 404 (not built yet) their
# checks are reported as skipped.
#
# Standalone: tests/e2e/analytics.sh (needs build/scorebridge; prints its own plan).
# From tests/e2e/run it is sourced, sharing run's TAP counter, WORK and helpers.
# Needs jq, curl, awk and sqlite3 (the sqlite3 shell: without it the SQL checks skip).

if [ -z "${TAP_N+x}" ]; then
  AN_STANDALONE=1
  set -uo pipefail
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  WORK=$(mktemp -d /tmp/scorebridge-analytics.XXXXXX)
  . "$ROOT/tests/e2e/lib.sh"
  trap 'stop_server; [ -n "${AN_KEEP:-}" ] || rm -rf "$WORK"' EXIT
else
  AN_STANDALONE=0
fi

AN_SQL="$ROOT/tests/e2e/analytics_sql"
AW="$WORK/analytics"
AN_D="$AW/sandbox" AN_V="$AW/data" AN_L=1990101
AN_PORT=${E2E_ANALYTICS_PORT:-$((40000 + RANDOM % 20000))} # run uses 20000-39999
AN_BASE="http://127.0.0.1:$AN_PORT"
AN_PW='analytics horse battery staple'
AN_T0=$SECONDS

an_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1 # SKIP $2"; }
# an_sql SQL...: runs statements on the expectations database (the app's attached as app)
an_sql() {
  timeout 120 sqlite3 -batch "$AW/exp.db" "ATTACH '$AN_V/scorebridge.db' AS app;" \
    "CREATE TEMP TABLE IF NOT EXISTS param(lea TEXT); DELETE FROM param; INSERT INTO param VALUES('$AN_L');" "$@"
}
# an_signin USER JAR: signs USER in (GET /login for the form's csrf and cookie, POST)
an_signin() {
  local lc
  rm -f "$2"
  lc=$(curl -s -m 10 -b "$2" -c "$2" "$AN_BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
  curl -s -m 10 -o /dev/null -w '%{http_code}' -b "$2" -c "$2" --data-urlencode "username=$1" \
    --data-urlencode "password=$AN_PW" --data-urlencode "csrf=$lc" "$AN_BASE/login"
}
# an_get USER PATH: GET as USER (STATUS, BODY like lib.sh's req)
an_get() { req -m 30 -b "$AW/jar-$1" "$AN_BASE$2"; }
# an_audit USER JQ: true when the audit log of USER has a line matching the jq filter
an_audit() {
  "$SB" audit --data "$AN_V" --user "$1" --json 2>/dev/null |
    jq -e "[.audit[] | select($2)] | length >= 1" >/dev/null
}

# an_view USER KIND SLUG BASIS BY SCHOOL GRADE GROUP YEAR [SEND_SCHOOL]: one request to
# make as USER, with what it must show (views.tsv) and where its answer goes (curl
# config). SCHOOL '' = the LEA; YEAR '' = the newest; the query names only what the
# view's kind takes; SEND_SCHOOL=no leaves school out (a site admin's default).
AN_NV=0
an_view() {
  local user=$1 kind=$2 slug=$3 basis=$4 by=$5 school=$6 grade=$7 group=$8 year=$9 send=${10:-yes}
  local only="" sup=0 q="" vid
  [ "$user" = site ] && only=$AN_SITE_SCHOOL
  [ "$user" = viewer ] && sup=1
  AN_NV=$((AN_NV + 1))
  vid="$kind-$user-$AN_NV"
  local b=tested
  [ "$basis" = 1 ] && b=enrolled
  case $kind in
  overview) q="basis=$b" ;;
  results)
    q="test=$slug&basis=$b&by=$by"
    case $by in
    grade) [ "$group" != 1 ] && q="$q&group=$group" ;;
    school) q="$q&grade=$grade&group=$group" ;;
    group) q="$q&grade=$grade" ;;
    esac
    ;;
  dfs) q="test=$slug&basis=$b&grade=$grade" ;;
  cohort)
    q="test=$slug&basis=$b"
    [ "$group" != 1 ] && q="$q&group=$group"
    ;;
  esac
  [ -n "$school" ] && [ "$send" = yes ] && q="$q&school=$school"
  [ -n "$year" ] && q="$q&year=$year"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$vid" "$kind" "$slug" "$basis" "$by" \
    "$school" "$grade" "$group" "$year" "$only" "$sup" >>"$AW/views.tsv"
  printf 'url = "%s/api/analytics/%s?%s"\noutput = "%s/out/%s/%s.json"\n' "$AN_BASE" "$kind" "$q" \
    "$AW" "$user" "$vid" >>"$AW/curl-$user.cfg"
  printf '%s\t%s\n' "$vid" "/api/analytics/$kind?$q" >>"$AW/urls.tsv"
}

# an_fetch USER: makes USER's requests (one curl, two at a time); true when all gave 200
an_fetch() {
  mkdir -p "$AW/out/$1"
  timeout 300 curl -s -Z --parallel-max 2 -m 30 -b "$AW/jar-$1" -K "$AW/curl-$1.cfg" \
    -w '%{http_code} %{filename_effective}\n' >"$AW/status-$1.txt" 2>/dev/null
  local n bad
  n=$(grep -c . "$AW/curl-$1.cfg")
  n=$((n / 2))
  bad=$(grep -vc '^200 ' "$AW/status-$1.txt")
  [ "$(grep -c '^200 ' "$AW/status-$1.txt")" -eq "$n" ] && [ "$bad" -eq 0 ]
}

# an_flatten USER: USER's answers as lines (flatten.jq), sorted; two jq at a time, each
# into its own file (lines of parallel writers would interleave in one pipe)
an_flatten() {
  (cd "$AW/out/$1" && ls) >"$AW/files-$1.txt"
  awk 'NR % 2 == 0' "$AW/files-$1.txt" >"$AW/files-$1.0"
  awk 'NR % 2 == 1' "$AW/files-$1.txt" >"$AW/files-$1.1"
  local i pids=()
  for i in 0 1; do
    (cd "$AW/out/$1" && timeout 300 xargs -a "$AW/files-$1.$i" -r jq -r -f "$AN_SQL/flatten.jq" >"$AW/flat-$1.$i") &
    pids+=($!)
  done
  wait "${pids[@]}" # not a bare wait: the server is a child too
  LC_ALL=C sort "$AW/flat-$1.0" "$AW/flat-$1.1" >"$AW/api-$1.lines"
}

# an_compare NAME AWK_FILTER: the expected lines and the API's lines (of every user) that
# the filter selects, compared; the differences as "view (url) row year field: api X,
# sql Y" (at most 25) in $AW/diff-NAME.txt. True when equal. AN_NCMP = number of values
# compared (expected lines but the frame and row order).
an_compare() {
  awk -F'[|]' "$2" "$AW/exp.lines" >"$AW/exp-$1.sel"
  awk -F'[|]' "$2" "$AW/api-all.lines" >"$AW/api-$1.sel"
  AN_NCMP=$(awk -F'[|]' '$2 != "frame" && $4 != "order"' "$AW/exp-$1.sel" | wc -l)
  LC_ALL=C comm -3 "$AW/exp-$1.sel" "$AW/api-$1.sel" >"$AW/comm-$1.txt"
  if [ ! -s "$AW/comm-$1.txt" ] && [ -s "$AW/exp-$1.sel" ]; then return 0; fi
  awk -F'\t' 'FNR == NR { url[$1] = $2; next }
    { side = /^\t/ ? "api" : "sql"; sub(/^\t/, ""); split($0, p, "|")
      k = p[1] "|" p[2] "|" p[3] "|" p[4]; if (!(k in seen)) order[++n] = k; seen[k] = 1
      val[k, side] = p[5]; view[k] = p[1] " (" url[p[1]] ") row " p[2] " year " p[3] " " p[4] }
    END { for (i = 1; i <= n && i <= 25; i++) { k = order[i]
            a = ((k, "api") in val) ? val[k, "api"] : "(missing)"; s = ((k, "sql") in val) ? val[k, "sql"] : "(missing)"
            print view[k] ": api " a ", sql " s }
          if (n > 25) print "... " n " differing values in all"
          if (n == 0) print "nothing to compare" }' \
    "$AW/urls.tsv" "$AW/comm-$1.txt" >"$AW/diff-$1.txt"
  return 1
}

an_main() {
  rm -rf "$AW"
  mkdir -p "$AW"
  local have_sql=1
  command -v sqlite3 >/dev/null || have_sql=0
  local saved_now=${SCOREBRIDGE_NOW-}
  export SCOREBRIDGE_NOW=2026-03-01T12:00:00Z

  # --- 1. data, server, users --------------------------------------------------------
  # --shared-above 1: report PDFs shared (same score files, a fifth of the files to write
  # and delete)
  if ! timeout 120 "$SB" sandbox --out "$AN_D" --students 3000 --year 2026 --today 2026-03-01 \
    --shared-above 1 --load --data "$AN_V" --json >"$AW/sandbox.out" 2>&1; then
    fail "analytics: sandbox --students 3000 --load" "$(tail -5 "$AW/sandbox.out")"
    return
  fi
  local f rows got nfiles=0 nrows=0 bad=""
  while IFS=$'\t' read -r f rows; do
    got=$(SCOREBRIDGE_DATA="$AN_V" timeout 60 "$SB" scores import --lea $AN_L "$AN_D/$f" --json 2>&1 |
      jq -r '"\(.status) \(.loaded)"' 2>/dev/null)
    nfiles=$((nfiles + 1)) nrows=$((nrows + rows))
    [ "$got" = "ready $rows" ] || bad="$bad $f: $got;"
  done < <(jq -r --arg l $AN_L '.files.scores[] | select(.lea == $l) | [.path, .rows] | @tsv' "$AN_D/sandbox.json")
  if [ -z "$bad" ] && [ "$nfiles" -ge 18 ]; then
    pass "analytics: $nfiles score files of LEA $AN_L imported ($nrows rows)"
  else
    fail "analytics: every score file of LEA $AN_L imported" "$nfiles files;$bad"
  fi
  mkdir -p "$AW/edge"
  bad=""
  local z n
  for z in CAASPP_Student_Score_Data_File_TestedStudentScoreData_2026 \
    CAASPP_Student_Score_Data_File_EnrolledStudentScoreData_2026 \
    Summative_ELPAC_and_Summative_Alternate_ELPAC_Student_Score_Data_File_TestedStudentScoreData_2026; do
    f="$AN_D/scores/${AN_L}0000000_$z.zip"
    n=$(unzip -Z1 "$f" '*.CSV' 2>/dev/null | head -1)
    unzip -p "$f" "$n" | awk -f "$AN_SQL/edge.awk" >"$AW/edge/$n"
    got=$(SCOREBRIDGE_DATA="$AN_V" timeout 60 "$SB" scores import --lea $AN_L "$AW/edge/$n" --json 2>&1 |
      jq -r 'if .status == "ready" and .replaces > 0 then "ok" else .message end' 2>/dev/null)
    [ "$got" = ok ] || bad="$bad $n: $got;"
  done
  if [ -z "$bad" ]; then
    pass "analytics: three edge-case files (include T/R/E/blank, LOSS, NEL, INC0, ALT, EXD, no tested school) replace their uploads"
  else
    fail "analytics: the edge-case files load" "$bad"
  fi

  # the site admin's school: the one with the most score rows; another one to be refused
  local schools_all
  schools_all=$(unzip -p "$AN_D/scores/${AN_L}0000000_CAASPP_Student_Score_Data_File_TestedStudentScoreData_2026.zip" '*.CSV' |
    awk -F'[\\^]' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "FinalTestedSchoolCode") c = i; next } $c != "" { n[$c]++ }
      END { for (s in n) print n[s], s }' | sort -rn | awk '{ print $2 }')
  AN_SITE_SCHOOL=$(echo "$schools_all" | head -1)
  local other_school
  other_school=$(echo "$schools_all" | sed -n 2p)
  local u role
  bad=""
  for u in lead:district-lead viewer:aggregate-viewer elpac:lea-elpac-coordinator site:site-admin; do
    role=${u#*:} u=${u%%:*}
    local extra=()
    [ "$role" = site-admin ] && extra=(--school "$AN_SITE_SCHOOL")
    printf '%s\n' "$AN_PW" | "$SB" user add --data "$AN_V" --lea $AN_L --role "$role" --username "an-$u" \
      "${extra[@]}" >/dev/null 2>"$AW/useradd.err" || bad="$bad $u: $(cat "$AW/useradd.err");"
  done
  if ! start_server "$AN_V" "$AN_PORT"; then
    fail "analytics: the server starts on 127.0.0.1:$AN_PORT"
    return
  fi
  for u in lead viewer elpac site; do
    got=$(an_signin "an-$u" "$AW/jar-$u")
    [ "$got" = 303 ] || bad="$bad an-$u: $got;"
  done
  if [ -z "$bad" ]; then
    pass "analytics: lead, aggregate viewer, ELPAC coordinator and site admin ($AN_SITE_SCHOOL) sign in"
  else
    fail "analytics: the four users sign in" "$bad"
  fi

  # --- what the lead may see ------------------------------------------------------------
  an_get lead /api/analytics/meta
  printf '%s' "$BODY" >"$AW/meta-lead.json"
  local slugs schools grades="13 KN 01 02 03 04 05 06 07 08 09 10 11 12" groups
  slugs=$(jq -r '.tests[].test' "$AW/meta-lead.json" 2>/dev/null)
  schools=$(jq -r '.schools[].code' "$AW/meta-lead.json" 2>/dev/null)
  groups=$(jq -r '.groups[].id' "$AW/meta-lead.json" 2>/dev/null)
  if [ "$STATUS" = 200 ] && [ "$(echo "$slugs" | wc -w)" -ge 9 ] && [ "$(echo "$schools" | wc -w)" -ge 2 ]; then
    pass "analytics: meta lists $(echo "$slugs" | wc -w) tests, $(echo "$schools" | wc -w) schools, $(echo "$groups" | wc -w) groups for the lead"
  else
    fail "analytics: meta for the lead" "status $STATUS" "${BODY:0:300}"
    stop_server
    return
  fi

  if [ "$have_sql" = 0 ]; then
    local why="no sqlite3 shell (scripts/bootstrap installs it only with --bench)"
    an_skip "analytics: score_agg equals the SQL recomputation" "$why"
    an_skip "analytics: the lead's, site admin's and viewer's numbers equal an independent SQL recomputation" "$why"
    an_skip "analytics: aggregate-viewer suppression walk" "$why"
  else
    an_numbers "$slugs" "$schools" "$grades" "$groups"
  fi
  an_roles "$other_school"
  stop_server
  if [ -n "$saved_now" ]; then export SCOREBRIDGE_NOW=$saved_now; else unset SCOREBRIDGE_NOW; fi
  note "analytics: $((SECONDS - AN_T0)) s"
}

# --- 2 and 3: the numbers, for the lead, the site admin and the aggregate viewer ----------
an_numbers() {
  local slugs=$1 schools=$2 grades=$3 groups=$4
  local t0=$SECONDS
  an_sql ".read $AN_SQL/cells.sql" >"$AW/cells.out" 2>&1
  an_sql ".read $AN_SQL/agg_check.sql" >"$AW/agg.out" 2>&1
  local ncells
  ncells=$(awk 'NR == 1 && $1 == "cells" { print $2 }' "$AW/agg.out")
  if [ -s "$AW/cells.out" ]; then
    fail "analytics: score_agg equals the SQL recomputation" "cells.sql: $(head -3 "$AW/cells.out")"
  elif [ "$(awk 'NR == 1 && $1 == "cells" && $2 == $3 && $2 > 1000' "$AW/agg.out")" ] && [ "$(wc -l <"$AW/agg.out")" -eq 1 ]; then
    pass "analytics: score_agg equals the SQL recomputation in all $ncells cells x 57 values (counts, levels, sums, DFS, claims, domains, composites, matched cohort)"
  else
    fail "analytics: score_agg equals the SQL recomputation" "$(head -1 "$AW/agg.out") (cells: sql, score_agg)" \
      "$(sed -n '2,13p' "$AW/agg.out")"
  fi

  # the catalogue and the groups as meta declares them
  jq -r '.tests | to_entries[] | .key as $i | .value | [.test, .record_type,
      ({"caaspp": 1, "summative-elpac": 2, "initial-elpac": 3}[.family]), (.levels | length), .met_from,
      (.claims | length), (.domains | length), (if .composites then .composite_levels else 0 end),
      (if .dfs then 1 else 0 end), $i] | @tsv' "$AW/meta-lead.json" >"$AW/tinfo.tsv"
  jq -r '.groups | to_entries[] | [.value.id, .key] | @tsv' "$AW/meta-lead.json" >"$AW/grp.tsv"
  an_sql "DROP TABLE IF EXISTS tinfo; CREATE TABLE tinfo(slug TEXT, rt TEXT, fam INTEGER, nlevels INTEGER,
            met_from INTEGER, nclaims INTEGER, ndomains INTEGER, ncomp INTEGER, dfs INTEGER, ord INTEGER);
          DROP TABLE IF EXISTS grp; CREATE TABLE grp(id INTEGER, ord INTEGER);" \
    ".mode tabs" ".import $AW/tinfo.tsv tinfo" ".import $AW/grp.tsv grp"
  local sql_schools
  sql_schools=$(an_sql "SELECT DISTINCT school FROM cell WHERE school <> '' AND grade = '13' AND grp = 1 ORDER BY 1;")
  if [ "$sql_schools" = "$schools" ]; then
    pass "analytics: meta's schools are the schools with results in the SQL"
  else
    fail "analytics: meta's schools are the schools with results in the SQL" "meta: $(echo $schools)" "sql: $(echo $sql_schools)"
  fi

  # the requests
  : >"$AW/views.tsv"
  : >"$AW/urls.tsv"
  rm -f "$AW"/curl-*.cfg
  # The lead: every test and basis; by=group for every school x grade (each cell of the
  # three years once); by=grade for every school and by=school for every grade, with All
  # Students, and with every group LEA-wide / for all grades; the other (school or grade) x
  # group pairs a quarter at a time, turning with the test, so that every pair is asked
  # for some tests. The overview for every school and year; DFS for every school x grade.
  local slug b s g grp y ti si gi
  for b in 2 1; do
    for s in "" $schools; do
      for y in "" 2024 2025 2026; do an_view lead overview "" $b "" "$s" 13 1 "$y"; done
    done
    ti=0
    for slug in $slugs; do
      ti=$((ti + 1)) si=0
      for s in "" $schools; do
        si=$((si + 1)) gi=0
        for g in $grades; do an_view lead results "$slug" $b group "$s" "$g" 1 ""; done
        for grp in $groups; do
          gi=$((gi + 1))
          if [ "$grp" = 1 ] || [ -z "$s" ] || [ $(((gi + ti + si) % 4)) = 0 ]; then
            an_view lead results "$slug" $b grade "$s" 13 "$grp" ""
          fi
        done
      done
      si=0
      for g in $grades; do
        si=$((si + 1)) gi=0
        for grp in $groups; do
          gi=$((gi + 1))
          if [ "$grp" = 1 ] || [ "$g" = 13 ] || [ $(((gi + ti + si) % 4)) = 0 ]; then
            an_view lead results "$slug" $b school "" "$g" "$grp" ""
          fi
        done
      done
      an_view lead results "$slug" $b grade "" 13 1 2025
      # the matched cohort: every school, every group LEA-wide, and the year before
      for s in "" $schools; do an_view lead cohort "$slug" $b "" "$s" 13 1 ""; done
      for grp in $groups; do [ "$grp" != 1 ] && an_view lead cohort "$slug" $b "" "" 13 "$grp" ""; done
      an_view lead cohort "$slug" $b "" "" 13 1 2025
    done
    for slug in sb-ela sb-math; do
      for s in "" $schools; do
        for g in $grades; do an_view lead dfs "$slug" $b "" "$s" "$g" 1 ""; done
        for y in 2024 2025; do an_view lead dfs "$slug" $b "" "$s" 13 1 "$y"; done
      done
    done
    # the site admin without a school: its own
    an_view site overview "" $b "" "$AN_SITE_SCHOOL" 13 1 "" no
    an_view site results sb-ela $b grade "$AN_SITE_SCHOOL" 13 1 "" no
    an_view site results sb-math $b group "$AN_SITE_SCHOOL" 13 1 "" no
    an_view site results elpac $b school "$AN_SITE_SCHOOL" 13 1 "" no
    an_view site dfs sb-math $b "" "$AN_SITE_SCHOOL" 13 1 "" no
    an_view site cohort sb-ela $b "" "$AN_SITE_SCHOOL" 13 1 "" no
    # the aggregate viewer: every view, by=group where the test has cells
    for s in "" $schools; do an_view viewer overview "" $b "" "$s" 13 1 ""; done
    for slug in $slugs; do
      for s in "" $schools; do an_view viewer results "$slug" $b grade "$s" 13 1 ""; done
      for g in $grades; do an_view viewer results "$slug" $b school "" "$g" 1 ""; done
      while IFS='|' read -r s g; do
        an_view viewer results "$slug" $b group "$s" "$g" 1 ""
      done < <(an_sql "SELECT DISTINCT c.school, c.grade FROM cell c JOIN tinfo t ON t.rt = c.test
                       WHERE t.slug = '$slug' AND c.basis = $b ORDER BY 1, 2;")
    done
    for slug in $slugs; do
      for s in "" $schools; do an_view viewer cohort "$slug" $b "" "$s" 13 1 ""; done
      for grp in $groups; do [ "$grp" != 1 ] && an_view viewer cohort "$slug" $b "" "" 13 "$grp" ""; done
    done
    for slug in sb-ela sb-math; do
      for s in "" $schools; do an_view viewer dfs "$slug" $b "" "$s" 13 1 ""; done
      for g in $grades; do [ "$g" != 13 ] && an_view viewer dfs "$slug" $b "" "" "$g" 1 ""; done
    done
  done

  # what they must show
  an_sql "DROP TABLE IF EXISTS views; CREATE TABLE views(vid TEXT, kind TEXT, slug TEXT, basis INTEGER, by_ TEXT,
            school TEXT, grade TEXT, grp INTEGER, year INTEGER, only_school TEXT, sup INTEGER);" \
    ".mode tabs" ".import $AW/views.tsv views" \
    "UPDATE views SET year = NULL WHERE year = '';" \
    ".read $AN_SQL/expect.sql" ".mode list" ".separator |" \
    "SELECT vid, r, y, f, val FROM lines;" 2>"$AW/expect.err" | LC_ALL=C sort >"$AW/exp.lines"
  note "analytics: SQL $((SECONDS - t0)) s, $(wc -l <"$AW/views.tsv") views, $(wc -l <"$AW/exp.lines") expected lines"
  if [ -s "$AW/expect.err" ]; then
    fail "analytics: expect.sql runs" "$(head -5 "$AW/expect.err")"
    return
  fi

  t0=$SECONDS
  local who nreq
  for who in lead site viewer; do
    nreq=$(($(wc -l <"$AW/curl-$who.cfg") / 2))
    local t1=$SECONDS
    if an_fetch $who; then
      pass "analytics: all $nreq dashboard requests of the $who answer 200"
    else
      fail "analytics: all $nreq dashboard requests of the $who answer 200" "$(grep -v '^200 ' "$AW/status-$who.txt" | head -5)"
    fi
    local t2=$SECONDS
    an_flatten $who
    note "analytics: $who: $nreq requests $((t2 - t1)) s, flattening $((SECONDS - t2)) s"
  done
  LC_ALL=C sort -m "$AW/api-lead.lines" "$AW/api-site.lines" "$AW/api-viewer.lines" >"$AW/api-all.lines"
  note "analytics: API requests and flattening $((SECONDS - t0)) s"

  # 2. the lead's and the site admin's numbers, exactly
  local nres ndfs
  nres=$(grep -cE '^(overview|results)-lead-' "$AW/views.tsv")
  ndfs=$(grep -c '^dfs-lead-' "$AW/views.tsv")
  if an_compare lead-results '$1 ~ /^(overview|results)-lead-/'; then
    pass "analytics: the lead's $nres overview and results views (every test and basis; by group for every school x grade; by grade and by school with group filters) equal the SQL recomputation: $AN_NCMP values compared"
  else
    fail "analytics: the lead's $nres overview and results views equal the SQL recomputation ($AN_NCMP values)" "$(cat "$AW/diff-lead-results.txt")"
  fi
  if an_compare lead-dfs '$1 ~ /^dfs-lead-/ && $4 != "change"'; then
    pass "analytics: the lead's $ndfs DFS views (n, DFS, status, change level, colour by group) equal the SQL recomputation: $AN_NCMP values compared"
  else
    fail "analytics: the lead's $ndfs DFS views equal the SQL recomputation ($AN_NCMP values)" "$(cat "$AW/diff-lead-dfs.txt")"
  fi
  # The change of an exact half (e.g. 91/20 = 4.55) must come out 4.6, halves away from
  # zero (dfs.h): rounded from the exact fraction of the integer sums, not from doubles.
  if an_compare dfs-change '$1 ~ /^dfs-(lead|site)-/ && $4 == "change"'; then
    pass "analytics: DFS change (current - prior, unrounded) is rounded to 0.1 halves away from zero: $AN_NCMP values compared"
  else
    fail "analytics: DFS change (current - prior, unrounded) is rounded to 0.1 halves away from zero" \
      "$(cat "$AW/diff-dfs-change.txt")"
  fi
  local ncoh
  ncoh=$(grep -c '^cohort-lead-' "$AW/views.tsv")
  if an_compare lead-cohort '$1 ~ /^cohort-lead-/'; then
    pass "analytics: the lead's $ncoh matched-cohort views (same students a year apart, same grade a year apart) equal the SQL recomputation: $AN_NCMP values compared"
  else
    fail "analytics: the lead's $ncoh matched-cohort views equal the SQL recomputation ($AN_NCMP values)" "$(cat "$AW/diff-lead-cohort.txt")"
  fi
  if an_compare site '$1 ~ /-site-/ && $4 != "change"'; then
    pass "analytics: the site admin without a school gets its own school's numbers (overview, results, DFS, cohort): $AN_NCMP values compared"
  else
    fail "analytics: the site admin without a school gets its own school's numbers" "$(cat "$AW/diff-site.txt")"
  fi

  # 3. the aggregate viewer
  grep '^[a-z]*-viewer-' "$AW/exp.lines" >"$AW/exp-viewer.lines"
  grep -- '-viewer-' "$AW/views.tsv" >"$AW/views-viewer.tsv"
  timeout 120 awk -f "$AN_SQL/suppress.awk" "$AW/views-viewer.tsv" "$AW/exp-viewer.lines" "$AW/api-viewer.lines" \
    >"$AW/suppress.out" 2>&1
  local stats
  stats=$(grep '^STATS ' "$AW/suppress.out")
  note "analytics: viewer $stats"
  local units small found
  units=$(echo "$stats" | sed -n 's/.*units=\([0-9]*\).*/\1/p')
  small=$(echo "$stats" | sed -n 's/.*small=\([0-9]*\).*/\1/p')
  found=$(echo "$stats" | sed -n 's/.*found=\([0-9]*\).*/\1/p')
  local cohort
  cohort=$(echo "$stats" | sed -n 's/.*cohortrows=\([0-9]*\).*/\1/p')
  local rule
  for rule in small value same complement dfs cohort; do
    local what
    case $rule in
    small) what="no count of 1..10 (enrolled, tested, valid, DFS n) and nothing computed over one is shown (${units:-0} rows, ${small:-0} small counts)" ;;
    value) what="every number shown equals the SQL, 'suppressed' and participation follow the withheld counts" ;;
    same) what="a cell is withheld alike in every view that shows it (overview, by grade, school, group)" ;;
    complement) what="complementary suppression: never exactly one part of a shown total withheld, the smallest other part or the total goes too (${found:-0} sets with one small part found)" ;;
    dfs) what="the DFS view withholds what the results withhold (and says so), its levels and colours need both years" ;;
    cohort) what="the matched cohort is withheld with its cell or when 1..10 students, the same-grade years with theirs (${cohort:-0} rows)" ;;
    esac
    if [ -z "$stats" ]; then
      fail "analytics: viewer: $what" "suppress.awk: $(head -5 "$AW/suppress.out")"
    elif grep -q "^ERR $rule " "$AW/suppress.out"; then
      fail "analytics: viewer: $what" "$(grep "^ERR $rule " "$AW/suppress.out" | cut -c5- | head -16)"
    elif [ "$rule" = complement ] && [ "${found:-0}" -lt 1 ]; then
      fail "analytics: viewer: $what" "no set with exactly one small part was found: the check proved nothing"
    elif [ "$rule" = small ] && [ "${small:-0}" -lt 1 ]; then
      fail "analytics: viewer: $what" "no small count in the data: the check proved nothing"
    else
      pass "analytics: viewer: $what"
    fi
  done
  an_rosters "$slugs"
}

# --- the rosters: the students behind a cell, against the SQL --------------------------
an_rosters() {
  an_get lead "/api/analytics/roster?test=sb-ela"
  if [ "$STATUS" = 404 ] && [ "$BODY" = '{"error":"Not found"}' ]; then
    an_skip "analytics: rosters list the SQL's students of their cells" "GET /api/analytics/roster answers 404: not merged yet"
    return
  fi
  local slug b bn spec s g grp l q n=0 nstudents=0 bad="" want got
  for slug in $1; do
    for b in 2 1; do
      bn=tested
      [ $b = 1 ] && bn=enrolled
      for spec in ":13:1:0" "$AN_SITE_SCHOOL:13:1:0" ":13:31:2" ":05:160:0" "$AN_SITE_SCHOOL:13:4:3"; do
        IFS=: read -r s g grp l <<<"$spec"
        q="test=$slug&basis=$bn&grade=$g&group=$grp&level=$l"
        [ -n "$s" ] && q="$q&school=$s"
        an_get lead "/api/analytics/roster?$q"
        n=$((n + 1))
        got=$(printf '%s' "$BODY" | jq -r 'if .count == (.students | length) and (.truncated | not) then
            (.students[] | [.ssid, .school, .grade, .counted, (.scale_score | tojson), (.level | tojson)] | join("|"))
          else "count \(.count) for \(.students | length) students" end' 2>&1 | LC_ALL=C sort)
        want=$(an_sql "SELECT r.ssid || '|' || r.sch || '|' || r.grade || '|' ||
            CASE WHEN r.val = 1 THEN 'valid score' WHEN r.tst = 1 THEN 'tested, no valid score' ELSE 'enrolled, not tested' END || '|' ||
            CASE WHEN r.val = 1 THEN r.ss ELSE 'null' END || '|' ||
            CASE WHEN r.val = 1 AND r.lvl BETWEEN 1 AND t.nlevels THEN r.lvl ELSE 'null' END
          FROM rec r JOIN mem m ON m.rid = r.rid AND m.grp = $grp JOIN tinfo t ON t.rt = r.rt
          WHERE t.slug = '$slug' AND r.basis = $b AND r.yr = (SELECT year FROM newest WHERE fam = t.fam AND basis = $b)
            AND ('$s' = '' OR r.sch = '$s') AND ('$g' = '13' OR r.grade = '$g')
            AND ($l = 0 OR (r.val = 1 AND r.lvl = $l));" | LC_ALL=C sort)
        if [ "$STATUS" != 200 ] || [ "$got" != "$want" ]; then
          bad="$bad
/api/analytics/roster?$q: status $STATUS, $(printf '%s\n' "$got" | grep -c .) students, SQL $(printf '%s\n' "$want" | grep -c .); first difference: $(diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | grep '^[<>]' | head -2 | tr '\n' ' ')"
        fi
        nstudents=$((nstudents + $(printf '%s\n' "$want" | grep -c .)))
      done
    done
  done
  if [ -z "$bad" ]; then
    pass "analytics: $n rosters list exactly the SQL's students of their cells (ssid, school, grade, counted as, scale score, level): $nstudents students"
  else
    fail "analytics: $n rosters list exactly the SQL's students of their cells" "$(printf '%s' "$bad" | head -12)"
  fi
  local audited
  audited=$("$SB" audit --data "$AN_V" --user an-lead --json 2>/dev/null | jq '[.audit[] | select(.action == "view-roster" and .outcome == "ok" and (.target | test(" \\([0-9]+ students\\)$")))] | length')
  if [ "${audited:-0}" -ge "$n" ]; then
    pass "analytics: every roster read is in the audit log (view-roster, with its student count): $audited lines"
  else
    fail "analytics: every roster read is in the audit log (view-roster, with its student count)" "$audited lines for $n reads"
  fi
}

# --- 4. roles, audit, roster, cohort ---------------------------------------------------
an_roles() {
  local other=$1
  an_get site "/api/analytics/results?test=sb-ela&by=grade&school=$other"
  expect_status "analytics: a site admin asking for another school gets 403" 403
  an_get site "/api/analytics/results?test=sb-ela&by=grade&school="
  expect_status "analytics: a site admin asking for the whole LEA (school=) gets 403" 403
  an_get site "/api/analytics/overview"
  expect_jq "analytics: a site admin's overview is its own school's" '.school == "'"$AN_SITE_SCHOOL"'" and (.tests | length) > 0'
  an_get site "/api/analytics/meta"
  expect_jq "analytics: a site admin's meta lists its school only, not the whole LEA" \
    '(.schools | map(.code)) == ["'"$AN_SITE_SCHOOL"'"] and .whole_lea == false'
  if an_audit an-site '.action == "view-dashboard" and .outcome == "denied" and .target == "/api/analytics/results '"$other"'"'; then
    pass "analytics: the site admin's 403 is in the audit log (view-dashboard, denied)"
  else
    fail "analytics: the site admin's 403 is in the audit log (view-dashboard, denied)" \
      "$("$SB" audit --data "$AN_V" --user an-site 2>&1 | tail -3)"
  fi

  an_get elpac "/api/analytics/results?test=sb-ela&by=grade"
  expect_status "analytics: an ELPAC coordinator asking for sb-ela gets 403" 403
  an_get elpac "/api/analytics/dfs?test=sb-math"
  expect_status "analytics: an ELPAC coordinator asking for the sb-math DFS gets 403" 403
  an_get elpac "/api/analytics/overview"
  expect_jq "analytics: an ELPAC coordinator's overview has ELPAC tests only" \
    '(.tests | length) > 0 and all(.tests[]; .test | test("elpac"))'
  an_get elpac "/api/analytics/meta"
  expect_jq "analytics: an ELPAC coordinator's meta lists no CAASPP test" \
    '(.tests | length) > 0 and all(.tests[]; .family != "caaspp")'
  if an_audit an-elpac '.action == "view-dashboard" and .outcome == "denied" and (.target | test("sb-ela"))'; then
    pass "analytics: the ELPAC coordinator's 403 is in the audit log"
  else
    fail "analytics: the ELPAC coordinator's 403 is in the audit log" "$("$SB" audit --data "$AN_V" --user an-elpac 2>&1 | tail -3)"
  fi
  # without year=, the overview's frame names the newest year of its tests
  an_get lead "/api/analytics/overview"
  expect_jq "analytics: the overview without year= names real years in its frame" \
    '(.year // 2026) >= 2015 and all((.years // [])[]; . >= 2015)'
  an_get viewer "/api/analytics/meta"
  expect_jq "analytics: the aggregate viewer's meta says suppressed, no roster" '.suppressed == true and .roster == false'

  # roster (GET /api/analytics/roster): checked once the endpoint exists
  local q="test=sb-ela&basis=tested&year=2026&school=$AN_SITE_SCHOOL&grade=13&group=1"
  an_get lead "/api/analytics/roster?$q"
  if [ "$STATUS" = 404 ] && [ "$BODY" = '{"error":"Not found"}' ]; then
    local why="GET /api/analytics/roster answers 404: not merged yet"
    an_skip "analytics: the aggregate viewer gets 403 from the roster" "$why"
    an_skip "analytics: the lead's roster is the cell's students, audited as view-roster" "$why"
    an_skip "analytics: the lead's roster CSV is audited as export-roster" "$why"
    an_skip "analytics: a site admin's roster of another school is 403" "$why"
  else
    local lead_status=$STATUS lead_body=$BODY
    an_get viewer "/api/analytics/roster?$q"
    expect_status "analytics: the aggregate viewer gets 403 from the roster" 403
    STATUS=$lead_status BODY=$lead_body
    local want=""
    if command -v sqlite3 >/dev/null; then
      want=$(an_sql "SELECT l3 FROM cell WHERE test = '01' AND basis = 2 AND year = 2026 AND school = '$AN_SITE_SCHOOL' AND grade = '13' AND grp = 1;")
    fi
    an_get lead "/api/analytics/roster?$q&level=3"
    if [ "$lead_status" = 200 ] && [ "$STATUS" = 200 ] &&
      printf '%s' "$BODY" | jq -e --argjson w "${want:-null}" \
        '(.students | type) == "array" and (.count == (.students | length) or .truncated) and ($w == null or .count == $w) and all(.students[]; .level == 3)' >/dev/null 2>&1 &&
      an_audit an-lead '.action == "view-roster"'; then
      pass "analytics: the lead's roster of level 3 is the cell's ${want:-?} students, audited as view-roster"
    else
      fail "analytics: the lead's roster is the cell's students, audited as view-roster" "status $lead_status/$STATUS, want count ${want:-?}" "${BODY:0:300}"
    fi
    an_get lead "/api/analytics/roster?$q&format=csv"
    if [ "$STATUS" = 200 ] && an_audit an-lead '.action == "export-roster"'; then
      pass "analytics: the lead's roster CSV is audited as export-roster"
    else
      fail "analytics: the lead's roster CSV is audited as export-roster" "status $STATUS"
    fi
    an_get site "/api/analytics/roster?test=sb-ela&school=$other"
    expect_status "analytics: a site admin's roster of another school is 403" 403
  fi

  # cohort (GET /api/analytics/cohort): only who may see it, its shape is not settled here
  an_get lead "/api/analytics/cohort?test=sb-ela"
  if [ "$STATUS" = 404 ] && [ "$BODY" = '{"error":"Not found"}' ]; then
    an_skip "analytics: cohort answers the lead and refuses an ELPAC coordinator sb-ela" "GET /api/analytics/cohort answers 404: not merged yet"
  else
    local cs=$STATUS
    an_get elpac "/api/analytics/cohort?test=sb-ela"
    if [ "$cs" = 200 ] && [ "$STATUS" = 403 ]; then
      pass "analytics: cohort answers the lead and refuses an ELPAC coordinator sb-ela"
    else
      fail "analytics: cohort answers the lead and refuses an ELPAC coordinator sb-ela" "lead $cs, elpac $STATUS"
    fi
  fi
}

an_main
if [ "$AN_STANDALONE" = 1 ]; then
  echo "1..$TAP_N"
  [ "$TAP_FAILED" -eq 0 ]
  exit
fi
