-- expect.sql - what every requested dashboard view must answer, from the recomputed cells
-- (cells.sql), as flat lines "view|row|year|field|value" in the same shape flatten.jq
-- makes of the API's JSON (docs: src/api/analytics.c). Needs, besides "cell":
--   param(lea)                     the LEA
--   tinfo(slug, rt, fam, nlevels, met_from, nclaims, ndomains, ncomp, dfs, ord)
--                                  the catalogue as /api/analytics/meta declares it
--   grp(id, ord)                   the derived CDE groups in meta order
--   views(vid, kind, slug, basis, by_, school, grade, grp, year, only_school, sup)
--                                  one row per request: kind overview|results|dfs|cohort;
--                                  school '' = the LEA; year NULL = the newest loaded;
--                                  only_school: a site admin's school ('' = all);
--                                  sup 1 = the user gets suppressed counts
-- Numbers are written as flatten.jq writes them (the shortest decimal of the double):
-- percentages rounded to 0.01, means, DFS and change to 0.1 (halves away from zero, here
-- in exact integer arithmetic), counts as integers. Results over a count of zero are null.

DROP TABLE IF EXISTS nums;
CREATE TABLE nums(i INTEGER PRIMARY KEY);
INSERT INTO nums VALUES (1), (2), (3), (4);

-- one value per (cell, field) as a results row shows it
DROP TABLE IF EXISTS parts;
CREATE TABLE parts AS
WITH c AS (SELECT * FROM cell JOIN tinfo t ON t.rt = cell.test)
SELECT test, basis, year, school, grade, grp, 'levels.' || (i - 1) AS path,
       CASE i WHEN 1 THEN l1 WHEN 2 THEN l2 WHEN 3 THEN l3 ELSE l4 END AS n, valid AS den
FROM c JOIN nums ON i <= nlevels
UNION ALL
SELECT test, basis, year, school, grade, grp, 'met',
       (CASE WHEN met_from <= 1 THEN l1 ELSE 0 END) + (CASE WHEN met_from <= 2 AND nlevels >= 2 THEN l2 ELSE 0 END) +
       (CASE WHEN met_from <= 3 AND nlevels >= 3 THEN l3 ELSE 0 END) + (CASE WHEN met_from <= 4 AND nlevels >= 4 THEN l4 ELSE 0 END),
       valid
FROM c
UNION ALL
SELECT test, basis, year, school, grade, grp,
       (CASE WHEN nclaims > 0 THEN 'claims.' ELSE 'domains.' END) || (a.i - 1) || '.' || (b.i - 1),
       CASE WHEN nclaims > 0 THEN
         CASE a.i * 10 + b.i WHEN 11 THEN c1_1 WHEN 12 THEN c1_2 WHEN 13 THEN c1_3 WHEN 21 THEN c2_1
           WHEN 22 THEN c2_2 WHEN 23 THEN c2_3 WHEN 31 THEN c3_1 WHEN 32 THEN c3_2 WHEN 33 THEN c3_3
           WHEN 41 THEN c4_1 WHEN 42 THEN c4_2 ELSE c4_3 END
       ELSE
         CASE a.i * 10 + b.i WHEN 11 THEN d1_1 WHEN 12 THEN d1_2 WHEN 13 THEN d1_3 WHEN 21 THEN d2_1
           WHEN 22 THEN d2_2 WHEN 23 THEN d2_3 WHEN 31 THEN d3_1 WHEN 32 THEN d3_2 WHEN 33 THEN d3_3
           WHEN 41 THEN d4_1 WHEN 42 THEN d4_2 ELSE d4_3 END
       END,
       CASE WHEN nclaims > 0 THEN
         CASE a.i WHEN 1 THEN c1_1 + c1_2 + c1_3 WHEN 2 THEN c2_1 + c2_2 + c2_3
                  WHEN 3 THEN c3_1 + c3_2 + c3_3 ELSE c4_1 + c4_2 + c4_3 END
       ELSE
         CASE a.i WHEN 1 THEN d1_1 + d1_2 + d1_3 WHEN 2 THEN d2_1 + d2_2 + d2_3
                  WHEN 3 THEN d3_1 + d3_2 + d3_3 ELSE d4_1 + d4_2 + d4_3 END
       END
