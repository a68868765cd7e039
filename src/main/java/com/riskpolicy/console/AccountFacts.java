package com.riskpolicy.console;

import static com.riskpolicy.domain.Display.plain;

import com.riskpolicy.api.ApiRequests.OrderFact;
import com.riskpolicy.api.ApiRequests.PositionFact;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account of the ledger written as the facts of a stateless decision, for the what-if page's
 * script to send with each question: decimals as strings, as the API reads them.
 */
final class AccountFacts {

    private AccountFacts() {
    }

    /**
     * The account as the facts of {@code POST /v1/decisions}: its balances, modes, leverages,
     * positions, orders and the mark prices of its position's symbols (a symbol without a mark price
     * yet is valued at its entry price, as the ledger values it).
     */
    static Map<String, Object> of(AccountSnapshot account, String symbol) {
        Map<String, String> balances = new TreeMap<>();
        account.balances().forEach((currency, amount) -> balances.put(currency, plain(amount)));
        Map<String, String> modes = new TreeMap<>();
        account.marginModes().forEach((listed, mode) -> modes.put(listed, mode.name()));
        Map<String, String> leverages = new TreeMap<>();
        account.leverages().forEach((listed, leverage) -> leverages.put(listed, plain(leverage)));
        Map<String, String> marks = new TreeMap<>();
        account.markPrices().forEach((listed, price) -> marks.put(listed, plain(price)));
        List<PositionFact> positions = new ArrayList<>();
        for (Position p : account.positions()) {
            modes.put(p.symbol(), p.mode().name());
            marks.put(p.symbol(), plain(MarginMath.markPrice(account, p)));
            positions.add(new PositionFact(p.symbol(), p.side(), p.quantity(), p.entryPrice(), p.leverage(), p.mode(),
                    p.isIsolated() ? p.isolatedMargin() : null));
        }
        modes.putIfAbsent(symbol, account.marginMode(symbol).name());
        List<OrderFact> orders = account.orders().stream().map(o -> new OrderFact(o.orderId(), o.symbol(), o.side(),
                o.quantity(), o.price(), o.leverage())).toList();
        account.orders().forEach(o -> modes.putIfAbsent(o.symbol(), o.mode().name()));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("account", Map.of("accountId", account.accountId(), "balances", balances));
        facts.put("marginModes", modes);
        facts.put("leverages", leverages);
        facts.put("positions", positions.stream().map(AccountFacts::fact).toList());
        facts.put("orders", orders.stream().map(AccountFacts::fact).toList());
        facts.put("markPrices", marks);
        return facts;
    }

    private static Map<String, String> fact(PositionFact p) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("symbol", p.symbol());
        out.put("side", p.side().name());
        out.put("quantity", plain(p.quantity()));
        out.put("entryPrice", plain(p.entryPrice()));
        out.put("leverage", plain(p.leverage()));
        out.put("mode", p.mode().name());
        if (p.isolatedMargin() != null) {
            out.put("isolatedMargin", plain(p.isolatedMargin()));
        }
        return out;
    }

    private static Map<String, String> fact(OrderFact o) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("orderId", o.orderId());
        out.put("symbol", o.symbol());
        out.put("side", o.side().name());
        out.put("quantity", plain(o.quantity()));
        out.put("price", plain(o.price()));
        out.put("leverage", plain(o.leverage()));
        return out;
    }

}
