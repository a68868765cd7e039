package com.riskpolicy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule file shown readably, without a service. */
class RuleFileViewTest {

    private static final String DRL = """
            package policy.example;

            rule "A risk ratio of 100 % liquidates the position's margin"
            when
            then
            end

              rule "A risk ratio of 100 % liquidates the position's margin!"
            end
            // rule "Not a rule: a comment"
            """;

    @Test
    void each_rule_a_drl_file_declares_has_an_anchor_made_of_its_name() {
        RuleFileView view = RuleFileView.of("liquidation.drl", DRL);
        assertEquals("text", view.kind());
        assertEquals(10, view.lines().size());
        assertEquals(List.of(3, 8), view.declarations().stream().map(RuleFileView.Line::number).toList());
        assertEquals("rule-a-risk-ratio-of-100-liquidates-the-position-s-margin",
                view.anchorOf("A risk ratio of 100 % liquidates the position's margin"));
        assertEquals("rule-a-risk-ratio-of-100-liquidates-the-position-s-margin-2",
                view.anchorOf("A risk ratio of 100 % liquidates the position's margin!"), "two names alike get anchors apart");
        assertNull(view.anchorOf("Not a rule: a comment"));
        assertNull(view.lines().get(0).anchor());
    }

    @Test
    void a_csv_table_is_its_header_and_rows_read_as_the_rules_read_them() {
        RuleFileView view = RuleFileView.of("examples/leverage.csv",
                "\uFEFFexample,expect\r\n\"A value of 60,000 is in tier 2\",DENY\r\n\r\nplain,ALLOW\r\n");
        assertEquals("csv", view.kind());
        assertEquals(List.of("example", "expect"), view.header());
        assertEquals(List.of(List.of("A value of 60,000 is in tier 2", "DENY"), List.of("plain", "ALLOW")), view.rows());
    }

    @Test
    void other_text_is_numbered_lines() {
        RuleFileView view = RuleFileView.of("notes.txt", "one\r\ntwo");
        assertEquals(List.of("one", "two"), view.lines().stream().map(RuleFileView.Line::text).toList());
        assertEquals(List.of(), view.header());
    }
}
