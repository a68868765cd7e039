package com.riskpolicy.ledger;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.Money;
import com.riskpolicy.liquidation.LiquidationEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The liquidations, ADL fills and margin calls that mark-price ticks caused (table
 * {@code liquidation_event}): recorded in the transaction of the tick, read newest first.
 */
@ApplicationScoped
public class LiquidationEvents {

    @Inject
    EntityManager entityManager;

    /** Records a tick's events; runs inside the tick's transaction. */
    void record(List<LiquidationEvent> events) {
        for (LiquidationEvent event : events) {
            entityManager.persist(entity(event));
        }
    }

    /** Persisted events, newest first; null filters match everything. */
    public List<LiquidationEvent> list(String accountId, String symbol, LiquidationType type, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder where = new StringBuilder("where 1 = 1");
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (accountId != null) {
                where.append(" and e.accountId = :accountId");
                parameters.put("accountId", accountId);
            }
            if (symbol != null) {
                where.append(" and e.symbol = :symbol");
                parameters.put("symbol", symbol);
            }
            if (type != null) {
                where.append(" and e.type = :type");
                parameters.put("type", type);
            }
            TypedQuery<LiquidationEventEntity> query = entityManager.createQuery(
                    "select e from LiquidationEventEntity e " + where + " order by e.at desc, e.id desc", LiquidationEventEntity.class);
            parameters.forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList().stream().map(this::event).toList();
        });
    }

    /**
     * The events that moved the insurance fund (it received what was left of a position's margin, or
     * paid a deficit), newest first, at most {@code limit}.
     */
    public List<LiquidationEvent> fundMovements(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select e from LiquidationEventEntity e where e.insuranceFundDelta <> 0 order by e.at desc, e.id desc",
                        LiquidationEventEntity.class)
                .setMaxResults(limit).getResultList().stream().map(this::event).toList());
    }

    private LiquidationEventEntity entity(LiquidationEvent event) {
        LiquidationEventEntity row = new LiquidationEventEntity();
        row.eventId = event.eventId();
        row.type = event.type();
        row.accountId = event.accountId();
        row.symbol = event.symbol();
        row.side = event.side();
        row.quantity = event.quantity();
        row.riskRatio = Money.out(event.riskRatio());
        row.markPrice = event.markPrice();
        row.price = event.price();
        row.marginForfeited = event.marginForfeited();
        row.insuranceFundDelta = event.insuranceFundDelta();
        row.realizedPnl = event.realizedPnl();
        row.adlCounterparties = noneAsNull(event.adlCounterparties());
        row.closedPositions = noneAsNull(event.closedPositions());
        row.rule = event.rule();
        row.ruleSetRevision = event.ruleSetRevision();
        row.note = event.note();
        row.at = event.at();
        return row;
    }

    private LiquidationEvent event(LiquidationEventEntity row) {
        return new LiquidationEvent(row.eventId, row.type, row.accountId, row.symbol, row.side, row.quantity,
                row.riskRatio, row.markPrice, row.price, row.marginForfeited, row.insuranceFundDelta, row.realizedPnl,
                row.adlCounterparties, row.closedPositions, row.rule, row.ruleSetRevision, row.note, row.at);
    }

    /** An empty list is stored as no JSON at all, as release 0.1 did; it reads back empty. */
    private static <T> List<T> noneAsNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }
}