FROM c JOIN nums a ON a.i <= max(nclaims, ndomains) JOIN nums b ON b.i <= 3
UNION ALL
SELECT test, basis, year, school, grade, grp, 'oral.' || (i - 1),
       CASE i WHEN 1 THEN o1 WHEN 2 THEN o2 WHEN 3 THEN o3 ELSE o4 END, oral_n
FROM c JOIN nums ON i <= ncomp
UNION ALL
SELECT test, basis, year, school, grade, grp, 'written.' || (i - 1),
       CASE i WHEN 1 THEN w1 WHEN 2 THEN w2 WHEN 3 THEN w3 ELSE w4 END, written_n
FROM c JOIN nums ON i <= ncomp;

-- (sum, n) -> tenths rounded half away from zero, and n -> hundredths of a percentage
DROP TABLE IF EXISTS cellval;
CREATE TABLE cellval AS
WITH c AS (SELECT * FROM cell JOIN tinfo t ON t.rt = cell.test),
means(test, basis, year, school, grade, grp, path, s, n) AS (
  SELECT test, basis, year, school, grade, grp, 'mean_scale', scale_sum,
         CASE WHEN grade <> '13' THEN valid ELSE 0 END FROM c
  UNION ALL SELECT test, basis, year, school, grade, grp, 'dfs', dfs_sum, dfs_n FROM c WHERE dfs = 1
  UNION ALL SELECT test, basis, year, school, grade, grp, 'oral_mean', oral_sum,
         CASE WHEN grade <> '13' THEN oral_n ELSE 0 END FROM c WHERE ncomp > 0
  UNION ALL SELECT test, basis, year, school, grade, grp, 'written_mean', written_sum,
         CASE WHEN grade <> '13' THEN written_n ELSE 0 END FROM c WHERE ncomp > 0),
tenths AS (
  SELECT *, CASE WHEN n <= 0 THEN NULL WHEN s >= 0 THEN (20 * s + n) / (2 * n)
                 ELSE -((-20 * s + n) / (2 * n)) END AS t FROM means),
pcts AS (
  SELECT test, basis, year, school, grade, grp, NULL AS path, 'participation' AS leaf, tested AS n, enrolled AS den FROM c
  UNION ALL SELECT test, basis, year, school, grade, grp, path, 'pct', n, den FROM parts),
hund AS (SELECT *, CASE WHEN den > 0 THEN (20000 * n + den) / (2 * den) END AS h FROM pcts)
SELECT CAST(test AS TEXT) AS test, CAST(basis AS INTEGER) AS basis, CAST(year AS INTEGER) AS year,
  CAST(school AS TEXT) AS school, CAST(grade AS TEXT) AS grade, CAST(grp AS INTEGER) AS grp,
  CAST('enrolled' AS TEXT) AS path, CAST(enrolled AS TEXT) AS value FROM c
UNION ALL SELECT test, basis, year, school, grade, grp, 'tested', CAST(tested AS TEXT) FROM c
UNION ALL SELECT test, basis, year, school, grade, grp, 'valid', CAST(valid AS TEXT) FROM c
UNION ALL SELECT test, basis, year, school, grade, grp, 'suppressed', 'false' FROM c
UNION ALL SELECT test, basis, year, school, grade, grp, 'dfs_n', CAST(dfs_n AS TEXT) FROM c WHERE dfs = 1
UNION ALL SELECT test, basis, year, school, grade, grp, path || '.count', CAST(n AS TEXT) FROM parts
UNION ALL SELECT test, basis, year, school, grade, grp, CASE WHEN leaf = 'pct' THEN path || '.pct' ELSE leaf END,
  CASE WHEN h IS NULL THEN 'null' WHEN h % 100 = 0 THEN CAST(h / 100 AS TEXT)
       WHEN h % 10 = 0 THEN (h / 100) || '.' || ((h % 100) / 10)
       ELSE (h / 100) || '.' || substr('0' || (h % 100), -2) END FROM hund
UNION ALL SELECT test, basis, year, school, grade, grp, path,
  CASE WHEN t IS NULL THEN 'null' ELSE (CASE WHEN t < 0 THEN '-' ELSE '' END) || (abs(t) / 10) || (CASE WHEN abs(t) % 10 = 0 THEN '' ELSE '.' || (abs(t) % 10) END) END
  FROM tenths;
CREATE INDEX cellval_key ON cellval(test, basis, school, grade, grp, year);

