package com.riskpolicy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.console.RevisionDiff.Row;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two revisions' lines side by side, without a service. */
class RevisionDiffTest {

    private static Row same(int old, int fresh, String text) {
        return new Row(old, text, false, fresh, text, false, 0);
    }

    private static Row folded(int lines) {
        return new Row(null, null, false, null, null, false, lines);
    }

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    @Test
    void a_changed_line_stands_beside_the_line_it_replaces_with_three_lines_of_context() {
        List<Row> rows = RevisionDiff.rows(numbered(1, 20), numbered(1, 9) + "line ten\n" + numbered(11, 20));
        assertEquals(List.of(folded(6), same(7, 7, "line 7"), same(8, 8, "line 8"), same(9, 9, "line 9"),
                new Row(10, "line 10", true, 10, "line ten", true, 0),
                same(11, 11, "line 11"), same(12, 12, "line 12"), same(13, 13, "line 13"), folded(7)), rows);
    }

    @Test
    void lines_added_leave_the_old_side_empty_and_number_the_new_lines_on() {
        List<Row> rows = RevisionDiff.rows("a\nb\n", "a\nnew 1\nnew 2\nb\n");
        assertEquals(List.of(same(1, 1, "a"), new Row(null, null, false, 2, "new 1", true, 0),
                new Row(null, null, false, 3, "new 2", true, 0), same(2, 4, "b")), rows);
    }

    @Test
    void two_lines_replaced_by_one_pair_the_first_and_leave_the_second_alone() {
        List<Row> rows = RevisionDiff.rows("a\nold 1\nold 2\nb", "a\nnew\nb\n");
        assertEquals(List.of(same(1, 1, "a"), new Row(2, "old 1", true, 2, "new", true, 0),
                new Row(3, "old 2", true, null, null, false, 0), same(4, 3, "b")), rows);
    }

    @Test
    void each_file_is_added_removed_or_modified_and_the_others_are_counted_unchanged() {
        RevisionDiff diff = RevisionDiff.between("sha256:old", Map.of("a.drl", "x\n", "b.csv", "h\n1\n", "c.drl", "same\n"),
                "sha256:new", Map.of("b.csv", "h\n2\n", "c.drl", "same\n", "d.drl", "new\n"));
        assertEquals(List.of("a.drl removed", "b.csv modified", "d.drl added"),
                diff.files().stream().map(f -> f.file() + " " + f.change()).toList());
        assertEquals(1, diff.unchanged());
        assertEquals(List.of(new Row(1, "x", true, null, null, false, 0)), diff.files().get(0).rows());
        assertEquals(List.of(new Row(null, null, false, 1, "new", true, 0)), diff.files().get(2).rows());
    }
}
