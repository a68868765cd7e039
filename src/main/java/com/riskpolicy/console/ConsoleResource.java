package com.riskpolicy.console;

import com.riskpolicy.cluster.ClusterNodes;
import com.riskpolicy.decisionlog.DecisionLogStore;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.ledger.InsuranceFund;
import com.riskpolicy.ruleops.ProposalStatus;
import com.riskpolicy.ruleops.RuleOperations;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.rules.RuleError;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console for risk officers and auditors, served by the service itself at {@code /console/}:
 * pages rendered on the server from the same services the REST API answers from, signed in as the
 * service's users (a platform user is refused). This is its overview page.
 */
@Path("/console")
public class ConsoleResource {

    /** The window of the overview's decision counts. */
    private static final Duration DECISIONS_OVER = Duration.ofMinutes(1);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Open proposals shown on the overview, newest first. */
    private static final int OPEN_PROPOSALS = 20;

    @Inject
    RuleOperations operations;
    @Inject
    RuleProposals proposals;
    @Inject
    ClusterNodes nodes;
    @Inject
    InsuranceFund insuranceFund;
    @Inject
    DecisionLogStore decisionLog;
    @Inject
    @Location("console/overview.html")
    Template overview;
    @Context
    SecurityContext security;

    /** The overview: the rule set in force on the cluster and each node, the last reload, the fund, open proposals. */
    @TemplateData
    public record Overview(String clusterRevision, String servedRevision,
                           List<NodeRow> nodes, LastReload lastReload, List<DecisionRow> decisions,
                           Map<String, String> insuranceFund, List<ProposalRow> openProposals) {
    }

    /** The decisions of one action logged in the last minute, and the share denied (percent, one decimal). */
    @TemplateData
    public record DecisionRow(String action, long allowed, long denied, String denyRate) {
    }

    /** One node as the cluster sees it. */
    @TemplateData
    public record NodeRow(String nodeId, String revision, boolean live, boolean servesClusterRevision, Instant lastSeen) {
    }

    /** The last reload or activation on the answering node, with its errors. */
    @TemplateData
    public record LastReload(Instant at, String by, String source, String outcome, String revision, List<RuleError> errors,
                             Long proposalId) {
    }

    /** An open proposal, waiting for its approvals. */
    @TemplateData
    public record ProposalRow(long id, String proposedBy, Instant proposedAt, String reason, int approvals,
                              int approvalsRequired) {
    }

    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(URI.create("/console/")).build();
    }

    @GET
    @Path("/")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console's overview page (HTML), for risk officers and auditors")
    public TemplateInstance overview() {
        return ConsolePage.of(overview, "overview", security).data("overview", current());
    }

    private Overview current() {
        RuleOperations.Status status = operations.status();
        String served = status.active().revision();
        String cluster = operations.clusterRevision().orElse(served);
        List<NodeRow> nodeRows = nodes.nodes().stream()
                .map(node -> new NodeRow(node.nodeId(), node.revision(), node.live(), cluster.equals(node.revision()),
                        node.lastSeen()))
                .toList();
        LastReload last = Optional.ofNullable(status.lastReload())
                .map(r -> new LastReload(r.at(), r.by(), r.source().name(), r.outcome().name(), r.revision(), r.errors(),
                        r.proposalId()))
                .orElse(null);
        Map<String, String> fund = new TreeMap<>();
        insuranceFund.balances().forEach((currency, balance) -> fund.put(currency, Money.out(balance).toPlainString()));
        List<ProposalRow> open = proposals.list(Optional.of(ProposalStatus.OPEN), OPEN_PROPOSALS).stream()
                .map(p -> new ProposalRow(p.id(), p.proposedBy(), p.proposedAt(), p.reason(), p.approvals().size(),
                        p.approvalsRequired()))
                .toList();
        return new Overview(cluster, served, nodeRows, last, decisionsOfTheLastMinute(), fund, open);
    }

    private List<DecisionRow> decisionsOfTheLastMinute() {
        List<DecisionRow> rows = new ArrayList<>();
        decisionLog.counts(Instant.now().minus(DECISIONS_OVER)).forEach((action, outcomes) -> {
            long allowed = outcomes.getOrDefault(Outcome.ALLOW, 0L);
            long denied = outcomes.getOrDefault(Outcome.DENY, 0L);
            BigDecimal rate = BigDecimal.valueOf(denied).multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(allowed + denied), 1, RoundingMode.HALF_UP);
            rows.add(new DecisionRow(action.name(), allowed, denied, rate.toPlainString()));
        });
        return rows;
    }
}
