package com.riskpolicy.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The query that reads the stamps checks confirm their cached accounts with on a shared database:
 * however many accounts one query reads (its placeholders are filled up to a power of two with the
 * last account again), it answers each existing account's committed version once, and nothing for
 * an account that does not exist.
 */
@QuarkusTest
class StampQueryTest {

    @Inject
    LedgerStore store;

    @Test
    void one_query_reads_the_committed_version_of_every_existing_account_it_names_and_nothing_else() {
        List<String> accounts = IntStream.range(0, 6).mapToObj(i -> "stamped-" + i).toList();
        for (String accountId : accounts) {
            given().contentType(ContentType.JSON).body(Map.of("accountId", accountId, "balances", Map.of("USDT", "500")))
                    .post("/v1/accounts").then().statusCode(201);
        }
        given().contentType(ContentType.JSON).body(Map.of("currency", "USDT", "amount", "200"))
                .post("/v1/accounts/stamped-2/deposits").then().statusCode(200);

        assertEquals(Map.of(), store.stamps(Set.of()), "no account, no query");
        for (int count = 1; count <= accounts.size(); count++) {
            Set<String> named = new HashSet<>(accounts.subList(0, count));
            assertStamps(named, store.stamps(named));
            named.add("stamped-missing-" + count);
            assertStamps(named, store.stamps(named));
        }
    }

    private void assertStamps(Set<String> named, Map<String, LedgerStore.Stamp> stamps) {
        Set<String> existing = new HashSet<>(named);
        existing.removeIf(accountId -> accountId.startsWith("stamped-missing"));
        assertEquals(existing, stamps.keySet(), "the accounts answered for " + named);
        long epoch = stamps.values().iterator().next().markPriceEpoch();
        for (String accountId : existing) {
            long version = QuarkusTransaction.requiringNew().call(() -> store.version(accountId));
            assertEquals(version, stamps.get(accountId).version(), accountId + "'s committed version, read with " + named);
            assertEquals(epoch, stamps.get(accountId).markPriceEpoch(), "one mark-price epoch for the whole query");
        }
    }
}
