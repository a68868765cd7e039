package com.riskpolicy.console;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.riskpolicy.ruleops.RuleRevisions;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changes from one revision's files to another's, for reading side by side: each file added,
 * removed or modified ({@link RuleRevisions#changes}, as an activation records it), and its lines
 * old | new, as java-diff-utils (the proposals' diff library) pairs them, with a few unchanged lines
 * of context around each change.
 *
 * @param unchanged how many files both revisions hold alike
 */
@TemplateData
public record RevisionDiff(String from, String to, List<FileDiff> files, int unchanged) {

    /** Unchanged lines shown before and after a change; longer unchanged runs are folded. */
    static final int CONTEXT = 3;

    /** One file's change ({@code added}, {@code removed}, {@code modified}) and its lines side by side. */
    @TemplateData
    public record FileDiff(String file, String change, List<Row> rows) {
    }

    /**
     * A row of the side-by-side view. Either side may be empty (null number) where the other gained
     * or lost lines; {@code removed} and {@code added} mark the sides that differ; {@code folded} &gt; 0
     * makes the row stand for that many unchanged lines that are not shown.
     */
    @TemplateData
    public record Row(Integer oldNumber, String oldText, boolean removed, Integer newNumber, String newText, boolean added,
                      int folded) {

        boolean changed() {
            return removed || added;
        }
    }

    /** From {@code before} (revision {@code from}; empty: no files) to {@code after} (revision {@code to}). */
    static RevisionDiff between(String from, Map<String, String> before, String to, Map<String, String> after) {
        List<FileDiff> files = new ArrayList<>();
        for (RuleRevisions.FileChange change : RuleRevisions.changes(before, after)) {
            files.add(new FileDiff(change.file(), change.change().toLowerCase(Locale.ROOT),
                    rows(before.get(change.file()), after.get(change.file()))));
        }
        TreeSet<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        return new RevisionDiff(from, to, files, all.size() - files.size());
    }

    /** The lines of {@code before} and {@code after} (null: no file) side by side, unchanged runs folded. */
    static List<Row> rows(String before, String after) {
        List<String> old = RuleFileView.lines(before);
        List<String> fresh = RuleFileView.lines(after);
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(old, fresh).getDeltas()) {
            for (; i < delta.getSource().getPosition(); i++, j++) {
                rows.add(new Row(i + 1, old.get(i), false, j + 1, fresh.get(j), false, 0));
            }
            int removed = delta.getSource().size();
            int added = delta.getTarget().size();
            for (int k = 0; k < Math.max(removed, added); k++) {
                boolean left = k < removed;
                boolean right = k < added;
                rows.add(new Row(left ? i + k + 1 : null, left ? old.get(i + k) : null, left,
                        right ? j + k + 1 : null, right ? fresh.get(j + k) : null, right, 0));
            }
            i += removed;
            j += added;
        }
        for (; i < old.size(); i++, j++) {
            rows.add(new Row(i + 1, old.get(i), false, j + 1, fresh.get(j), false, 0));
        }
        return folded(rows);
    }

    /** Keeps {@link #CONTEXT} unchanged rows around each changed one; each longer run becomes one folded row. */
    private static List<Row> folded(List<Row> rows) {
        boolean[] shown = new boolean[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).changed()) {
                for (int c = Math.max(0, r - CONTEXT); c <= Math.min(rows.size() - 1, r + CONTEXT); c++) {
                    shown[c] = true;
                }
            }
        }
        List<Row> out = new ArrayList<>();
        int hidden = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (shown[r]) {
                if (hidden > 0) {
                    out.add(new Row(null, null, false, null, null, false, hidden));
                    hidden = 0;
                }
                out.add(rows.get(r));
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            out.add(new Row(null, null, false, null, null, false, hidden));
        }
        return out;
    }
}