-- the year each view ends at
DROP TABLE IF EXISTS newest;
CREATE TABLE newest AS
SELECT family AS fam, basis, max(year) AS year FROM app.score_upload
WHERE lea = (SELECT lea FROM param) AND current = 1 GROUP BY family, basis;
DROP TABLE IF EXISTS v;
CREATE TABLE v AS
SELECT views.*, t.rt, t.fam, CAST(coalesce(views.year, n.year) AS INTEGER) AS y
FROM views LEFT JOIN tinfo t ON t.slug = views.slug
LEFT JOIN newest n ON n.fam = t.fam AND n.basis = views.basis;
CREATE UNIQUE INDEX v_vid ON v(vid);

-- results: the rows of each view (the cell keys they show), in the API's order
DROP TABLE IF EXISTS vrow;
CREATE TABLE vrow AS
SELECT DISTINCT v.vid, c.grade AS rowkey,
       CASE c.grade WHEN '13' THEN -1 WHEN 'KN' THEN 0 ELSE CAST(c.grade AS INTEGER) END AS ord,
       CAST(v.school AS TEXT) AS school, CAST(c.grade AS TEXT) AS grade, CAST(v.grp AS INTEGER) AS grp
FROM v JOIN cell c ON c.test = v.rt AND c.basis = v.basis AND c.school = v.school AND c.grp = v.grp
  AND c.year BETWEEN v.y - 2 AND v.y
WHERE v.kind = 'results' AND v.by_ = 'grade'
UNION
SELECT DISTINCT v.vid, CASE WHEN c.school = '' THEN 'LEA' ELSE c.school END, c.school, c.school, v.grade, v.grp
FROM v JOIN cell c ON c.test = v.rt AND c.basis = v.basis AND c.grade = v.grade AND c.grp = v.grp
  AND c.year BETWEEN v.y - 2 AND v.y
WHERE v.kind = 'results' AND v.by_ = 'school' AND (v.only_school = '' OR c.school = v.only_school)
UNION
SELECT DISTINCT v.vid, CAST(c.grp AS TEXT), g.ord, v.school, v.grade, c.grp
FROM v JOIN cell c ON c.test = v.rt AND c.basis = v.basis AND c.school = v.school AND c.grade = v.grade
  AND c.year BETWEEN v.y - 2 AND v.y
JOIN grp g ON g.id = c.grp
WHERE v.kind = 'results' AND v.by_ = 'group';

-- overview: one row per test whose newest (or asked) year has a cell
DROP TABLE IF EXISTS orow;
CREATE TABLE orow AS
SELECT v.vid, t.slug, t.rt, t.ord, coalesce(v.year, n.year) AS y, v.school, v.basis
FROM v JOIN tinfo t JOIN newest n ON n.fam = t.fam AND n.basis = v.basis
JOIN cell c ON c.test = t.rt AND c.basis = v.basis AND c.year = coalesce(v.year, n.year)
  AND c.school = v.school AND c.grade = '13' AND c.grp = 1
WHERE v.kind = 'overview';

-- dfs: one row per group with a cell in the year or the one before
DROP TABLE IF EXISTS drow;
CREATE TABLE drow AS
WITH r AS (
  SELECT v.vid, v.rt, v.basis, v.y, v.school, v.grade, g.id AS grp, g.ord,
         cur.dfs_n AS nc, cur.dfs_sum AS sc, pri.dfs_n AS np, pri.dfs_sum AS sp,
         cur.test IS NOT NULL AS has_c, pri.test IS NOT NULL AS has_p
  FROM v JOIN grp g
  LEFT JOIN cell cur ON cur.test = v.rt AND cur.basis = v.basis AND cur.year = v.y
    AND cur.school = v.school AND cur.grade = v.grade AND cur.grp = g.id
  LEFT JOIN cell pri ON pri.test = v.rt AND pri.basis = v.basis AND pri.year = v.y - 1
    AND pri.school = v.school AND pri.grade = v.grade AND pri.grp = g.id
  WHERE v.kind = 'dfs' AND (cur.test IS NOT NULL OR pri.test IS NOT NULL)),
k AS (
  SELECT *, has_c AND nc > 0 AS okc, has_p AND np > 0 AS okp,
    -- change = sc/nc - sp/np = dd / nn exactly
    CASE WHEN has_c AND nc > 0 AND has_p AND np > 0 THEN sc * np - sp * nc END AS dd,
    CASE WHEN has_c AND nc > 0 AND has_p AND np > 0 THEN nc * np END AS nn
  FROM r),
