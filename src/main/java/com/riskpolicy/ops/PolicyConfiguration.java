package com.riskpolicy.ops;

import com.riskpolicy.decision.DecisionObserver;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decisionlog.DecisionLog;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.rules.RuleCompilationException;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
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
 * Wires the rule engine and the policy service, and loads the rules folder at startup: the service
 * does not start on rules that do not compile.
 */
@ApplicationScoped
public class PolicyConfiguration {

    private static final Logger LOG = Logger.getLogger(PolicyConfiguration.class);

    @Produces
    @Singleton
    RuleEngine ruleEngine(@ConfigProperty(name = "policy.rules.dir", defaultValue = "rules") String folder,
                          @ConfigProperty(name = "policy.rules.session-pool-size", defaultValue = "16") int poolSize,
                          @ConfigProperty(name = "policy.rules.max-firings", defaultValue = "10000") int maxFirings,
                          RuleFailureMetrics failures) {
        RuleEngine engine = new RuleEngine(new RuleSetCompiler(poolSize, maxFirings), Path.of(folder), failures);
        try {
            RuleSet rules = engine.reload();
            LOG.infof("Rule set %s active: %d files from %s", rules.revision(), rules.files().size(),
                    engine.folder().toAbsolutePath().normalize());
        } catch (RuleCompilationException e) {
            LOG.errorf("The rules in %s do not compile, so the service cannot start:%n%s",
                    engine.folder().toAbsolutePath().normalize(), e.getMessage());
            throw new IllegalStateException("rules in " + engine.folder().toAbsolutePath().normalize()
                    + " do not compile: " + e.getMessage(), e);
        }
        return engine;
    }

    @Produces
    @Singleton
    PolicyService policyService(RuleEngine engine, DecisionMetrics metrics, DecisionLog log) {
        // the log first: a decision it cannot take is refused, and then not counted either
        return new PolicyService(engine, DecisionObserver.all(log, metrics));
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
