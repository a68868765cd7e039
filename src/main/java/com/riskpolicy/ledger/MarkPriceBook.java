package com.riskpolicy.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest mark price of every contract: in memory for decisions, which read it without locking,
 * and in the database for restarts and for the other nodes. Readers see a new price only once it
 * has been committed.
 *
 * <p>Every change of a price adds one to the database's mark-price epoch (table
 * {@code ledger_epoch}), in the same transaction. A writer first locks that row, so price changes
 * are serialised over all nodes, and a node whose epoch differs from the database's reads the prices
 * again ({@link #follow}).
 */
@Startup
@ApplicationScoped
public class MarkPriceBook {

    private static final String EPOCH = "mark_prices";

    @Inject
    MarkPriceRepository repository;
    @Inject
    EntityManager entityManager;

    private volatile Map<String, BigDecimal> prices = Map.of();
    /** The database's epoch that {@link #prices} are as of. */
    private volatile long epoch = -1;

    @PostConstruct
    void load() {
        reload();
    }

    /** An immutable view of all mark prices now. */
    public Map<String, BigDecimal> all() {
        return prices;
    }

    public Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    /** Reads the prices again when the database's epoch is not the one they are as of. */
    void follow(long databaseEpoch) {
        if (databaseEpoch != epoch) {
            reload();
        }
    }

    /** The database's mark-price epoch now (in the caller's transaction). */
    long databaseEpoch() {
        return ((Number) entityManager.createNativeQuery("SELECT epoch FROM ledger_epoch WHERE name = ?1")
                .setParameter(1, EPOCH).getSingleResult()).longValue();
    }

    /**
     * Locks the epoch until the caller's transaction ends and returns it: no other price change, on
     * any node, until then.
     */
    long lockEpoch() {
        return ((Number) entityManager.createNativeQuery("SELECT epoch FROM ledger_epoch WHERE name = ?1 FOR UPDATE")
                .setParameter(1, EPOCH).getSingleResult()).longValue();
    }

    /**
     * Writes {@code price} and the new epoch in the caller's transaction, which holds the epoch's lock
     * ({@link #lockEpoch()}); {@link #published} once it has committed.
     */
    void write(String symbol, BigDecimal price, long newEpoch) {
        MarkPriceEntity entity = repository.findById(symbol);
        if (entity == null) {
            entity = new MarkPriceEntity();
            entity.symbol = symbol;
            entity.price = price;
            entity.updatedAt = Instant.now();
            repository.persist(entity);
        } else {
            entity.price = price;
            entity.updatedAt = Instant.now();
        }
        entityManager.createNativeQuery("UPDATE ledger_epoch SET epoch = ?1 WHERE name = ?2")
                .setParameter(1, newEpoch).setParameter(2, EPOCH).executeUpdate();
    }

    /** Readers see {@code price} from now on; it was committed with {@code newEpoch}. */
    synchronized void published(String symbol, BigDecimal price, long newEpoch) {
        Map<String, BigDecimal> next = new HashMap<>(prices);
        next.put(symbol, price);
        prices = Map.copyOf(next);
        // Only when nothing came between: else the next follow() reads every price again
        if (epoch == newEpoch - 1) {
            epoch = newEpoch;
        }
    }

    /** The first fill of a symbol without a mark price sets it (spec: until the first mark price arrives). */
    synchronized void setIfAbsent(String symbol, BigDecimal price) {
        if (prices.containsKey(symbol)) {
            return;
        }
        Long written = QuarkusTransaction.requiringNew().call(() -> {
            long locked = lockEpoch();
            if (repository.findById(symbol) != null) {
                return null; // another node's price, which this node has not read yet
            }
            write(symbol, price, locked + 1);
            return locked + 1;
        });
        if (written == null) {
            reload();
        } else {
            published(symbol, price, written);
        }
    }

    /** Reads every price and the epoch they are as of: the epoch first, so that a change between leaves it behind. */
    private synchronized void reload() {
        QuarkusTransaction.requiringNew().run(() -> {
            long read = databaseEpoch();
            Map<String, BigDecimal> loaded = new HashMap<>();
            repository.listAll().forEach(entity -> loaded.put(entity.symbol, entity.price));
            prices = Map.copyOf(loaded);
            epoch = read;
        });
    }
}