l AS (
  SELECT *,
    CASE WHEN NOT okc THEN 0
         WHEN rt = '01' THEN (CASE WHEN sc >= 45 * nc THEN 5 WHEN sc >= 10 * nc THEN 4 WHEN sc >= -5 * nc THEN 3
                                   WHEN sc >= -70 * nc THEN 2 ELSE 1 END)
         ELSE (CASE WHEN sc >= 35 * nc THEN 5 WHEN sc >= 0 THEN 4 WHEN sc >= -25 * nc THEN 3
                    WHEN sc >= -95 * nc THEN 2 ELSE 1 END) END AS st,
    CASE WHEN dd IS NULL THEN 0 WHEN dd >= 15 * nn THEN 5 WHEN dd >= 3 * nn THEN 4 WHEN dd > -3 * nn THEN 3
         WHEN dd >= -15 * nn THEN 2 ELSE 1 END AS ch,
    CASE WHEN okc THEN (CASE WHEN sc >= 0 THEN (20 * sc + nc) / (2 * nc) ELSE -((-20 * sc + nc) / (2 * nc)) END) END AS tc,
    CASE WHEN okp THEN (CASE WHEN sp >= 0 THEN (20 * sp + np) / (2 * np) ELSE -((-20 * sp + np) / (2 * np)) END) END AS tp,
    CASE WHEN dd IS NULL THEN NULL WHEN dd >= 0 THEN (20 * dd + nn) / (2 * nn) ELSE -((-20 * dd + nn) / (2 * nn)) END AS tch
  FROM k)
SELECT *,
  -- analytics-anchors.md §2.4: rows Very Low .. Very High, columns Declined Sig. .. Increased Sig.
  CASE WHEN st = 0 OR ch = 0 OR nc < 30 OR np < 30 THEN 'None'
       ELSE CASE st WHEN 1 THEN CASE WHEN ch <= 3 THEN 'Red' ELSE 'Orange' END
                    WHEN 2 THEN CASE WHEN ch <= 3 THEN 'Orange' ELSE 'Yellow' END
                    WHEN 3 THEN CASE WHEN ch <= 3 THEN 'Yellow' ELSE 'Green' END
                    WHEN 4 THEN CASE WHEN ch <= 4 THEN 'Green' ELSE 'Blue' END
                    ELSE CASE WHEN ch <= 2 THEN 'Green' ELSE 'Blue' END END END AS colour
FROM l;

-- cohort: one row per grade 01..12 with a cell in the year; its matched students' levels
-- both years, and the same grade a year apart
DROP TABLE IF EXISTS krow;
CREATE TABLE krow AS
SELECT v.vid, v.y, v.rt, c.*,
       CASE c.grade WHEN '01' THEN 'KN' ELSE substr('0' || (CAST(c.grade AS INTEGER) - 1), -2) END AS prior_grade,
       p.test IS NOT NULL AS has_p, p.valid AS p_valid, p.l1 AS p_l1, p.l2 AS p_l2, p.l3 AS p_l3,
       p.l4 AS p_l4, p.scale_sum AS p_scale_sum
FROM v JOIN cell c ON c.test = v.rt AND c.basis = v.basis AND c.year = v.y AND c.school = v.school
  AND c.grp = v.grp AND c.grade BETWEEN '01' AND '12'
LEFT JOIN cell p ON p.test = c.test AND p.basis = c.basis AND p.year = c.year - 1 AND p.school = c.school
  AND p.grade = c.grade AND p.grp = c.grp
