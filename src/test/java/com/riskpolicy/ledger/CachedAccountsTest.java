package com.riskpolicy.ledger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.AccountSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Checks read accounts from the cache: what they see is the last committed state, whether the
 * account was kept or evicted and read again. A cache of two accounts, so that most are evicted.
 */
@QuarkusTest
@TestProfile(CachedAccountsTest.TwoAccounts.class)
class CachedAccountsTest {

    public static class TwoAccounts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("policy.ledger.account-cache-size", "2");
        }
    }

    @Inject
    AccountCache cache;

    @Test
    void a_check_sees_the_last_committed_change_whether_its_account_was_kept_or_evicted() {
        List<String> accounts = IntStream.range(0, 5).mapToObj(i -> "cached-" + i).toList();
        for (String accountId : accounts) {
            send("POST", "/v1/accounts", Map.of("accountId", accountId, "balances", Map.of("USDT", "500")))
                    .then().statusCode(201);
            send("PUT", "/v1/accounts/" + accountId + "/margin-modes/BTCUSDT", Map.of("mode", "ISOLATED"))
                    .then().statusCode(200);
            // 0.1 BTC at 60,000 with 10x takes 600 from the cross wallet: more than it holds
            assertEquals("DENY", check(accountId));
        }

        for (String accountId : accounts) {
            send("POST", "/v1/accounts/" + accountId + "/deposits", Map.of("currency", "USDT", "amount", "200"))
                    .then().statusCode(200);
            // Two accounts kept: the cache may already have let this one go (W-TinyLFU admits a newcomer only
            // if it is used more than the account it would evict, and on PostgreSQL the node's catch-up reads
            // accounts too); if it kept it, it holds the deposit's commit
            AccountSnapshot kept = cache.get(accountId);
            if (kept != null) {
                assertEquals(0, new BigDecimal("700").compareTo(kept.balance("USDT")),
                        "the deposit's commit is what the cache holds");
            }
            assertEquals("ALLOW", check(accountId), accountId + " right after its deposit");
        }
        assertTrue(cache.size() <= 2, cache.size() + " accounts kept");

        for (String accountId : accounts) {
            assertEquals("ALLOW", check(accountId), accountId + " after the others' deposits");
        }
        assertTrue(cache.size() <= 2, cache.size() + " accounts kept");
    }

    private static String check(String accountId) {
        Response answer = send("POST", "/v1/checks/open-position", Map.of("accountId", accountId, "symbol", "BTCUSDT",
                "side", "LONG", "quantity", "0.1", "price", "60000", "leverage", "10"));
        answer.then().statusCode(200);
        return answer.jsonPath().getString("decision");
    }

    private static Response send(String method, String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).request(method, path);
    }
}
