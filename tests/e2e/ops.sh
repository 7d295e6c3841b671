# ops.sh - operations and limits, sourced by tests/e2e/run (its helpers, WORK, PORT, BASE):
# /healthz, /readyz, /metrics (every line parses; counters increase), the live-token cap,
# a token's request rate, failed-login backoff, --trust-proxy, and SIGTERM finishing a
# request in flight with exit 0. Its own data directory and credentials.
OPS="$WORK/ops"
export SCOREBRIDGE_NOW=2026-02-10T12:00:00Z
ops_cred() { "$SB" credential create --data "$OPS" --name "$1" --lea 1964733 --json | jq -r '.username + ":" + .api_token'; }
OK1=$(ops_cred "ops one") OK2=$(ops_cred "ops two") OK3=$(ops_cred "ops three") OK4=$(ops_cred "ops four")
start_server "$OPS" "$PORT" --token-rate 2 --token-burst 5 --login-free 2 --login-lock 4 \
  --login-lock-secs 60 --trust-proxy || return 1 2>/dev/null || exit 1

req "$BASE/healthz"
expect "GET /healthz gives 200 while the process is up" 200 '{"status":"ok"}'
req "$BASE/readyz"
expect_jq "GET /readyz gives 200: database answers, keys loaded" '.status=="ready" and .database and .keys'
expect_status "... status 200" 200

# metric VALUE of one exact series (first match), 0 when absent
metric() { curl -s "$BASE/metrics" | awk -v k="$1 " 'index($0, k) == 1 { v = $NF } END { print v + 0 }'; }
req "$BASE/metrics"
expect_status "GET /metrics gives 200" 200
expect_header_match "... in the Prometheus text format" Content-Type '^text/plain; version=0\.0\.4'
BAD=$(printf '%s\n' "$BODY" | grep -vE '^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$' |
  grep -vE '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|\+Inf|NaN)$')
if [ -z "$BAD" ] && [ -n "$BODY" ]; then
  pass "... every line is a comment or a valid sample"
else
  fail "... every line is a comment or a valid sample" "${BAD:0:400}"
fi
for m in scorebridge_build_info scorebridge_http_requests_total scorebridge_http_request_duration_seconds_bucket \
  scorebridge_tokens_issued_total 'scorebridge_limit_hits_total{kind="token_rate"}' \
  'scorebridge_limit_config{limit="max_live_tokens"} 15' 'scorebridge_score_uploads{status="ready"}'; do
  if printf '%s\n' "$BODY" | grep -qF "$m"; then pass "/metrics has $m"; else fail "/metrics has $m"; fi
done
H0=$(metric 'scorebridge_http_requests_total{route="healthz",status="200"}')
C0=$(metric 'scorebridge_http_request_duration_seconds_count')
curl -s -o /dev/null "$BASE/healthz"
curl -s -o /dev/null "$BASE/healthz"
H1=$H0
for _ in $(seq 1 20); do # the count lands as the request completes, just after the answer
  H1=$(metric 'scorebridge_http_requests_total{route="healthz",status="200"}')
  [ "$H1" -ge $((H0 + 2)) ] && break
  sleep 0.05
done
C1=$(metric 'scorebridge_http_request_duration_seconds_count')
if [ "$H1" -ge $((H0 + 2)) ] && [ "$C1" -gt "$C0" ]; then
  pass "counters increase: requests by route and status ($H0 -> $H1), the latency histogram ($C0 -> $C1)"
else
  fail "counters increase" "healthz $H0 -> $H1" "histogram count $C0 -> $C1"
fi

# at most 15 live tokens per credential
N200=0
for _ in $(seq 1 15); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -u "$OK1" "$BASE/v3/token")" = 200 ] && N200=$((N200 + 1))
done
if [ "$N200" = 15 ]; then pass "15 tokens for one credential are issued"; else fail "15 tokens for one credential are issued" "$N200 of 15"; fi
req -u "$OK1" "$BASE/v3/token"
expect_status "the 16th live token gives 429" 429
expect_header "... with Retry-After: the seconds until the oldest expires (3600, clock fixed)" Retry-After 3600
expect_jq "... and a JSON message to reuse the token" '.error|test("reuse")'
req -u "$OK2" "$BASE/v3/token"
expect_status "another credential still gets its token" 200
T2=$(printf '%s' "$BODY" | jq -r .token)
ISSUED=$(metric scorebridge_tokens_issued_total)
LIVEHIT=$(metric 'scorebridge_limit_hits_total{kind="live_tokens"}')
if [ "$ISSUED" -ge 16 ] && [ "$LIVEHIT" -ge 1 ]; then
  pass "/metrics counts tokens issued ($ISSUED) and the live-token limit hit ($LIVEHIT)"
else
  fail "/metrics counts tokens issued and the live-token limit hit" "issued $ISSUED, hits $LIVEHIT"
fi

# a token's request rate (--token-rate 2 --token-burst 5)
CODES=""
for _ in $(seq 1 7); do
  CODES="$CODES $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $T2" "$BASE/v3/token/verify")"
done
if [[ "$CODES" == " 200 200 200 200 200 429"* ]]; then
  pass "a token past its burst at a low configured rate gets 429 ($CODES)"