WHERE v.kind = 'cohort';
-- the level distributions it shows: (prefix, counts of levels 1-4, n, scale sum)
DROP TABLE IF EXISTS kparts;
CREATE TABLE kparts AS
SELECT vid, grade, rt, 'prior' AS prefix, kp1 AS a1, kp2 AS a2, kp3 AS a3, kp4 AS a4, k_n AS n, kp_sum AS s FROM krow WHERE k_n > 0
UNION ALL SELECT vid, grade, rt, 'current', k1, k2, k3, k4, k_n, k_sum FROM krow WHERE k_n > 0
UNION ALL SELECT vid, grade, rt, 'same_grade.current', l1, l2, l3, l4, valid, scale_sum FROM krow
UNION ALL SELECT vid, grade, rt, 'same_grade.prior', p_l1, p_l2, p_l3, p_l4, p_valid, p_scale_sum FROM krow WHERE has_p;
DROP TABLE IF EXISTS klines;
CREATE TABLE klines AS
WITH lv AS (
  SELECT k.vid, k.grade, k.prefix || '.levels.' || (i - 1) AS path,
         CASE i WHEN 1 THEN a1 WHEN 2 THEN a2 WHEN 3 THEN a3 ELSE a4 END AS c, n
  FROM kparts k JOIN tinfo t ON t.rt = k.rt JOIN nums ON i <= t.nlevels
  UNION ALL
  SELECT k.vid, k.grade, k.prefix || '.met',
         (CASE WHEN met_from <= 1 THEN a1 ELSE 0 END) + (CASE WHEN met_from <= 2 AND nlevels >= 2 THEN a2 ELSE 0 END) +
         (CASE WHEN met_from <= 3 AND nlevels >= 3 THEN a3 ELSE 0 END) + (CASE WHEN met_from <= 4 AND nlevels >= 4 THEN a4 ELSE 0 END),
         n
  FROM kparts k JOIN tinfo t ON t.rt = k.rt),
h AS (SELECT *, CASE WHEN n > 0 THEN (20000 * c + n) / (2 * n) END AS h FROM lv),
m AS (SELECT vid, grade, prefix || '.mean_scale' AS path,
             CASE WHEN n <= 0 THEN NULL WHEN s >= 0 THEN (20 * s + n) / (2 * n) ELSE -((-20 * s + n) / (2 * n)) END AS t
      FROM kparts)
SELECT vid, grade, path || '.count' AS path, CAST(c AS TEXT) AS value FROM h
UNION ALL SELECT vid, grade, path || '.pct',
  CASE WHEN h IS NULL THEN 'null' WHEN h % 100 = 0 THEN CAST(h / 100 AS TEXT)
       WHEN h % 10 = 0 THEN (h / 100) || '.' || ((h % 100) / 10)
       ELSE (h / 100) || '.' || substr('0' || (h % 100), -2) END FROM h
UNION ALL SELECT vid, grade, path,
  CASE WHEN t IS NULL THEN 'null' ELSE (CASE WHEN t < 0 THEN '-' ELSE '' END) || (abs(t) / 10) || (CASE WHEN abs(t) % 10 = 0 THEN '' ELSE '.' || (abs(t) % 10) END) END FROM m
UNION ALL SELECT vid, grade, 'prior_grade', prior_grade FROM krow
UNION ALL SELECT vid, grade, 'matched', CAST(k_n AS TEXT) FROM krow
UNION ALL SELECT vid, grade, 'suppressed', 'false' FROM krow
UNION ALL SELECT vid, grade, 'same_grade.current.year', CAST(y AS TEXT) FROM krow
UNION ALL SELECT vid, grade, 'same_grade.current.valid', CAST(valid AS TEXT) FROM krow
UNION ALL SELECT vid, grade, 'same_grade.current.grade', grade FROM krow
UNION ALL SELECT vid, grade, 'same_grade.prior.year', CAST(y - 1 AS TEXT) FROM krow
UNION ALL SELECT vid, grade, 'same_grade.prior.valid', CAST(p_valid AS TEXT) FROM krow WHERE has_p
UNION ALL SELECT vid, grade, 'same_grade.prior.grade', grade FROM krow WHERE has_p
UNION ALL SELECT vid, grade, 'same_grade.prior.no_data', 'true' FROM krow WHERE NOT has_p;

-- the lines
DROP TABLE IF EXISTS yrs;
CREATE TABLE yrs(d INTEGER);
INSERT INTO yrs VALUES (0), (1), (2);

