-- agg_check.sql - the stored aggregate cells (score_agg) against the recomputed "cell"
-- table (cells.sql): every cell of the LEA's current uploads, every value column. Prints
-- one line per difference: side (sql = only in the recomputation, agg = only in
-- score_agg), then the key and the 57 values.
DROP TABLE IF EXISTS agg_mine;
CREATE TEMP TABLE agg_mine AS
SELECT test, basis, year, school, grade, grp, enrolled, tested, valid, l1, l2, l3, l4, scale_sum,
  dfs_sum, dfs_n, c1_1, c1_2, c1_3, c2_1, c2_2, c2_3, c3_1, c3_2, c3_3, c4_1, c4_2, c4_3,
  d1_1, d1_2, d1_3, d2_1, d2_2, d2_3, d3_1, d3_2, d3_3, d4_1, d4_2, d4_3,
  o1, o2, o3, o4, w1, w2, w3, w4, oral_sum, oral_n, written_sum, written_n,
  k_n, kp1, kp2, kp3, kp4, kp_sum, k1, k2, k3, k4, k_sum
FROM cell;
DROP TABLE IF EXISTS agg_theirs;
CREATE TEMP TABLE agg_theirs AS
SELECT test, basis, year, school, grade, grp, enrolled, tested, valid, l1, l2, l3, l4, scale_sum,
  dfs_sum, dfs_n, c1_1, c1_2, c1_3, c2_1, c2_2, c2_3, c3_1, c3_2, c3_3, c4_1, c4_2, c4_3,
  d1_1, d1_2, d1_3, d2_1, d2_2, d2_3, d3_1, d3_2, d3_3, d4_1, d4_2, d4_3,
  o1, o2, o3, o4, w1, w2, w3, w4, oral_sum, oral_n, written_sum, written_n,
  k_n, kp1, kp2, kp3, kp4, kp_sum, k1, k2, k3, k4, k_sum
FROM app.score_agg WHERE lea = (SELECT lea FROM param);
SELECT 'cells ' || (SELECT count(*) FROM agg_mine) || ' ' || (SELECT count(*) FROM agg_theirs);
SELECT 'sql', * FROM (SELECT * FROM agg_mine EXCEPT SELECT * FROM agg_theirs)
UNION ALL
SELECT 'agg', * FROM (SELECT * FROM agg_theirs EXCEPT SELECT * FROM agg_mine)
ORDER BY 2, 3, 4, 5, 6, 7, 8, 1;
