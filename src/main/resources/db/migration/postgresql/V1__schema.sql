-- The ledger's whole schema on PostgreSQL, as H2 has it after its V4 (db/migration/h2), in
-- PostgreSQL's types: TIMESTAMPTZ for instants, BYTEA for the compressed documents of the decision
-- log, JSON for the lists of a liquidation event and the files of a rule revision. JSON, not JSONB:
-- JSON keeps a document's text as written, so a decimal reads back with its scale (JSONB keeps
-- numbers as NUMERIC, and 1.5E+3 would read back as 1500); the ledger never queries inside them.
-- Later versions exist under the same number in both folders.
CREATE SEQUENCE balance_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE liquidation_event_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE position_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE rule_revision_seq START WITH 1 INCREMENT BY 50;
CREATE SEQUENCE symbol_setting_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE account (
    account_id VARCHAR(64) NOT NULL PRIMARY KEY,
    created_at TIMESTAMPTZ(6) NOT NULL,
    updated_at TIMESTAMPTZ(6) NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE balance (
    id BIGINT NOT NULL PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    amount NUMERIC(50, 8) NOT NULL,
    currency VARCHAR(16) NOT NULL,
    CONSTRAINT balance_account_currency UNIQUE (account_id, currency)
);

CREATE TABLE symbol_setting (
    id BIGINT NOT NULL PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    leverage NUMERIC(50, 18),
    margin_mode VARCHAR(16),
    symbol VARCHAR(32) NOT NULL,
    CONSTRAINT symbol_setting_account_symbol UNIQUE (account_id, symbol)
);

CREATE TABLE position (
    id BIGINT NOT NULL PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    entry_price NUMERIC(50, 18) NOT NULL,
    isolated_margin NUMERIC(50, 8) NOT NULL,
    leverage NUMERIC(50, 18) NOT NULL,
    mode VARCHAR(16) NOT NULL,
    quantity NUMERIC(50, 18) NOT NULL,
    side VARCHAR(8) NOT NULL,
    symbol VARCHAR(32) NOT NULL,
    CONSTRAINT position_account_symbol UNIQUE (account_id, symbol)
);

CREATE TABLE open_order (
    order_id VARCHAR(36) NOT NULL PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    created_at TIMESTAMPTZ(6) NOT NULL,
    leverage NUMERIC(50, 18) NOT NULL,
    mode VARCHAR(16) NOT NULL,
    price NUMERIC(50, 18) NOT NULL,
    quantity NUMERIC(50, 18) NOT NULL,
    side VARCHAR(8) NOT NULL,
    symbol VARCHAR(32) NOT NULL
);
CREATE INDEX open_order_account ON open_order (account_id);

CREATE TABLE mark_price (
    symbol VARCHAR(32) NOT NULL PRIMARY KEY,
    price NUMERIC(50, 18) NOT NULL,
    updated_at TIMESTAMPTZ(6) NOT NULL
);

CREATE TABLE insurance_fund (
    currency VARCHAR(16) NOT NULL PRIMARY KEY,
    balance NUMERIC(50, 8) NOT NULL,
    updated_at TIMESTAMPTZ(6) NOT NULL
);

CREATE TABLE liquidation_event (
    id BIGINT NOT NULL PRIMARY KEY,
    account_id VARCHAR(64) NOT NULL,
    at TIMESTAMPTZ(6) NOT NULL,
    event_id VARCHAR(36) NOT NULL,
    insurance_fund_delta NUMERIC(50, 8),
    margin_forfeited NUMERIC(50, 8),
    mark_price NUMERIC(50, 18),
    note VARCHAR(500),
    price NUMERIC(50, 8),
    quantity NUMERIC(50, 18),
    realized_pnl NUMERIC(50, 8),
    risk_ratio NUMERIC(50, 8),
    rule VARCHAR(200) NOT NULL,
    rule_set_revision VARCHAR(80) NOT NULL,
    side VARCHAR(8),
    symbol VARCHAR(32),
    type VARCHAR(32) NOT NULL,
    adl_counterparties JSON,
    closed_positions JSON,
    CONSTRAINT liquidation_event_event_id UNIQUE (event_id)
);
CREATE INDEX liquidation_event_account ON liquidation_event (account_id);
CREATE INDEX liquidation_event_symbol ON liquidation_event (symbol);

CREATE TABLE rule_revision (
    id BIGINT NOT NULL PRIMARY KEY,
    activated_at TIMESTAMPTZ(6) NOT NULL,
    activated_by VARCHAR(100) NOT NULL,
    previous_revision VARCHAR(80),
    revision VARCHAR(80) NOT NULL,
    source VARCHAR(16) NOT NULL,
    contents JSON NOT NULL,
    files_changed JSON NOT NULL
);
CREATE INDEX rule_revision_revision ON rule_revision (revision);

-- The decision log is partitioned by the time of each decision, one partition a day (named
-- decision_log_entry_YYYYMMDD, UTC days), which the service creates ahead of time and drops whole
-- once the day is past retention (decisionlog.PostgresPartitions). An entry whose day has no
-- partition goes to the default one, so that an insert never fails for want of one.
-- A partitioned table's primary key must include the partition key, hence (id, at). The id comes
-- from a sequence (PostgreSQL 15 has no identity columns on partitioned tables); rows are inserted
-- without it, as on H2.
CREATE SEQUENCE decision_log_entry_id_seq;
CREATE TABLE decision_log_entry (
    id BIGINT NOT NULL DEFAULT nextval('decision_log_entry_id_seq'),
    account_id VARCHAR(64) NOT NULL,
    action VARCHAR(32) NOT NULL,
    at TIMESTAMPTZ(6) NOT NULL,
    caller VARCHAR(128) NOT NULL,
    decision_id VARCHAR(36) NOT NULL,
    decision_deflated BYTEA NOT NULL,
    fired_rules VARCHAR(8000),
    input_deflated BYTEA NOT NULL,
    latency_nanos BIGINT NOT NULL,
    outcome VARCHAR(8) NOT NULL,
    rule_set_revision VARCHAR(80) NOT NULL,
    source VARCHAR(16) NOT NULL,
    symbol VARCHAR(32),
    violation_codes VARCHAR(2000),
    warning_codes VARCHAR(2000),
    CONSTRAINT decision_log_entry_pkey PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
ALTER SEQUENCE decision_log_entry_id_seq OWNED BY decision_log_entry.id;
CREATE TABLE decision_log_entry_default PARTITION OF decision_log_entry DEFAULT;
-- The indexes of H2's V3, on every partition
CREATE INDEX decision_log_entry_decision ON decision_log_entry (decision_id);
CREATE INDEX decision_log_entry_account ON decision_log_entry (account_id, at, id);
CREATE INDEX decision_log_entry_at ON decision_log_entry (at, id);