CREATE TEMP VIEW lines AS
-- results: the frame
SELECT vid, 'frame' AS r, '-' AS y, 'test' AS f, slug AS val FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'basis', CASE basis WHEN 1 THEN 'enrolled' ELSE 'tested' END FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'year', CAST(coalesce(y, 0) AS TEXT) FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'school', CASE WHEN school = '' THEN 'null' ELSE school END FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'grade', grade FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'group', CAST(grp AS TEXT) FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'suppressed', CASE WHEN sup THEN 'true' ELSE 'false' END FROM v WHERE kind IN ('results', 'dfs', 'cohort')
UNION ALL SELECT vid, 'frame', '-', 'by', by_ FROM v WHERE kind = 'results'
-- results: rows in order, then every year of every row
UNION ALL SELECT vid, rowkey, '-', 'order', CAST(row_number() OVER (PARTITION BY vid ORDER BY ord) - 1 AS TEXT) FROM vrow
UNION ALL
SELECT r.vid, r.rowkey, CAST(v.y - 2 + yrs.d AS TEXT), coalesce(cv.path, 'no_data'), coalesce(cv.value, 'true')
FROM vrow r JOIN v ON v.vid = r.vid JOIN yrs
LEFT JOIN cellval cv ON cv.test = v.rt AND cv.basis = v.basis AND cv.school = r.school AND cv.grade = r.grade
  AND cv.grp = r.grp AND cv.year = v.y - 2 + yrs.d
-- overview: current and prior of each test
UNION ALL SELECT vid, slug, '-', 'order', CAST(row_number() OVER (PARTITION BY vid ORDER BY ord) - 1 AS TEXT) FROM orow
UNION ALL SELECT vid, slug, '-', 'current.year', CAST(y AS TEXT) FROM orow
UNION ALL SELECT vid, slug, '-', 'prior.year', CAST(y - 1 AS TEXT) FROM orow
UNION ALL
SELECT o.vid, o.slug, '-', 'current.' || cv.path, cv.value
FROM orow o JOIN cellval cv ON cv.test = o.rt AND cv.basis = o.basis AND cv.school = o.school
  AND cv.grade = '13' AND cv.grp = 1 AND cv.year = o.y
UNION ALL
SELECT o.vid, o.slug, '-', 'prior.' || coalesce(cv.path, 'no_data'), coalesce(cv.value, 'true')
FROM orow o LEFT JOIN cellval cv ON cv.test = o.rt AND cv.basis = o.basis AND cv.school = o.school
  AND cv.grade = '13' AND cv.grp = 1 AND cv.year = o.y - 1
-- dfs: one row per group
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'order', CAST(row_number() OVER (PARTITION BY vid ORDER BY ord) - 1 AS TEXT) FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'current.n', CASE WHEN has_c THEN CAST(nc AS TEXT) ELSE 'null' END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'prior.n', CASE WHEN has_p THEN CAST(np AS TEXT) ELSE 'null' END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'current.dfs',
  CASE WHEN tc IS NULL THEN 'null' ELSE (CASE WHEN tc < 0 THEN '-' ELSE '' END) || (abs(tc) / 10) || (CASE WHEN abs(tc) % 10 = 0 THEN '' ELSE '.' || (abs(tc) % 10) END) END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'prior.dfs',
  CASE WHEN tp IS NULL THEN 'null' ELSE (CASE WHEN tp < 0 THEN '-' ELSE '' END) || (abs(tp) / 10) || (CASE WHEN abs(tp) % 10 = 0 THEN '' ELSE '.' || (abs(tp) % 10) END) END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'change',
  CASE WHEN tch IS NULL THEN 'null' ELSE (CASE WHEN tch < 0 THEN '-' ELSE '' END) || (abs(tch) / 10) || (CASE WHEN abs(tch) % 10 = 0 THEN '' ELSE '.' || (abs(tch) % 10) END) END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'status_level', CAST(st AS TEXT) FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'status',
  CASE st WHEN 5 THEN 'Very High' WHEN 4 THEN 'High' WHEN 3 THEN 'Medium' WHEN 2 THEN 'Low' WHEN 1 THEN 'Very Low' ELSE 'No Data' END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'change_level', CAST(ch AS TEXT) FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'change_name',
  CASE ch WHEN 5 THEN 'Increased Significantly' WHEN 4 THEN 'Increased' WHEN 3 THEN 'Maintained'
          WHEN 2 THEN 'Declined' WHEN 1 THEN 'Declined Significantly' ELSE 'No Data' END FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'colour', colour FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'current.suppressed', 'false' FROM drow
UNION ALL SELECT vid, CAST(grp AS TEXT), '-', 'prior.suppressed', 'false' FROM drow
-- cohort
UNION ALL SELECT vid, grade, '-', 'order', CAST(row_number() OVER (PARTITION BY vid ORDER BY grade) - 1 AS TEXT) FROM krow
UNION ALL SELECT vid, grade, '-', path, value FROM klines;
