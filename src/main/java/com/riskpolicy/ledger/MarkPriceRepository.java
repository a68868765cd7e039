package com.riskpolicy.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
class MarkPriceRepository implements PanacheRepositoryBase<MarkPriceEntity, String> {
}
