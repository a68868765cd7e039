package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.fact.ModeSwitch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

/**
 * The warm sessions' pool: a session is lent to one evaluation at a time, the sessions given back
 * are lent again up to the pool's capacity, and a retired pool keeps none.
 */
class WarmSessionPoolTest {

    private static final KieBase BASE = new KieHelper().addResource(KieServices.Factory.get().getResources()
            .newByteArrayResource("""
                    package policy.pool;
                    import com.riskpolicy.domain.fact.ModeSwitch;
                    rule "A switch of a contract named NONE"
                    when
                        ModeSwitch( symbol == "NONE" )
                    then
                    end
                    """.getBytes(StandardCharsets.UTF_8)).setSourcePath("policy/pool/pool.drl"), ResourceType.DRL).build();

    private final List<WarmSessions.Warm> lent = new ArrayList<>();

    private static WarmSessions pool(int capacity) {
        return new WarmSessions(BASE, KieServices.Factory.get().newKieSessionConfiguration(), List.of(), capacity);
    }

    @AfterEach
    void disposeLent() {
        lent.forEach(warm -> warm.session().dispose());
    }

    private WarmSessions.Warm lend(WarmSessions pool) {
        WarmSessions.Warm warm = pool.lend();
        lent.add(warm);
        return warm;
    }

    private static int distinct(WarmSessions.Warm... sessions) {
        return new HashSet<>(Arrays.asList(sessions)).size();
    }

    @Test
    void sessions_lent_at_once_are_distinct_and_those_given_back_are_lent_again_up_to_the_capacity() {
        WarmSessions pool = pool(2);
        WarmSessions.Warm first = lend(pool);
        WarmSessions.Warm second = lend(pool);
        WarmSessions.Warm third = lend(pool);
        assertEquals(3, distinct(first, second, third), "the pool held one session, so two were made");
        pool.giveBack(first);
        pool.giveBack(second);
        pool.giveBack(third);

        WarmSessions.Warm again = lend(pool);
        WarmSessions.Warm againToo = lend(pool);
        assertEquals(2, distinct(again, againToo));
        assertTrue(Set.of(first, second).containsAll(List.of(again, againToo)), "the two kept, in any order");
        WarmSessions.Warm beyond = lend(pool);
        assertTrue(beyond != first && beyond != second && beyond != third, "the third was disposed, not kept");
    }

    @Test
    void the_session_given_back_last_to_a_pool_of_one_is_lent_next() {
        WarmSessions pool = pool(4);
        WarmSessions.Warm warm = lend(pool);
        for (int i = 0; i < 3; i++) {
            pool.giveBack(warm);
            assertSame(warm, pool.lend(), "round " + i);
        }
    }

    @Test
    void a_retired_pool_lends_no_session_it_held_and_keeps_none_given_back() {
        WarmSessions pool = pool(4);
        WarmSessions.Warm kept = lend(pool);
        WarmSessions.Warm out = lend(pool);
        pool.giveBack(kept);
        pool.retire();
        pool.giveBack(out);
        WarmSessions.Warm after = lend(pool);
        assertNotSame(kept, after);
        assertNotSame(out, after);
    }

    @Test
    void threads_lending_and_giving_back_at_once_never_share_a_session() throws Exception {
        WarmSessions pool = pool(3);
        Set<WarmSessions.Warm> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger shared = new AtomicInteger();
        ModeSwitch request = new ModeSwitch("acc", "BTCUSDT", MarginMode.CROSS, MarginMode.ISOLATED, BigDecimal.ZERO, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        WarmSessions.Warm warm = pool.lend();
                        if (!inUse.add(warm)) {
                            shared.incrementAndGet();
                        }
                        warm.session().insert(request);
                        warm.session().fireAllRules();
                        inUse.remove(warm);
                        pool.giveBack(warm);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(0, shared.get(), "sessions lent to two evaluations at once");
        pool.retire();
    }
}
