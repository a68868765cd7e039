-- What a proposal's policy examples found when it was proposed: how many pass, the failures at their
-- file and line, and the rules no example fires (null for a proposal that does not compile)
ALTER TABLE rule_proposal ADD COLUMN examples JSON;
