package com.riskpolicy.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.OrderSide;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.rules.ShippedRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Previews of actions that leave the account as it is")
class PreviewsTest {

    private final MarginMath math = ShippedRules.active().math();

    private final AccountSnapshot account = new AccountSnapshot("previews",
            Map.of("USDT", d("12000"), "BTC", d("0.3")),
            Map.of("BTCUSDT", MarginMode.ISOLATED),
            Map.of("BTCUSDT", d("10"), "ETHUSDT", d("20")),
            List.of(new Position("BTCUSDT", PositionSide.LONG, d("0.5"), d("60000"), d("10"), MarginMode.ISOLATED, d("3000")),
                    new Position("ETHUSDT", PositionSide.SHORT, d("4"), d("3100"), d("20"), MarginMode.CROSS, BigDecimal.ZERO)),
            List.of(new Order("o-1", "ETHUSDT", OrderSide.SELL, d("1"), d("3200"), d("20"), MarginMode.CROSS)),
            Map.of("BTCUSDT", d("59000.5"), "ETHUSDT", d("3050.25")));

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BTCUSDT", "ETHUSDT"})
    @DisplayName("show the same figures as when the account after is worked out on its own")
    void sameFiguresAsAnEqualAccountAfter(String symbol) {
        Previews.State state = Previews.State.of(math, account);
        Previews.State equalCopy = Previews.State.of(math, account.toBuilder().build());

        assertEquals(Previews.of(math, state, equalCopy, symbol, BigDecimal.ZERO),
                Previews.of(math, state, state.next(math, account), symbol, BigDecimal.ZERO));
    }
}
