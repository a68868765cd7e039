-- Proposed rule changes, kept in the database so that any node shows, approves or activates them.
-- A proposal is the files of a candidate rule set against the revision it was proposed on; it is
-- activated once enough risk officers other than its proposer approved it (approvals: a JSON list of
-- who and when). Its impact on the logged decisions is computed in the background by the node that
-- stored it (impact_status PENDING, then READY with the report, or FAILED; NONE for an invalid one).
CREATE SEQUENCE rule_proposal_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE rule_proposal (
    id BIGINT NOT NULL PRIMARY KEY,
    status VARCHAR(16) NOT NULL,
    proposed_by VARCHAR(100) NOT NULL,
    proposed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason VARCHAR(2000) NOT NULL,
    base_revision VARCHAR(80) NOT NULL,
    revision VARCHAR(80) NOT NULL,
    contents JSON NOT NULL,
    files_changed JSON NOT NULL,
    errors JSON NOT NULL,
    self_test VARCHAR(8) NOT NULL,
    impact_status VARCHAR(8) NOT NULL,
    impact JSON,
    impact_error VARCHAR(2000),
    approvals JSON NOT NULL,
    decided_by VARCHAR(100),
    decided_at TIMESTAMP(6) WITH TIME ZONE,
    decision_reason VARCHAR(2000)
);
CREATE INDEX rule_proposal_status ON rule_proposal (status, proposed_at);

-- An activation that came from a proposal names it, with its reason and who approved it
ALTER TABLE rule_revision ADD COLUMN proposal_id BIGINT;
ALTER TABLE rule_revision ADD COLUMN reason VARCHAR(2000);
ALTER TABLE rule_revision ADD COLUMN approved_by VARCHAR(1000);
