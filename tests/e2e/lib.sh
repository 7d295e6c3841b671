# lib.sh - helpers for the end-to-end tests: TAP output, a server on loopback, curl
# requests whose status, headers and body land in files, and assertions on them.
# Sourced by tests/e2e/run.

TAP_N=0
TAP_FAILED=0
note() { echo "# $*"; }
pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
fail() {
  TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
  echo "not ok $TAP_N - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}

SB=${SB:-$ROOT/build/scorebridge}
SERVER_PID=""

# start_server DATA PORT [extra serve args...]  (environment passes through: SCOREBRIDGE_NOW)
start_server() {
  local data=$1 port=$2
  shift 2
  "$SB" serve --data "$data" --listen "127.0.0.1:$port" --access-log "$WORK/access.log" "$@" \
    2>>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/v3/nothing" 2>/dev/null; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.05
  done
  echo "# server did not start; log:"; sed 's/^/#   /' "$WORK/server.log" | tail -20
  return 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}

# req [curl args...] URL : sets STATUS, BODY (text) and HDRS (file of response headers).
req() {
  local out="$WORK/body" hdr="$WORK/headers"
  STATUS=$(curl -s -o "$out" -D "$hdr" -w '%{http_code}' "$@")
  BODY=$(cat "$out")
  HDRS=$hdr
}

# header NAME : the value of a response header of the last req (case-insensitive).
header() {
  grep -i "^$1:" "$HDRS" | head -1 | sed -e 's/^[^:]*: *//' -e 's/\r$//'
}

expect_status() { # NAME WANT
  if [ "$STATUS" = "$2" ]; then pass "$1"; else fail "$1" "status $STATUS, want $2" "body: ${BODY:0:300}"; fi
}

expect() { # NAME WANT_STATUS WANT_BODY
  if [ "$STATUS" = "$2" ] && [ "$BODY" = "$3" ]; then
    pass "$1"
  else
    fail "$1" "status $STATUS, want $2" "body: ${BODY:0:300}" "want: $3"
  fi
}

expect_header() { # NAME HEADER WANT (exact)
  local got
  got=$(header "$2")
  if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "$2: '$got', want '$3'"; fi
}

expect_header_match() { # NAME HEADER REGEX
  local got
  got=$(header "$2")
  if [[ "$got" =~ $3 ]]; then pass "$1"; else fail "$1" "$2: '$got', want match of '$3'"; fi
}

expect_jq() { # NAME JQ_EXPR (must print true for BODY)
  local got
  got=$(printf '%s' "$BODY" | jq -e "$2" 2>&1)
  if [ "$got" = "true" ]; then pass "$1"; else fail "$1" "jq '$2' gave: ${got:0:200}" "body: ${BODY:0:400}"; fi
}
