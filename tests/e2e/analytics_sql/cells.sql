-- cells.sql - every dashboard cell of one LEA recomputed from the stored score rows, in
-- plain SQL written from the documented rules, not from the C code:
--   who counts       src/analytics/counting.h (include indicator first; when it is blank,
--                    attemptedness and condition code), formats.md §2.5, §3.1
--   which school     Tested files: the final tested school, or the CALPADS school when it
--                    is blank; Enrolled files: the CALPADS school (aggregate.h). Every
--                    record is also in the LEA-wide cell (school '').
--   which grade      the grade assessed, and '13' = all grades (formats.md §1.3, §5.3)
--   which groups     CDE student groups, formats.md §5.4 / §1.4 (groups.h)
--   DFS              scale score minus the grade's Level 3 minimum, SB ELA and math
--                    (analytics-anchors.md §2.1-§2.2)
--   matched cohort   a valid result whose student (SSID) had a valid result on the same
--                    test a year before in the same LEA and basis (docs/analytics-api.md):
--                    both years' levels and scale-score sums
-- Run with the application database attached as "app" and the LEA in temp table "param".
-- Leaves table "cell", one row per (test, basis, year, school, grade, grp) that has at
-- least one enrolled student, with the same value columns as score_agg (but "hidden",
-- the stored suppression, which the viewer's checks judge from the answers).

DROP TABLE IF EXISTS l3min;
CREATE TABLE l3min(rt TEXT, grade TEXT, l3 INTEGER, PRIMARY KEY(rt, grade));
-- analytics-anchors.md §2.2 (formats.md §2.7, "Met" column)
INSERT INTO l3min VALUES
  ('01','03',2432),('01','04',2473),('01','05',2502),('01','06',2531),('01','07',2552),
  ('01','08',2567),('01','11',2583),
  ('02','03',2436),('02','04',2485),('02','05',2528),('02','06',2552),('02','07',2567),
  ('02','08',2586),('02','11',2628);

DROP TABLE IF EXISTS rec;
CREATE TABLE rec AS
WITH r0 AS (
  SELECT s.rowid AS rid, s.ssid, u.family AS fam, u.basis AS basis, u.year AS yr, s.record_type AS rt,
         s.school, s.tested_school, s.grade, s.gender, s.flags, s.ethnicity AS eth, s.elas,
         s.parent_education AS pe, s.condition_code AS cc, s.attemptedness AS att,
         s.include_indicator AS inc, s.scale_score AS ss, s.level AS lvl, s.claims, s.domains,
         s.oral_score, s.written_score, s.oral_level, s.written_level
  FROM app.score s JOIN app.score_upload u ON u.id = s.upload_id
  WHERE u.current = 1 AND u.lea = (SELECT lea FROM param) AND u.family IN (1, 2, 3)
    AND s.record_type <> ''),
-- enrolled: everyone but CAASPP recently arrived ELs (include E, or NEL when include is blank)
r1 AS (
  SELECT *, CASE WHEN fam = 1 AND (inc = 'E' OR (inc = '' AND cc = 'NEL')) THEN 0 ELSE 1 END AS enr
  FROM r0),
-- tested: include Y or T (R too on CAASPP); blank include: attempted (P/Y) and not a
-- not-tested condition (CAASPP PGE NTE NT NEL; ELPAC NT)
r2 AS (
  SELECT *, CASE WHEN enr = 1 AND (
      inc IN ('Y', 'T') OR (inc = 'R' AND fam = 1) OR
      (inc = '' AND att IN ('P', 'Y') AND
       NOT (CASE WHEN fam = 1 THEN cc IN ('PGE', 'NTE', 'NT', 'NEL') ELSE cc = 'NT' END)))
    THEN 1 ELSE 0 END AS tst
  FROM r1),
-- valid score: tested with a scale score, and include Y; blank include: attemptedness Y and
-- a condition that still scores (CAASPP none, INC0, INC1; ELPAC none, ALT, EXD)
r3 AS (
  SELECT *, CASE WHEN tst = 1 AND ss > 0 AND (
      inc = 'Y' OR
      (inc = '' AND att = 'Y' AND
       (CASE WHEN fam = 1 THEN cc IN ('', 'INC0', 'INC1') ELSE cc IN ('', 'ALT', 'EXD') END)))
    THEN 1 ELSE 0 END AS val
  FROM r2)
SELECT r3.*,
       CASE WHEN basis = 2 AND tested_school <> '' THEN tested_school ELSE school END AS sch,
       CASE WHEN val = 1 AND fam = 1 THEN
         ss - (SELECT l3 FROM l3min m WHERE m.rt = r3.rt AND m.grade = r3.grade) END AS dfs,
       CASE WHEN val = 1 AND fam <> 1 AND oral_level BETWEEN 1 AND 4 AND oral_score > 0
         THEN oral_level ELSE 0 END AS ol,
       CASE WHEN val = 1 AND fam <> 1 AND written_level BETWEEN 1 AND 4 AND written_score > 0
         THEN written_level ELSE 0 END AS wl,
       substr(flags, 10, 1) AS econ, substr(flags, 11, 1) AS swd, substr(flags, 13, 1) AS mig,
       substr(flags, 14, 1) AS mil, substr(flags, 15, 1) AS fos, substr(flags, 16, 1) AS hom,
       -- reporting ethnicity -> the §5.4 race order Black, Am. Indian, Asian, Filipino,
       -- Hispanic, Pacific Islander, White, Two or more
       CASE eth WHEN '600' THEN 0 WHEN '100' THEN 1 WHEN '200' THEN 2 WHEN '400' THEN 3
                WHEN '500' THEN 4 WHEN '300' THEN 5 WHEN '700' THEN 6 WHEN '800' THEN 7 END AS race
FROM r3
WHERE enr = 1; -- a record in no count adds nothing, not even an empty cell
CREATE INDEX rec_match ON rec(ssid, rt, basis, yr);

-- the same student's valid result on the same test a year before (the last one stored,
-- should a file hold two)
DROP TABLE IF EXISTS kprior;
CREATE TABLE kprior AS
SELECT r.rid, p.lvl AS p_lvl, p.ss AS p_ss
FROM rec r JOIN rec p ON p.rid = (
  SELECT max(q.rid) FROM rec q
  WHERE q.ssid = r.ssid AND q.rt = r.rt AND q.basis = r.basis AND q.yr = r.yr - 1 AND q.val = 1)
