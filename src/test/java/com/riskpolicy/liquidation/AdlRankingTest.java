package com.riskpolicy.liquidation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.AdlRanking.Placed;
import com.riskpolicy.liquidation.AdlRanking.Ranked;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §3.6: ADL rank and indicator. */
class AdlRankingTest {

    private static Ranked ranked(String account, String rank) {
        return new Ranked(account, PositionSide.SHORT, BigDecimal.ONE, new BigDecimal(rank));
    }

    @Test
    void a_profitable_position_ranks_by_pnl_percent_times_effective_leverage() {
        // SHORT 4 @ 2,100 with 840 at 1,800: PnL% 1,200 / 8,400; bankrupt at 2,310: leverage 7,200 / 2,040
        BigDecimal rank = AdlRanking.rank(PositionSide.SHORT, new BigDecimal("4"), new BigDecimal("2100"),
                new BigDecimal("840"), new BigDecimal("1800"));
        assertEquals(new BigDecimal("0.50420168"), rank.setScale(8, RoundingMode.HALF_EVEN));
    }

    @Test
    void a_losing_position_ranks_by_pnl_percent_divided_by_effective_leverage() {
        // LONG 1 @ 20,000 with 2,000 at 19,000: PnL% −0.05; bankrupt at 18,000: leverage 19,000 / 1,000 = 19
        BigDecimal rank = AdlRanking.rank(PositionSide.LONG, BigDecimal.ONE, new BigDecimal("20000"),
                new BigDecimal("2000"), new BigDecimal("19000"));
        assertEquals(new BigDecimal("-0.00263158"), rank.setScale(8, RoundingMode.HALF_EVEN));
    }

    @Test
    void the_indicator_is_ceil_5k_over_n_and_ties_share_it() {
        List<Placed> placed = AdlRanking.place(List.of(ranked("d", "1"), ranked("a", "3"), ranked("c", "2"), ranked("b", "2")));

        assertEquals(List.of("a", "b", "c", "d"), placed.stream().map(Placed::accountId).toList());
        assertEquals(List.of(5, 4, 4, 2), placed.stream().map(Placed::indicator).toList());
    }

    @Test
    void a_lone_position_has_indicator_5() {
        assertEquals(5, AdlRanking.place(List.of(ranked("a", "-1"))).get(0).indicator());
    }
}
