-- The decision log's ids come from the table's identity sequence. H2 reserves them 32 at a time
-- (its default cache) and records each reservation with a commit of its own, which with
-- WRITE_DELAY=0 writes a chunk of the file: at 10,000 logged checks a second, about 300 extra chunks
-- a second, a tenth of the service's CPU under check load (BENCHMARKS.md, HTTP checks beside their
-- baseline). A thousand at a time makes that about 10. A crash skips what was reserved and not used
-- (the next id after a restart lies beyond every id handed out), so ids keep growing; they were
-- never without gaps.
ALTER TABLE decision_log_entry ALTER COLUMN id SET CACHE 1000;
