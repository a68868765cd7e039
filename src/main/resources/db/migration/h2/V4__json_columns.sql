-- The lists of a liquidation event and the files of a rule revision become JSON columns, which
-- Hibernate maps to typed attributes. Release 0.1 wrote them as JSON text in CLOBs. H2 converts a
-- character string to JSON as a JSON *string* (ALTER COLUMN ... SET DATA TYPE JSON would keep
-- '"[{\"accountId\": ...}]"'), so every column is copied into a new one with FORMAT JSON, which
-- parses the text as the document it is. H2 keeps a number's digits and scale as written
-- (0.50000000 stays 0.50000000), so decimals read back as the same BigDecimal.
ALTER TABLE liquidation_event ADD COLUMN adl_counterparties_json JSON;
ALTER TABLE liquidation_event ADD COLUMN closed_positions_json JSON;
UPDATE liquidation_event SET adl_counterparties_json = adl_counterparties FORMAT JSON,
    closed_positions_json = closed_positions FORMAT JSON;
ALTER TABLE liquidation_event DROP COLUMN adl_counterparties;
ALTER TABLE liquidation_event DROP COLUMN closed_positions;
ALTER TABLE liquidation_event ALTER COLUMN adl_counterparties_json RENAME TO adl_counterparties;
ALTER TABLE liquidation_event ALTER COLUMN closed_positions_json RENAME TO closed_positions;

ALTER TABLE rule_revision ADD COLUMN contents_json JSON;
ALTER TABLE rule_revision ADD COLUMN files_changed_json JSON;
UPDATE rule_revision SET contents_json = contents FORMAT JSON, files_changed_json = files_changed FORMAT JSON;
ALTER TABLE rule_revision DROP COLUMN contents;
ALTER TABLE rule_revision DROP COLUMN files_changed;
ALTER TABLE rule_revision ALTER COLUMN contents_json RENAME TO contents;
ALTER TABLE rule_revision ALTER COLUMN files_changed_json RENAME TO files_changed;
ALTER TABLE rule_revision ALTER COLUMN contents SET NOT NULL;
ALTER TABLE rule_revision ALTER COLUMN files_changed SET NOT NULL;
