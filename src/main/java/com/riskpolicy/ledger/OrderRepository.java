package com.riskpolicy.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class OrderRepository implements PanacheRepositoryBase<OrderEntity, String> {

    List<OrderEntity> ofAccount(String accountId) {
        return list("accountId", accountId);
    }
}
