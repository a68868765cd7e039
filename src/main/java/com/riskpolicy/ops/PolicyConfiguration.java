package com.riskpolicy.ops;

import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.ruleops.RuleShadows;
import com.riskpolicy.ruleops.RuleStartup;
import com.riskpolicy.rules.CompiledRuleCache;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSetCompiler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the rule engine and the policy service, and loads the rules at startup: the folder, or the
 * last good recorded rule set while the folder is refused ({@link RuleStartup}).
 */
@ApplicationScoped
public class PolicyConfiguration {

    private static final Logger LOG = Logger.getLogger(PolicyConfiguration.class);

    /** @throws io.quarkus.runtime.configuration.ConfigurationException when there are no good rules to start on */
    @Produces
    @Singleton
    RuleEngine ruleEngine(@ConfigProperty(name = "policy.rules.dir", defaultValue = "rules") String folder,
                          @ConfigProperty(name = "policy.rules.session-pool-size", defaultValue = "16") int poolSize,
                          @ConfigProperty(name = "policy.rules.max-firings", defaultValue = "10000") int maxFirings,
                          @ConfigProperty(name = "policy.rules.compiled-cache", defaultValue = "true") boolean cached,
                          @ConfigProperty(name = "policy.rules.compiled-cache-dir", defaultValue = "data/compiled-rules") String cacheFolder,
                          RuleFailureMetrics failures, RuleStartup startup) {
        CompiledRuleCache cache = cached ? CompiledRuleCache.in(Path.of(cacheFolder)) : CompiledRuleCache.off();
        return startup.engine(new RuleSetCompiler(poolSize, maxFirings, cache), Path.of(folder), failures);
    }

    @Produces
    @Singleton
    PolicyService policyService(RuleEngine engine, DecisionMetrics metrics, DecisionLog log, RuleShadows shadows) {
        // the log first: a decision it cannot take is refused, and then not counted or shadowed either
        return new PolicyService(engine, DecisionObserver.all(log, DecisionObserver.all(metrics, shadows)));
    }

    /** The index of positions by trigger price; the ledger fills it at startup and keeps it current. */
    @Produces
    @Singleton
    LiquidationBook liquidationBook(RuleEngine engine) {
        return new LiquidationBook(engine.active());
    }

    void loadRulesAtStartup(@Observes StartupEvent event, RuleEngine engine) {
        LOG.debugf("rules ready: %s", engine.isReady());
    }
}
