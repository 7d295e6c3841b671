# flatten.jq - one dashboard API answer (a file named VIEW.json, VIEW = KIND-N with KIND
# overview|results|dfs|cohort) as flat lines "view|row|year|field|value", the shape expect.sql
# writes: one line per leaf, numbers as jq prints them, null / true / false as JSON.
# every leaf of . as "path|value" ($p: the path so far); numbers as jq prints them (the
# shortest text that reads back as the same double: 33.33, 12.5, 100, -9.4), strings bare
def leaves($p):
  if type == "object" then
    to_entries[] | .key as $k | .value | leaves(if $p == "" then $k else $p + "." + $k end)
  elif type == "array" and length > 0 then
    range(0; length) as $i | .[$i] | leaves($p + "." + ($i | tostring))
  elif type == "string" then $p + "|" + .
  else $p + "|" + tojson end;
def leaves: leaves("");

(input_filename | split("/") | last | rtrimstr(".json")) as $vid
| ($vid | split("-") | first) as $kind
| . as $doc
| if $kind == "results" then
    ( ["test", "basis", "year", "school", "grade", "group", "suppressed", "by"][] as $f
      | [$vid, "frame", "-", $f, ($doc[$f] | if type == "string" then . else tojson end)] ),
    ( .rows | to_entries[] | .key as $i | .value as $r
      | ($r.key | if . == null then "LEA" else tostring end) as $rk
      | [$vid, $rk, "-", "order", ($i | tostring)],
        ($r.years[] | .year as $y | del(.year) | leaves | [$vid, $rk, ($y | tostring), .]) )
  elif $kind == "dfs" then
    ( ["test", "basis", "year", "school", "grade", "group", "suppressed"][] as $f
      | [$vid, "frame", "-", $f, ($doc[$f] | if type == "string" then . else tojson end)] ),
    ( .rows | to_entries[] | .key as $i | .value as $r | ($r.group | tostring) as $rk
      | [$vid, $rk, "-", "order", ($i | tostring)],
        ($r | del(.group, .name, .category) | leaves | [$vid, $rk, "-", .]) )
  elif $kind == "cohort" then
    ( ["test", "basis", "year", "school", "grade", "group", "suppressed"][] as $f
      | [$vid, "frame", "-", $f, ($doc[$f] | if type == "string" then . else tojson end)] ),
    ( .rows | to_entries[] | .key as $i | .value as $r
      | [$vid, $r.grade, "-", "order", ($i | tostring)],
        ($r | del(.grade) | leaves | [$vid, $r.grade, "-", .]) )
  elif $kind == "overview" then
    .tests | to_entries[] | .key as $i | .value as $r
    | [$vid, $r.test, "-", "order", ($i | tostring)],
      ($r | del(.test, .name, .met_label) | leaves | [$vid, $r.test, "-", .])
  else empty end
| join("|")
