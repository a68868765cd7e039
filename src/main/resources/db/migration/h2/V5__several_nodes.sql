-- What several service nodes on one database share (PostgreSQL; on the embedded H2 there is one node,
-- and the same tables keep its margin calls across restarts).

-- Every node reports here, about once a second, the rule set it serves (GET /v1/rules, health).
CREATE TABLE cluster_node (
    node_id VARCHAR(200) NOT NULL PRIMARY KEY,
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    rule_set_revision VARCHAR(80)
);

-- The cluster's active rule set: the activation recorded last, whichever node recorded it. Recorded
-- activations cannot say it by their ids, which each node draws from blocks of its own.
CREATE TABLE active_rule_set (
    name VARCHAR(16) NOT NULL PRIMARY KEY,
    revision_id BIGINT
);
INSERT INTO active_rule_set (name, revision_id) SELECT 'cluster', MAX(id) FROM rule_revision;

-- The margin calls in force: a call is made once, when the risk ratio first reaches the threshold,
-- and not again until it has recovered, on whichever node the tick lands and after a restart.
-- scope: the contract of an isolated position, or '*' for the account's cross book.
CREATE TABLE margin_call (
    account_id VARCHAR(64) NOT NULL,
    scope VARCHAR(32) NOT NULL,
    raised_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, scope)
);

-- Counters that tell a node its copy is out of date. mark_prices: one more for every change of a mark
-- price; its row is also the lock that lets one tick run at a time over all nodes.
CREATE TABLE ledger_epoch (
    name VARCHAR(32) NOT NULL PRIMARY KEY,
    epoch BIGINT NOT NULL
);
INSERT INTO ledger_epoch (name, epoch) VALUES ('mark_prices', 0);