WHERE r.val = 1 AND r.ssid <> '';
CREATE UNIQUE INDEX kprior_rid ON kprior(rid);

-- group membership, formats.md §5.4 (flags: see the score table's column comment)
DROP TABLE IF EXISTS mem;
CREATE TABLE mem AS
          SELECT rid, 1 AS grp FROM rec
UNION ALL SELECT rid, 3 FROM rec WHERE gender = 'M'
UNION ALL SELECT rid, 4 FROM rec WHERE gender = 'F'
UNION ALL SELECT rid, 6 FROM rec WHERE elas IN ('IFEP', 'RFEP', 'EO')
UNION ALL SELECT rid, 7 FROM rec WHERE elas = 'IFEP'
UNION ALL SELECT rid, 8 FROM rec WHERE elas = 'RFEP'
UNION ALL SELECT rid, 160 FROM rec WHERE elas = 'EL'
UNION ALL SELECT rid, 170 FROM rec WHERE elas IN ('EL', 'RFEP')
UNION ALL SELECT rid, 180 FROM rec WHERE elas = 'EO'
UNION ALL SELECT rid, 190 FROM rec WHERE elas = 'TBD'
UNION ALL SELECT rid, 243 FROM rec WHERE elas = 'ADEL'
UNION ALL SELECT rid, 31 FROM rec WHERE econ = 'Y'
UNION ALL SELECT rid, 111 FROM rec WHERE econ = 'N'
UNION ALL SELECT rid, 128 FROM rec WHERE swd = 'Y'
UNION ALL SELECT rid, 99 FROM rec WHERE swd = 'N'
UNION ALL SELECT rid, 74 + race FROM rec WHERE race BETWEEN 0 AND 6
UNION ALL SELECT rid, 144 FROM rec WHERE race = 7
UNION ALL SELECT rid, 200 + race FROM rec WHERE econ = 'Y' AND race IS NOT NULL
UNION ALL SELECT rid, 220 + race FROM rec WHERE econ = 'N' AND race IS NOT NULL
UNION ALL SELECT rid, CASE pe WHEN '14' THEN 90 WHEN '13' THEN 91 WHEN '12' THEN 92
                              WHEN '11' THEN 93 WHEN '10' THEN 94 ELSE 121 END
          FROM rec WHERE pe IN ('10', '11', '12', '13', '14', '15')
UNION ALL SELECT rid, 28 FROM rec WHERE mig = 'Y'
UNION ALL SELECT rid, 29 FROM rec WHERE mig = 'N'
UNION ALL SELECT rid, 50 FROM rec WHERE mil = 'Y'
UNION ALL SELECT rid, 51 FROM rec WHERE mil = 'N'
UNION ALL SELECT rid, 52 FROM rec WHERE hom = 'Y'
UNION ALL SELECT rid, 53 FROM rec WHERE hom = 'N'
UNION ALL SELECT rid, 240 FROM rec WHERE fos = 'Y'
UNION ALL SELECT rid, 241 FROM rec WHERE fos = 'N';
CREATE INDEX mem_rid ON mem(rid);

-- every record in the LEA-wide cell and its school's, in all grades and its own grade
DROP TABLE IF EXISTS cell;
CREATE TABLE cell AS
WITH k AS (
  SELECT r.rid, '' AS school, '13' AS grade FROM rec r
  UNION ALL SELECT r.rid, r.sch, '13' FROM rec r WHERE r.sch <> ''
  UNION ALL SELECT r.rid, '', r.grade FROM rec r WHERE r.grade <> ''
  UNION ALL SELECT r.rid, r.sch, r.grade FROM rec r WHERE r.sch <> '' AND r.grade <> '')
-- (CASTs give the key columns types, so joins on them can use the index)
SELECT CAST(r.rt AS TEXT) AS test, CAST(r.basis AS INTEGER) AS basis, CAST(r.yr AS INTEGER) AS year,
  CAST(k.school AS TEXT) AS school, CAST(k.grade AS TEXT) AS grade, CAST(m.grp AS INTEGER) AS grp,
  sum(r.enr) AS enrolled, sum(r.tst) AS tested, sum(r.val) AS valid,
  sum(r.val AND r.lvl = 1) AS l1, sum(r.val AND r.lvl = 2) AS l2,
  sum(r.val AND r.lvl = 3) AS l3, sum(r.val AND r.lvl = 4) AS l4,
  sum(CASE WHEN r.val = 1 THEN r.ss ELSE 0 END) AS scale_sum,
  coalesce(sum(r.dfs), 0) AS dfs_sum, count(r.dfs) AS dfs_n,
  sum(r.val AND substr(r.claims, 1, 1) = '1') AS c1_1, sum(r.val AND substr(r.claims, 1, 1) = '2') AS c1_2,
  sum(r.val AND substr(r.claims, 1, 1) = '3') AS c1_3, sum(r.val AND substr(r.claims, 2, 1) = '1') AS c2_1,
  sum(r.val AND substr(r.claims, 2, 1) = '2') AS c2_2, sum(r.val AND substr(r.claims, 2, 1) = '3') AS c2_3,
  sum(r.val AND substr(r.claims, 3, 1) = '1') AS c3_1, sum(r.val AND substr(r.claims, 3, 1) = '2') AS c3_2,
  sum(r.val AND substr(r.claims, 3, 1) = '3') AS c3_3, sum(r.val AND substr(r.claims, 4, 1) = '1') AS c4_1,
  sum(r.val AND substr(r.claims, 4, 1) = '2') AS c4_2, sum(r.val AND substr(r.claims, 4, 1) = '3') AS c4_3,
  sum(r.val AND substr(r.domains, 1, 1) = '1') AS d1_1, sum(r.val AND substr(r.domains, 1, 1) = '2') AS d1_2,
  sum(r.val AND substr(r.domains, 1, 1) = '3') AS d1_3, sum(r.val AND substr(r.domains, 2, 1) = '1') AS d2_1,
  sum(r.val AND substr(r.domains, 2, 1) = '2') AS d2_2, sum(r.val AND substr(r.domains, 2, 1) = '3') AS d2_3,
  sum(r.val AND substr(r.domains, 3, 1) = '1') AS d3_1, sum(r.val AND substr(r.domains, 3, 1) = '2') AS d3_2,
  sum(r.val AND substr(r.domains, 3, 1) = '3') AS d3_3, sum(r.val AND substr(r.domains, 4, 1) = '1') AS d4_1,
  sum(r.val AND substr(r.domains, 4, 1) = '2') AS d4_2, sum(r.val AND substr(r.domains, 4, 1) = '3') AS d4_3,
  sum(r.ol = 1) AS o1, sum(r.ol = 2) AS o2, sum(r.ol = 3) AS o3, sum(r.ol = 4) AS o4,
  sum(r.wl = 1) AS w1, sum(r.wl = 2) AS w2, sum(r.wl = 3) AS w3, sum(r.wl = 4) AS w4,
  sum(CASE WHEN r.ol > 0 THEN r.oral_score ELSE 0 END) AS oral_sum, sum(r.ol > 0) AS oral_n,
  sum(CASE WHEN r.wl > 0 THEN r.written_score ELSE 0 END) AS written_sum, sum(r.wl > 0) AS written_n,
  count(kp.rid) AS k_n,
  coalesce(sum(kp.p_lvl = 1), 0) AS kp1, coalesce(sum(kp.p_lvl = 2), 0) AS kp2,
  coalesce(sum(kp.p_lvl = 3), 0) AS kp3, coalesce(sum(kp.p_lvl = 4), 0) AS kp4,
  coalesce(sum(kp.p_ss), 0) AS kp_sum,
  sum(kp.rid IS NOT NULL AND r.lvl = 1) AS k1, sum(kp.rid IS NOT NULL AND r.lvl = 2) AS k2,
  sum(kp.rid IS NOT NULL AND r.lvl = 3) AS k3, sum(kp.rid IS NOT NULL AND r.lvl = 4) AS k4,
  coalesce(sum(CASE WHEN kp.rid IS NOT NULL THEN r.ss END), 0) AS k_sum
FROM rec r JOIN k ON k.rid = r.rid JOIN mem m ON m.rid = r.rid LEFT JOIN kprior kp ON kp.rid = r.rid
GROUP BY r.rt, r.basis, r.yr, k.school, k.grade, m.grp;
CREATE UNIQUE INDEX cell_key ON cell(test, basis, school, grade, grp, year);