else
  fail "a token past its burst at a low configured rate gets 429" "codes:$CODES"
fi
for _ in $(seq 1 10); do # the bucket refills 2/s: a slow machine may earn one more first
  req -H "Authorization: Bearer $T2" "$BASE/v3/students/1000000001/score-reports"
  [ "$STATUS" = 429 ] && break
done
expect_status "... on the score-report route too" 429
expect_header "... with Retry-After: 1" Retry-After 1
sleep 1.1
req -H "Authorization: Bearer $T2" "$BASE/v3/token/verify"
expect_status "... and it is allowed again once the bucket refills" 200

# failed Basic logins: slowed, then refused; another username is not
U3=${OK3%%:*}
req -u "$U3:wrong" "$BASE/v3/token"
S1=$STATUS
req -u "$U3:wrong" "$BASE/v3/token"
S2=$STATUS
req -u "$U3:wrong" "$BASE/v3/token"
if [ "$S1 $S2" = "401 401" ] && [ "$STATUS" = 429 ] && [ "$(header Retry-After)" = 1 ]; then
  pass "two failed logins give 401, the third at once 429 with Retry-After: 1"
else
  fail "two failed logins give 401, the third at once 429 with Retry-After: 1" "$S1 $S2 $STATUS, Retry-After $(header Retry-After)"
fi
req -u "$OK4" "$BASE/v3/token"
expect_status "... while a correct login for another username still succeeds" 200
sleep 1.1
req -u "$U3:wrong" "$BASE/v3/token"
S1=$STATUS
req -u "$U3:wrong" "$BASE/v3/token"
if [ "$S1" = 401 ] && [ "$STATUS" = 429 ] && [ "$(header Retry-After)" = 2 ]; then
  pass "after the delay one more attempt is checked (401); the next delay doubles (Retry-After: 2)"
else
  fail "after the delay one more attempt is checked; the next delay doubles" "$S1 $STATUS, Retry-After $(header Retry-After)"
fi
sleep 2.1
req -u "$U3:wrong" "$BASE/v3/token"
S1=$STATUS
req -H 'X-Request-Id: ops-locked-1' -u "$OK3" "$BASE/v3/token"
RA=$(header Retry-After)
if [ "$S1" = 401 ] && [ "$STATUS" = 429 ] && [ "${RA:-0}" -gt 50 ]; then
  pass "at 4 failures the username is refused for a while, even with the right api_token (Retry-After $RA)"
else
  fail "at 4 failures the username is refused for a while" "$S1 $STATUS, Retry-After $RA"
fi
req -u "$OK4" "$BASE/v3/token"
expect_status "... and another username from the same address still succeeds" 200
if grep '"request_id":"ops-locked-1"' "$WORK/server.log" | grep -q 'too many failed attempts'; then
  pass "the server's JSON log line for the refusal carries the request id"
else
  fail "the server's JSON log line for the refusal carries the request id" "$(grep -c ops-locked-1 "$WORK/server.log") lines"
fi
LOGINHIT=$(metric 'scorebridge_limit_hits_total{kind="login_backoff"}')
if [ "$LOGINHIT" -ge 3 ]; then pass "/metrics counts login backoff hits ($LOGINHIT)"; else fail "/metrics counts login backoff hits" "$LOGINHIT"; fi

# --trust-proxy: X-Forwarded-For from loopback names the client in the access log
curl -s -o /dev/null -H 'X-Request-Id: ops-xff-1' -H 'X-Forwarded-For: 198.51.100.9, 203.0.113.7' "$BASE/healthz"
sleep 0.2
if grep '"id":"ops-xff-1"' "$WORK/access.log" | grep -q '"client":"203.0.113.7"'; then
  pass "--trust-proxy: the access log names the address the local proxy saw (last X-Forwarded-For)"
else
  fail "--trust-proxy: the access log names the address the local proxy saw" "$(grep ops-xff-1 "$WORK/access.log")"
fi

# SIGTERM with a request in flight: it completes, then the server exits 0
head -c 6000 /dev/zero | tr '\0' 'x' >"$WORK/slowbody"
curl -s -o "$WORK/slow.out" -w '%{http_code}' -H 'Expect:' --limit-rate 2000 --data-binary @"$WORK/slowbody" \
  "$BASE/v1/slow" >"$WORK/slow.code" 2>/dev/null &
CURL_PID=$!
sleep 1
kill -TERM "$SERVER_PID"
sleep 0.3
if curl -s -m 2 -o /dev/null "$BASE/healthz"; then
  fail "after SIGTERM no new connection is accepted"
else
  pass "after SIGTERM no new connection is accepted"
fi
wait "$CURL_PID"
wait "$SERVER_PID"
RC=$?
SERVER_PID=""
if [ "$(cat "$WORK/slow.code")" = 410 ]; then
  pass "the request in flight at SIGTERM completes (a slow 6 KB upload, answered 410)"
else
  fail "the request in flight at SIGTERM completes" "code $(cat "$WORK/slow.code")" "$(tail -3 "$WORK/server.log")"
fi
if [ "$RC" = 0 ]; then pass "... and then the server exits 0"; else fail "... and then the server exits 0" "exit $RC"; fi
