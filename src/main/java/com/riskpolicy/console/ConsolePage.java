package com.riskpolicy.console;

import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PositionRiskView;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import com.riskpolicy.ruleops.ImpactReport;
import com.riskpolicy.ruleops.PolicyExamples;
import com.riskpolicy.ruleops.RuleProposals;
import com.riskpolicy.rules.RuleError;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.SecurityContext;

/**
 * What every console page's layout ({@code console/base.html}) shows: which page it is, and who is
 * signed in. The classes from outside the console that its templates read are named here, once
 * (Qute allows one {@code @TemplateData} per class).
 */
@TemplateData(target = DecisionView.class)
@TemplateData(target = Violation.class)
@TemplateData(target = Warning.class)
@TemplateData(target = PositionRiskView.class)
@TemplateData(target = RuleError.class)
@TemplateData(target = PolicyExamples.Report.class)
@TemplateData(target = PolicyExamples.Failure.class)
@TemplateData(target = PolicyExamples.UncoveredRule.class)
@TemplateData(target = ImpactReport.class)
@TemplateData(target = ImpactReport.Example.class)
@TemplateData(target = ImpactReport.Side.class)
@TemplateData(target = RuleProposals.Approval.class)
final class ConsolePage {

    private ConsolePage() {
    }

    /** {@code template} as page {@code page} of the navigation, for the user signed in. */
    static TemplateInstance of(Template template, String page, SecurityContext security) {
        return template.data("page", page)
                .data("user", security.getUserPrincipal().getName())
                .data("officer", security.isUserInRole("risk-officer"));
    }
}
