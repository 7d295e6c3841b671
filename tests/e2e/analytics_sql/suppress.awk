# suppress.awk - checks what an aggregate viewer got from the dashboard API against the
# true figures (expect.sql). Inputs, in this order:
#   views.tsv    vid, kind, slug, basis, by, school, grade, group, year, only, sup
#   expected     "view|row|year|field|value" lines (expect.sql, unsuppressed)
#   api          the same lines flattened from the viewer's answers (flatten.jq)
# Rules (src/analytics/disclose.h, suppress.h; analytics-anchors.md §3.1-§3.2):
#   small      a count of 1..10 (enrolled, tested, valid, DFS n) is never shown, and a
#              row whose valid count is withheld shows no result over it (levels, met,
#              claims, domains, composites, means, DFS)
#   value      every number that is shown is the true one; "suppressed" says whether
#              anything is withheld; participation is withheld with enrolled or tested
#   same       a cell is withheld the same way in every view that shows it (else one view
#              gives away what another hides)
#   complement in a set of disjoint parts under a shown total (the groups of a partition,
#              the schools under the LEA, the grades under all grades) never exactly one
#              part withheld: the smallest other non-zero part goes too, or, when there is
#              none, the total
#   dfs        the DFS view withholds the current / prior figures exactly when the results
#              withhold that cell's valid count or its DFS n is 1..10, and says so
#   cohort     the matched cohort is withheld when its cell's valid count is or when it
#              has 1..10 students; "same grade" years follow their cells' valid counts
# Prints "ERR <rule> <detail>" lines (at most 15 per rule) and one line
# "STATS units=N values=N small=N sets=N found=N dfsrows=N cohortrows=N" at the end.
BEGIN {
  FS = "[|]"
  nsets = split("3 4;7 8 160 180 190 243;31 111;128 99;74 75 76 77 78 79 80 144;" \
                "90 91 92 93 94 121;28 29;50 51;52 53;240 241;" \
                "200 201 202 203 204 205 206 207;220 221 222 223 224 225 226 227", SETS, ";")
  split("1 1 1 1 1 1 1 1 1 1 31 111", PARENT, " ")
  ncounts = split("enrolled tested valid", COUNTS, " ")
}
function err(rule, msg) {
  nerr[rule]++
  if (nerr[rule] <= 15) print "ERR " rule " " msg
}
# reads that do not create entries
function ev(u, f) { return ((u, f) in EV) ? EV[u, f] : "" }
function av(u, f) { return ((u, f) in AV) ? AV[u, f] : "" }
function small(v) { return v != "" && v != "null" && v + 0 >= 1 && v + 0 <= 10 }
function shown(v) { return v != "" && v != "null" }
# unit (one year of one row) and field of a line
function split_line(vid, row, year, path,   p) {
  if (VK[vid] == "overview" && match(path, /^(current|prior)\./)) {
    p = substr(path, 1, RLENGTH - 1)
    U = vid SUBSEP row SUBSEP p
    F = substr(path, RLENGTH + 1)
  } else {
    U = vid SUBSEP row SUBSEP year
    F = path
  }
}
FNR == 1 { fi++ }
fi == 1 {
  split($0, v, "\t")
  VK[v[1]] = v[2]; VSLUG[v[1]] = v[3]; VBASIS[v[1]] = v[4]; VBY[v[1]] = v[5]
  VSCH[v[1]] = v[6]; VGR[v[1]] = v[7]; VGRP[v[1]] = v[8]
  next
}
fi == 2 || fi == 3 {
  if ($2 == "frame") { if (fi == 2) FRAME[$1, $4] = $5; next }
  if ($4 == "order") next
  split_line($1, $2, $3, $4)
  if (fi == 2) {
    EV[U, F] = $5; UNITS[U] = 1; UV[U] = $1; UR[U] = $2; UY[U] = $3
  } else {
    AV[U, F] = $5; AU[U] = 1
  }
  next
}
# the cell a results / overview unit shows: slug|basis|school|grade|group|year
function cellkey(u,   vid, row, year, k) {
  vid = UV[u]; row = UR[u]; year = UY[u]
  k = VK[vid]
  if (k == "overview")
    return row SUBSEP VBASIS[vid] SUBSEP VSCH[vid] SUBSEP "13" SUBSEP "1" SUBSEP ev(u, "year")
  if (VBY[vid] == "group") return VSLUG[vid] SUBSEP VBASIS[vid] SUBSEP VSCH[vid] SUBSEP VGR[vid] SUBSEP row SUBSEP year
  if (VBY[vid] == "grade") return VSLUG[vid] SUBSEP VBASIS[vid] SUBSEP VSCH[vid] SUBSEP row SUBSEP VGRP[vid] SUBSEP year
  return VSLUG[vid] SUBSEP VBASIS[vid] SUBSEP (row == "LEA" ? "" : row) SUBSEP VGR[vid] SUBSEP VGRP[vid] SUBSEP year
}
function desc(u,   q) {
  split(u, q, SUBSEP)
  return VK[q[1]] "(" VSLUG[q[1]] " basis " VBASIS[q[1]] " by " VBY[q[1]] " school '" VSCH[q[1]] "' grade " VGR[q[1]] " group " VGRP[q[1]] ") row " q[2] " " q[3]
}
END {
  # results and overview units
  for (u in UNITS) {
    if (VK[UV[u]] != "results" && VK[UV[u]] != "overview") continue
    if ((u SUBSEP "no_data") in EV) {
      if (av(u, "no_data") != "true") err("value", desc(u) ": expected no_data, got " (AU[u] ? "data" : "nothing"))
      continue
    }
    nunits++
    if (!(u in AU)) { err("value", desc(u) ": missing from the viewer's answer"); continue }
    he = av(u, "enrolled") == "null"; ht = av(u, "tested") == "null"; hv = av(u, "valid") == "null"
    for (i = 1; i <= ncounts; i++) {
      c = COUNTS[i]; t = ev(u, c); a = av(u, c)
      if (small(t)) { nsmall++; if (a != "null") err("small", desc(u) ": " c " " a " shown (true " t ")") }
      if (a != "null" && a != t) err("value", desc(u) ": " c " " a ", true " t)
    }
    want = (he || ht || hv) ? "true" : "false"
    if (av(u, "suppressed") != want) err("value", desc(u) ": suppressed " av(u, "suppressed") ", want " want)
    if (he || ht) { if (av(u, "participation") != "null") err("small", desc(u) ": participation " av(u, "participation") " shown with a withheld count") }
    else if (av(u, "participation") != ev(u, "participation")) err("value", desc(u) ": participation " av(u, "participation") ", true " ev(u, "participation"))
    if (small(ev(u, "dfs_n")) && shown(av(u, "dfs_n")))
      err("small", desc(u) ": dfs_n " av(u, "dfs_n") " shown (valid " av(u, "valid") ")")
    HIDE[u] = he " " ht " " hv
    k = cellkey(u)
    if ((k in SEEN) && SEEN[k] != HIDE[u])
      err("same", desc(u) ": withheld (enrolled tested valid) " HIDE[u] " but " SEEN[k] " in " SEENBY[k])
    else if (!(k in SEEN)) { SEEN[k] = HIDE[u]; SEENBY[k] = desc(u) }
    # for the complementary sets
    vy = UV[u] SUBSEP UY[u]
    if (VK[UV[u]] == "results") { UNIT_OF[vy, UR[u]] = u; VY[vy] = 1; ROWS[vy] = ROWS[vy] " " UR[u] }
  }
  # the matched cohort: what each row must withhold (the results' decision for its cell
  # this year and last, and a cohort of 1..10)
  for (u in UNITS) {
    if (VK[UV[u]] != "cohort") continue
    ncohort++
    vid = UV[u]; Y = FRAME[vid, "year"]
    k = VSLUG[vid] SUBSEP VBASIS[vid] SUBSEP VSCH[vid] SUBSEP UR[u] SUBSEP VGRP[vid]
    CH[u] = hidden_valid(k SUBSEP Y)
    PH[u] = hidden_valid(k SUBSEP (Y - 1))
    tk = ev(u, "matched")
    if (small(tk)) nsmall++
    KH[u] = CH[u] || small(tk)
    if (!(u in AU)) { err("cohort", desc(u) ": grade missing"); continue }
    if (KH[u] && (av(u, "matched") != "null" || av(u, "suppressed") != "true"))
      err(small(tk) ? "small" : "cohort", desc(u) ": matched " av(u, "matched") " / suppressed " av(u, "suppressed") " (true " tk ", valid withheld " CH[u] ")")
    if (!KH[u] && (av(u, "matched") != tk || av(u, "suppressed") != "false"))
      err("cohort", desc(u) ": matched " av(u, "matched") " / suppressed " av(u, "suppressed") ", true " tk)
  }
  # every field of every unit
  for (key in EV) {
    split(key, q, SUBSEP); u = q[1] SUBSEP q[2] SUBSEP q[3]; f = q[4]
    if (VK[q[1]] == "cohort") { check_cohort_field(u, q[4], key); continue }
    if (VK[q[1]] == "dfs" || ((u SUBSEP "no_data") in EV) || !(u in AU)) continue
    if (f ~ /^(enrolled|tested|valid|participation|suppressed|year)$/) continue
    nvalues++
    split(HIDE[u], h, " ")
    a = (key in AV) ? AV[key] : "(absent)"
    if (h[3]) { if (shown(a) && a != "(absent)") err("small", desc(u) ": " f " = " a " shown although valid is withheld") }
    else if (f ~ /^dfs(_n)?$/ && small(ev(u, "dfs_n"))) { }
    else if (a != EV[key]) err("value", desc(u) ": " f " " a ", true " EV[key])
  }
  for (key in AV) if (!(key in EV)) {
    split(key, q, SUBSEP); u = q[1] SUBSEP q[2] SUBSEP q[3]
    if (VK[q[1]] == "cohort" && ((q[4] == "same_grade.current.suppressed" && CH[u]) || (q[4] == "same_grade.prior.suppressed" && PH[u]))) {
      if (AV[key] != "true") err("cohort", desc(u) ": " q[4] " " AV[key])
      continue
    }
    err("value", desc(u) ": unexpected field " q[4] " = " AV[key])
  }
  # complementary suppression
  for (vy in VY) {
    split(vy, q, SUBSEP); vid = q[1]
    if (VBY[vid] == "group") {
      for (s = 1; s <= nsets; s++) check_set(vy, PARENT[s], SETS[s])
    } else {
      top = VBY[vid] == "school" ? "LEA" : "13"
      n = split(ROWS[vy], r, " "); members = ""
      for (i = 1; i <= n; i++) if (r[i] != top) members = members " " r[i]
      check_set(vy, top, members)
    }
  }
  # the DFS view
  for (u in UNITS) {
    if (VK[UV[u]] != "dfs") continue
    ndfs++
    vid = UV[u]; row = UR[u]; Y = FRAME[vid, "year"]
    if (!(u in AU)) { err("dfs", desc(u) ": group missing"); continue }
    OK["current"] = OK["prior"] = 0
    for (w = 0; w <= 1; w++) {
      side = w ? "prior" : "current"; yy = Y - w
      tn = ev(u, side ".n"); an = av(u, side ".n"); ad = av(u, side ".dfs")
      if (tn == "null") {
        if (an != "null" || ad != "null" || av(u, side ".suppressed") != "false") err("dfs", desc(u) " " side ": no cell, got n " an)
        continue
      }
      k = VSLUG[vid] SUBSEP VBASIS[vid] SUBSEP VSCH[vid] SUBSEP VGR[vid] SUBSEP row SUBSEP yy
      if (small(tn)) { nsmall++; if (shown(an) || shown(ad)) err("small", desc(u) " " side ": DFS n " an " / dfs " ad " shown (true n " tn ")") }
      if (k in SEEN) {
        split(SEEN[k], h, " ")
        want_hidden = h[3] || small(tn)
        if (want_hidden && shown(an)) err("dfs", desc(u) " " side ": n " an " shown but the results withhold this cell's valid count")
        if (!want_hidden && an == "null") err("dfs", desc(u) " " side ": n withheld although the results show the cell (n " tn ")")
      }
      if (shown(an) && (an != tn || ad != ev(u, side ".dfs"))) err("dfs", desc(u) " " side ": n/dfs " an "/" ad ", true " tn "/" ev(u, side ".dfs"))
      if (av(u, side ".suppressed") != (an == "null" ? "true" : "false"))
        err("dfs", desc(u) " " side ": suppressed " av(u, side ".suppressed") " with n " an)
      OK[side] = shown(ad)
    }
    if (OK["current"] && OK["prior"]) {
      # (the change's own rounding is checked on the lead's views, analytics.sh)
      if (av(u, "change") == "null") err("dfs", desc(u) ": no change with both years shown")
      split("status_level status change_level change_name colour", fl, " ")
      for (i = 1; i in fl; i++) if (av(u, fl[i]) != ev(u, fl[i])) err("dfs", desc(u) ": " fl[i] " " av(u, fl[i]) ", true " ev(u, fl[i]))
    } else {
      if (av(u, "change") != "null" || av(u, "colour") != "None" || av(u, "change_level") != "0")
        err("dfs", desc(u) ": change / colour shown without both years (" av(u, "change") ", " av(u, "colour") ")")
      if (OK["current"] && av(u, "status_level") != ev(u, "status_level")) err("dfs", desc(u) ": status_level " av(u, "status_level") ", true " ev(u, "status_level"))
      if (!OK["current"] && av(u, "status_level") != "0") err("dfs", desc(u) ": status_level " av(u, "status_level") " without a current DFS")
    }
  }
  for (rule in nerr) if (nerr[rule] > 15) print "ERR " rule " ... " nerr[rule] " in all"
  print "STATS units=" nunits + 0 " values=" nvalues + 0 " small=" nsmall + 0 " sets=" nsets_checked + 0 " found=" nfound + 0 " dfsrows=" ndfs + 0 " cohortrows=" ncohort + 0
}
# one set of parts under parent (row keys) in one view and year
function check_set(vy, parent, members,   q, pu, n, m, i, c, hidden, pos, smalls, others, a, t, mu, names) {
  split(vy, q, SUBSEP)
  pu = UNIT_OF[vy, parent]
  if (pu == "") return
  n = split(members, m, " ")
  for (i = 1; i <= ncounts; i++) {
    c = COUNTS[i]
    if (!shown(av(pu, c))) continue
    hidden = 0; pos = 0; smalls = 0; others = 0; names = ""
    for (j = 1; j <= n; j++) {
      mu = UNIT_OF[vy, m[j]]
      if (mu == "") continue
      a = av(mu, c); t = ev(mu, c)
      if (a == "null") { hidden++; names = names " " m[j] } else if (a + 0 > 0) pos++
      if (small(t)) smalls++
      else if (t + 0 > 0) others++
    }
    if (hidden == 0 && smalls == 0) continue
    nsets_checked++
    if (smalls == 1 && others > 0) nfound++
    if (hidden == 1)
      err("complement", desc(pu) ": " c " of" names " alone withheld under a shown total " av(pu, c) " (" pos " other parts shown with students)")
  }
}

# whether the results withheld the valid count of cell k (slug|basis|school|grade|group|year)
# (0 for a cell no results view showed)
function hidden_valid(k,   h) {
  if (!(k in SEEN)) return 0
  split(SEEN[k], h, " ")
  return h[3] + 0
}
# one expected field of a cohort row against the answer
function check_cohort_field(u, f, key,   a, part) {
  if (!(u in AU)) return
  a = (key in AV) ? AV[key] : "(absent)"
  part = f ~ /^same_grade\.current\./ ? CH[u] : f ~ /^same_grade\.prior\./ ? PH[u] : f ~ /^(prior|current)\./ ? KH[u] : 0
  nvalues++
  if (f == "suppressed" || f == "matched") return # judged with the row
  if (!part || f ~ /\.(year|no_data)$/) { if (a != EV[key]) err("cohort", desc(u) ": " f " " a ", true " EV[key]); return }
  if (f ~ /\.valid$/) { if (a != "null") err("cohort", desc(u) ": " f " " a " shown although withheld"); return }
  if (shown(a) && a != "(absent)") err("cohort", desc(u) ": " f " = " a " shown although withheld")
}
