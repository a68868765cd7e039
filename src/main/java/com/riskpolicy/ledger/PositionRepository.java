package com.riskpolicy.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
class PositionRepository implements PanacheRepository<PositionEntity> {

    List<PositionEntity> ofAccount(String accountId) {
        return list("accountId", accountId);
    }
}
