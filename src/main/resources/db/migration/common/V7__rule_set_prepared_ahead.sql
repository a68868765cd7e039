-- A rule set on its way to every node. The node that activates one writes it here first; every live
-- node compiles and self-tests it ahead and reports it prepared (cluster_node.prepared_revision);
-- then the activation is recorded, and every node switches to what it has ready at its next look.
CREATE TABLE rule_set_candidate (
    name VARCHAR(16) NOT NULL PRIMARY KEY,
    revision VARCHAR(80) NOT NULL,
    contents JSON NOT NULL,
    proposed_by VARCHAR(200) NOT NULL,
    proposed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

ALTER TABLE cluster_node ADD COLUMN prepared_revision VARCHAR(80);
