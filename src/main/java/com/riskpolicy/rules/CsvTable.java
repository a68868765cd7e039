package com.riskpolicy.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV table as a spreadsheet saves it (optional byte-order mark, CRLF or LF, quoted fields),
 * read by header name, every cell remembering its line and column for error messages.
 */
public final class CsvTable {

    record Cell(String text, int line, int column) {
    }

    final class Row {
        private final int line;
        private final List<Cell> cells;

        private Row(int line, List<Cell> cells) {
            this.line = line;
            this.cells = cells;
        }

        int line() {
            return line;
        }

        /** The row's cell of {@code column}; an empty one when the row is short or the table has no such column. */
        Cell cell(String column) {
            Integer index = header.get(column);
            return index != null && index < cells.size() ? cells.get(index) : new Cell("", line, 1);
        }

        String text(String column) {
            return cell(column).text().trim();
        }

        /** The cell as a decimal, or null after recording an error. */
        BigDecimal decimal(String column) {
            Cell cell = cell(column);
            try {
                return new BigDecimal(cell.text().trim());
            } catch (NumberFormatException e) {
                error(cell, column + " must be a decimal number, got '" + cell.text().trim() + "'");
                return null;
            }
        }

        void error(Cell cell, String message) {
            errors.add(new RuleError(file, cell.line(), cell.column(), message));
        }

        void error(String message) {
            errors.add(new RuleError(file, line, 1, message));
        }
    }

    private final String file;
    private final List<RuleError> errors;
    private final Map<String, Integer> header = new HashMap<>();
    private final Map<String, Cell> columns = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();

    private CsvTable(String file, List<RuleError> errors) {
        this.file = file;
        this.errors = errors;
    }

    /**
     * Parses {@code text}; problems, including a missing required column, are added to {@code errors}.
     * Returns an empty table when the header is unusable.
     */
    static CsvTable parse(String file, String text, List<String> requiredColumns, List<RuleError> errors) {
        CsvTable table = new CsvTable(file, errors);
        List<List<Cell>> lines = split(text);
        if (lines.isEmpty()) {
            errors.add(new RuleError(file, 1, 1, "empty table: expected a header row " + requiredColumns));
            return table;
        }
        List<Cell> headerCells = lines.get(0);
        for (int i = 0; i < headerCells.size(); i++) {
            table.header.put(headerCells.get(i).text().trim().toLowerCase(), i);
            table.columns.put(headerCells.get(i).text().trim().toLowerCase(), headerCells.get(i));
        }
        boolean complete = true;
        for (String column : requiredColumns) {
            if (!table.header.containsKey(column)) {
                errors.add(new RuleError(file, headerCells.get(0).line(), 1,
                        "missing column '" + column + "' in the header; expected " + requiredColumns));
                complete = false;
            }
        }
        if (complete) {
            for (List<Cell> cells : lines.subList(1, lines.size())) {
                table.rows.add(table.new Row(cells.get(0).line(), cells));
            }
        }
        return table;
    }

    List<Row> rows() {
        return rows;
    }

    /**
     * The lines of {@code text} that hold something, each as its cells' text, the header first: the
     * table as the rules read it, for showing it (a blank line is left out, as the rules skip it).
     */
    public static List<List<String>> lines(String text) {
        return split(text).stream().map(cells -> cells.stream().map(Cell::text).toList()).toList();
    }

    /** The header's column names, lower case, each with the cell that names it. */
    Map<String, Cell> columns() {
        return columns;
    }

    private static List<List<Cell>> split(String text) {
        List<List<Cell>> lines = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int lineNumber = 1;
        List<Cell> cells = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int fieldColumn = 1;
        int column = 1;
        boolean quoted = false;
        int i = start;
        while (i <= text.length()) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    column += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(new Cell(field.toString(), lineNumber, fieldColumn));
                field.setLength(0);
                fieldColumn = column + 1;
            } else if (c == '\n' || c == '\r') {
                cells.add(new Cell(field.toString(), lineNumber, fieldColumn));
                if (cells.stream().anyMatch(cell -> !cell.text().isBlank())) {
                    lines.add(cells);
                }
                cells = new ArrayList<>();
                field.setLength(0);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lineNumber++;
                column = 0;
                fieldColumn = 1;
            } else {
                field.append(c);
            }
            i++;
            column++;
        }
        return lines;
    }
}
