package com.riskpolicy.rules;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.RiskCatalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the policy example tables ({@code examples/*.csv}): one example per row, an account in a few
 * columns, the action, and what the rules must decide. Blank cells mean "none" (no position, no
 * orders, no violation). Every mistake names its file, line and column, as the rule tables' do.
 *
 * <pre>
 * example,action,symbol,wallet,margin_mode,leverage,position,isolated_margin,open_orders,cross_positions,mark_price,
 *   side,quantity,price,amount,currency,to_mode,to_leverage,expect,violations,warnings,rules
 * </pre>
 */
public final class ExampleTables {

    static final List<String> REQUIRED = List.of("example", "action", "symbol", "expect");
    static final List<String> COLUMNS = List.of("example", "action", "symbol", "wallet", "margin_mode", "leverage",
            "position", "isolated_margin", "open_orders", "cross_positions", "mark_price", "side", "quantity", "price", "amount",
            "currency", "to_mode", "to_leverage", "expect", "violations", "warnings", "rules");
    private static final String ACCOUNT = "example";
    private static final Pattern POSITION = Pattern.compile("(LONG|SHORT)\\s+(\\S+)\\s*@\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER = Pattern.compile("(BUY|SELL)\\s+(\\S+)\\s*@\\s*(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CROSS_POSITION = Pattern.compile(
            "(\\S+)\\s+(LONG|SHORT)\\s+(\\S+)\\s*@\\s*(\\S+)(?:\\s+x(\\S+))?(?:\\s+mark\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BALANCE = Pattern.compile("(\\S+)\\s+([A-Za-z0-9]+)");
    private static final Pattern LIST = Pattern.compile("\\s*;\\s*");

    private final RiskCatalog catalog;
    private final List<RuleError> errors;

    private ExampleTables(RiskCatalog catalog, List<RuleError> errors) {
        this.catalog = catalog;
        this.errors = errors;
    }

    /** Every example of the tables in {@code files}; mistakes are added to {@code errors} and their rows left out. */
    public static List<PolicyExample> read(RuleFiles files, RiskCatalog catalog, List<RuleError> errors) {
        ExampleTables tables = new ExampleTables(catalog, errors);
        List<PolicyExample> examples = new ArrayList<>();
        files.examples().forEach((name, text) -> examples.addAll(tables.table(name, text)));
        return examples;
    }

    private List<PolicyExample> table(String file, String text) {
        CsvTable table = CsvTable.parse(file, text, REQUIRED, errors);
        table.columns().forEach((column, cell) -> {
            if (!column.isEmpty() && !COLUMNS.contains(column)) {
                errors.add(new RuleError(file, cell.line(), cell.column(), "unknown column '" + column + "'; the columns are "
                        + COLUMNS));
            }
        });
        List<PolicyExample> examples = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            int before = errors.size();
            PolicyExample example = example(file, row);
            if (errors.size() == before && example != null) {
                examples.add(example);
            }
        }
        return examples;
    }

    private PolicyExample example(String file, CsvTable.Row row) {
        String name = row.text("example");
        if (name.isEmpty()) {
            row.error(row.cell("example"), "the example has no name");
        }
        Optional<Contract> contract = catalog.contract(row.text("symbol"));
        if (contract.isEmpty()) {
            row.error(row.cell("symbol"), "no contract '" + row.text("symbol") + "' in contracts.csv");
            return null;
        }
        String symbol = contract.get().symbol();
        String actionName = row.text("action").toUpperCase(Locale.ROOT);
        boolean tick = actionName.equals(PolicyExample.MARK_PRICE);
        Action action = tick ? null : choice(row, "action", Action.class);
        if (!tick && action == null) {
            return null;
        }
        AccountSnapshot account = account(row, contract.get());
        ActionRequest request = tick ? null : request(row, action, symbol);
        BigDecimal tickPrice = tick ? required(row, "mark_price") : null;
        String expected = row.text("expect").toUpperCase(Locale.ROOT);
        List<String> allowed = tick ? PolicyExample.TICK_OUTCOMES : List.of("ALLOW", "DENY");
        if (!allowed.contains(expected)) {
            row.error(row.cell("expect"), "expect must be one of " + allowed + " for " + row.text("action")
                    + ", got '" + row.text("expect") + "'");
        }
        SortedSet<String> violations = new TreeSet<>(list(row, "violations"));
        if (expected.equals("DENY") && violations.isEmpty()) {
            row.error(row.cell("violations"), "a DENY example names the violation codes it expects");
        } else if (!expected.equals("DENY") && !violations.isEmpty()) {
            row.error(row.cell("violations"), "only a DENY example expects violations");
        }
        if (account == null || (!tick && request == null)) {
            return null;
        }
        return new PolicyExample(file, row.line(), name, symbol, account, request, tickPrice, expected, violations,
                new TreeSet<>(list(row, "warnings")), list(row, "rules"));
    }

    /** The example account: its wallet, the contract's settings, at most one position and its open orders. */
    private AccountSnapshot account(CsvTable.Row row, Contract contract) {
        String symbol = contract.symbol();
        Map<String, BigDecimal> wallet = wallet(row);
        MarginMode mode = row.text("margin_mode").isEmpty() ? MarginMode.CROSS : choice(row, "margin_mode", MarginMode.class);
        BigDecimal leverage = row.text("leverage").isEmpty() ? null : positive(row, "leverage");
        BigDecimal held = leverage != null ? leverage : catalog.defaultLeverage();
        List<Position> positions = new ArrayList<>();
        if (!row.text("position").isEmpty()) {
            Matcher matcher = POSITION.matcher(row.text("position"));
            if (!matcher.matches()) {
                row.error(row.cell("position"), "position must read like 'LONG 1 @ 20000' (side quantity @ entry price)");
            } else {
                BigDecimal margin = mode == MarginMode.ISOLATED ? required(row, "isolated_margin") : BigDecimal.ZERO;
                BigDecimal quantity = decimal(row, "position", matcher.group(2));
                BigDecimal entry = decimal(row, "position", matcher.group(3));
                if (quantity != null && entry != null && margin != null && mode != null) {
                    positions.add(new Position(symbol, PositionSide.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)),
                            quantity, entry, held, mode, margin));
                }
            }
        } else if (!row.text("isolated_margin").isEmpty()) {
            row.error(row.cell("isolated_margin"), "isolated_margin needs a position");
        }
        List<Order> orders = new ArrayList<>();
        List<String> openOrders = list(row, "open_orders");
        for (int i = 0; i < openOrders.size(); i++) {
            Matcher matcher = ORDER.matcher(openOrders.get(i));
            BigDecimal quantity = matcher.matches() ? decimal(row, "open_orders", matcher.group(2)) : null;
            BigDecimal price = matcher.matches() ? decimal(row, "open_orders", matcher.group(3)) : null;
            if (!matcher.matches()) {
                row.error(row.cell("open_orders"), "an open order must read like 'BUY 1 @ 19000', orders separated by ';'");
            } else if (quantity != null && price != null && mode != null) {
                orders.add(new Order("order-" + (i + 1), symbol, OrderSide.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)),
                        quantity, price, held, mode));
            }
        }
        Map<String, BigDecimal> marks = new HashMap<>();
        Map<String, BigDecimal> leverages = new HashMap<>();
        if (leverage != null) {
            leverages.put(symbol, leverage);
        }
        crossPositions(row, symbol, positions, leverages, marks);
        if (!row.text("mark_price").isEmpty()) {
            BigDecimal mark = positive(row, "mark_price");
            if (mark != null) {
                marks.put(symbol, mark);
            }
        }
        if (wallet == null || mode == null) {
            return null;
        }
        return new AccountSnapshot(ACCOUNT, wallet, Map.of(symbol, mode), leverages, positions, orders, marks);
    }

    /**
     * {@code ETHUSDT LONG 10 @ 3000 x10 mark 2500}: cross positions in other contracts, which share the
     * cross wallet with the example's (the leverage defaults to the default leverage, the mark price
     * to the entry price).
     */
    private void crossPositions(CsvTable.Row row, String symbol, List<Position> positions, Map<String, BigDecimal> leverages,
                                Map<String, BigDecimal> marks) {
        for (String entry : list(row, "cross_positions")) {
            Matcher matcher = CROSS_POSITION.matcher(entry);
            if (!matcher.matches()) {
                row.error(row.cell("cross_positions"), "a cross position must read like 'ETHUSDT LONG 10 @ 3000 x10 mark 2500'"
                        + " (leverage and mark optional), positions separated by ';'");
                continue;
            }
            Optional<Contract> other = catalog.contract(matcher.group(1).toUpperCase(Locale.ROOT));
            if (other.isEmpty() || other.get().symbol().equals(symbol)) {
                row.error(row.cell("cross_positions"), "'" + matcher.group(1) + "' must be another contract of contracts.csv");
                continue;
            }
            BigDecimal quantity = decimal(row, "cross_positions", matcher.group(3));
            BigDecimal entryPrice = decimal(row, "cross_positions", matcher.group(4));
            BigDecimal leverage = matcher.group(5) == null ? catalog.defaultLeverage() : decimal(row, "cross_positions", matcher.group(5));
            BigDecimal mark = matcher.group(6) == null ? entryPrice : decimal(row, "cross_positions", matcher.group(6));
            if (quantity == null || entryPrice == null || leverage == null || mark == null) {
                continue;
            }
            String otherSymbol = other.get().symbol();
            positions.add(new Position(otherSymbol, PositionSide.valueOf(matcher.group(2).toUpperCase(Locale.ROOT)), quantity,
                    entryPrice, leverage, MarginMode.CROSS, BigDecimal.ZERO));
            leverages.put(otherSymbol, leverage);
            marks.put(otherSymbol, mark);
        }
    }

    /** {@code 10000 USDT; 0.5 BTC}: amounts by currency; blank for an empty wallet. */
    private Map<String, BigDecimal> wallet(CsvTable.Row row) {
        Map<String, BigDecimal> wallet = new HashMap<>();
        for (String entry : list(row, "wallet")) {
            Matcher matcher = BALANCE.matcher(entry);
            if (!matcher.matches()) {
                row.error(row.cell("wallet"), "wallet must read like '10000 USDT; 0.5 BTC', got '" + entry + "'");
                return null;
            }
            String currency = matcher.group(2).toUpperCase(Locale.ROOT);
            if (!catalog.collateral().containsKey(currency)) {
                row.error(row.cell("wallet"), "no currency '" + currency + "' in collateral.csv");
                return null;
            }
            BigDecimal amount = decimal(row, "wallet", matcher.group(1));
            if (amount == null) {
                return null;
            }
            wallet.merge(currency, amount, Money::add);
        }
        return wallet;
    }

    private ActionRequest request(CsvTable.Row row, Action action, String symbol) {
        return switch (action) {
            case SWITCH_MARGIN_MODE -> {
                MarginMode target = choice(row, "to_mode", MarginMode.class);
                yield target == null ? null : new ActionRequest.SwitchMarginMode(symbol, target);
            }
            case OPEN_POSITION, PLACE_ORDER -> {
                PositionSide side = choice(row, "side", PositionSide.class);
                BigDecimal quantity = required(row, "quantity");
                BigDecimal price = required(row, "price");
                BigDecimal leverage = row.text("to_leverage").isEmpty() ? null : positive(row, "to_leverage");
                yield side == null || quantity == null || price == null ? null
                        : new ActionRequest.OpenPosition(action, symbol, side, quantity, price, leverage);
            }
            case ADD_MARGIN, REMOVE_MARGIN -> {
                BigDecimal amount = required(row, "amount");
                String currency = row.text("currency").isEmpty() ? null : row.text("currency").toUpperCase(Locale.ROOT);
                yield amount == null ? null : new ActionRequest.AdjustMargin(action, symbol, amount, currency);
            }
            case ADJUST_LEVERAGE -> {
                BigDecimal leverage = required(row, "to_leverage");
                yield leverage == null ? null : new ActionRequest.AdjustLeverage(symbol, leverage);
            }
        };
    }

    /** A positive decimal the row must have. */
    private static BigDecimal required(CsvTable.Row row, String column) {
        if (row.text(column).isEmpty()) {
            row.error(row.cell(column), column + " is required for " + row.text("action"));
            return null;
        }
        return positive(row, column);
    }

    private static BigDecimal positive(CsvTable.Row row, String column) {
        BigDecimal value = row.decimal(column);
        if (value != null && value.signum() <= 0) {
            row.error(row.cell(column), column + " must be above 0, got " + value.toPlainString());
            return null;
        }
        return value;
    }

    private static BigDecimal decimal(CsvTable.Row row, String column, String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            row.error(row.cell(column), column + ": '" + text + "' is not a decimal number");
            return null;
        }
    }

    private static <E extends Enum<E>> E choice(CsvTable.Row row, String column, Class<E> type) {
        String text = row.text(column).toUpperCase(Locale.ROOT);
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        List<String> names = new ArrayList<>(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
        if (column.equals("action")) {
            names.add(PolicyExample.MARK_PRICE);
        }
        row.error(row.cell(column), column + " must be one of " + names + ", got '" + row.text(column) + "'");
        return null;
    }

    /** A cell of values separated by ';', blank for none. */
    private static List<String> list(CsvTable.Row row, String column) {
        String text = row.text(column);
        return text.isEmpty() ? List.of() : Arrays.stream(LIST.split(text)).filter(value -> !value.isBlank()).toList();
    }
}
