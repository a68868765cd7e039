-- A proposal's shadow: while it runs, every node decides each live decision a second time on the
-- proposal's candidate and counts where the two agree. One row per proposal ever shadowed; run
-- counts its starts (a shadow started again after a stop starts from zero). It stops when a risk
-- officer stops it (stopped_by) or when the proposal is no longer open (stop_reason, no stopped_by).
CREATE TABLE rule_proposal_shadow (
    proposal_id BIGINT NOT NULL PRIMARY KEY,
    run_number INT NOT NULL,
    started_by VARCHAR(100) NOT NULL,
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    stopped_by VARCHAR(100),
    stopped_at TIMESTAMP(6) WITH TIME ZONE,
    stop_reason VARCHAR(200)
);

-- Each node's tally of a shadow's run, written by that node about every second; the views add
-- the rows of the proposal's current run.
CREATE TABLE rule_proposal_shadow_tally (
    proposal_id BIGINT NOT NULL,
    node_id VARCHAR(200) NOT NULL,
    run_number INT NOT NULL,
    tally JSON NOT NULL,
    written_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (proposal_id, node_id)
);
