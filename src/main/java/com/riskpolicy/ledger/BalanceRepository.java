package com.riskpolicy.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class BalanceRepository implements PanacheRepository<BalanceEntity> {

    List<BalanceEntity> ofAccount(String accountId) {
        return list("accountId", accountId);
    }
}
