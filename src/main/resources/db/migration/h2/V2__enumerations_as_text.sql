-- Every enumeration becomes text. H2 stores a native ENUM as its ordinal and needs the column's
-- definition to read it back; after a crash that left a transaction uncommitted, H2 2.4 opens the
-- tables without it and returns ordinals ("2") instead of names until the next restart. This
-- migration may itself run in that state: it converts such ordinals back to names, from the column
-- definitions it reads first.
CREATE TABLE enumeration_names AS
SELECT c.table_name, c.column_name, CAST(e.value_ordinal AS VARCHAR(11)) AS ordinal, e.value_name AS name
FROM information_schema.columns c
JOIN information_schema.enum_values e ON e.object_schema = c.table_schema AND e.object_name = c.table_name
    AND e.object_type = 'TABLE' AND e.enum_identifier = c.dtd_identifier
WHERE c.table_schema = SCHEMA();

ALTER TABLE decision_log_entry ALTER COLUMN action SET DATA TYPE VARCHAR(32);
ALTER TABLE decision_log_entry ALTER COLUMN outcome SET DATA TYPE VARCHAR(8);
ALTER TABLE decision_log_entry ALTER COLUMN source SET DATA TYPE VARCHAR(16);
ALTER TABLE liquidation_event ALTER COLUMN side SET DATA TYPE VARCHAR(8);
ALTER TABLE liquidation_event ALTER COLUMN type SET DATA TYPE VARCHAR(32);
ALTER TABLE open_order ALTER COLUMN mode SET DATA TYPE VARCHAR(16);
ALTER TABLE open_order ALTER COLUMN side SET DATA TYPE VARCHAR(8);
ALTER TABLE position ALTER COLUMN mode SET DATA TYPE VARCHAR(16);
ALTER TABLE position ALTER COLUMN side SET DATA TYPE VARCHAR(8);
ALTER TABLE symbol_setting ALTER COLUMN margin_mode SET DATA TYPE VARCHAR(16);

UPDATE decision_log_entry t SET action = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'DECISION_LOG_ENTRY' AND n.column_name = 'ACTION' AND n.ordinal = t.action)
WHERE action IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'DECISION_LOG_ENTRY' AND column_name = 'ACTION');
UPDATE decision_log_entry t SET outcome = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'DECISION_LOG_ENTRY' AND n.column_name = 'OUTCOME' AND n.ordinal = t.outcome)
WHERE outcome IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'DECISION_LOG_ENTRY' AND column_name = 'OUTCOME');
UPDATE decision_log_entry t SET source = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'DECISION_LOG_ENTRY' AND n.column_name = 'SOURCE' AND n.ordinal = t.source)
WHERE source IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'DECISION_LOG_ENTRY' AND column_name = 'SOURCE');
UPDATE liquidation_event t SET side = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'LIQUIDATION_EVENT' AND n.column_name = 'SIDE' AND n.ordinal = t.side)
WHERE side IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'LIQUIDATION_EVENT' AND column_name = 'SIDE');
UPDATE liquidation_event t SET type = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'LIQUIDATION_EVENT' AND n.column_name = 'TYPE' AND n.ordinal = t.type)
WHERE type IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'LIQUIDATION_EVENT' AND column_name = 'TYPE');
UPDATE open_order t SET mode = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'OPEN_ORDER' AND n.column_name = 'MODE' AND n.ordinal = t.mode)
WHERE mode IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'OPEN_ORDER' AND column_name = 'MODE');
UPDATE open_order t SET side = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'OPEN_ORDER' AND n.column_name = 'SIDE' AND n.ordinal = t.side)
WHERE side IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'OPEN_ORDER' AND column_name = 'SIDE');
UPDATE position t SET mode = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'POSITION' AND n.column_name = 'MODE' AND n.ordinal = t.mode)
WHERE mode IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'POSITION' AND column_name = 'MODE');
UPDATE position t SET side = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'POSITION' AND n.column_name = 'SIDE' AND n.ordinal = t.side)
WHERE side IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'POSITION' AND column_name = 'SIDE');
UPDATE symbol_setting t SET margin_mode = (SELECT n.name FROM enumeration_names n
    WHERE n.table_name = 'SYMBOL_SETTING' AND n.column_name = 'MARGIN_MODE' AND n.ordinal = t.margin_mode)
WHERE margin_mode IN (SELECT ordinal FROM enumeration_names WHERE table_name = 'SYMBOL_SETTING' AND column_name = 'MARGIN_MODE');

DROP TABLE enumeration_names;
