package com.riskpolicy.ledger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest mark price of every contract: in memory for decisions, which read it without locking,
 * and in the database for restarts. Writers are serialised; readers see a new price only once it
 * has been committed.
 */
@Startup
@ApplicationScoped
public class MarkPriceBook {

    @Inject
    MarkPriceRepository repository;

    private volatile Map<String, BigDecimal> prices = Map.of();

    @PostConstruct
    void load() {
        Map<String, BigDecimal> loaded = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() ->
                repository.listAll().forEach(entity -> loaded.put(entity.symbol, entity.price)));
        prices = Map.copyOf(loaded);
    }

    /** An immutable view of all mark prices now. */
    public Map<String, BigDecimal> all() {
        return prices;
    }

    public Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    /** Records a new mark price for the symbol. */
    synchronized void set(String symbol, BigDecimal price) {
        set(symbol, price, () -> { });
    }

    /**
     * Records a new mark price and, in the same transaction, what it causes; readers see the new
     * price once both have committed.
     */
    synchronized void set(String symbol, BigDecimal price, Runnable alsoInTransaction) {
        QuarkusTransaction.requiringNew().run(() -> {
            alsoInTransaction.run();
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
        });
        publish(symbol, price);
    }

    /** The first fill of a symbol without a mark price sets it (spec: until the first mark price arrives). */
    synchronized void setIfAbsent(String symbol, BigDecimal price) {
        if (!prices.containsKey(symbol)) {
            set(symbol, price);
        }
    }

    private void publish(String symbol, BigDecimal price) {
        Map<String, BigDecimal> next = new HashMap<>(prices);
        next.put(symbol, price);
        prices = Map.copyOf(next);
    }
}
