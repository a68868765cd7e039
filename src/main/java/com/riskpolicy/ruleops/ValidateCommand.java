package com.riskpolicy.ruleops;

import com.riskpolicy.rules.RuleError;
import com.riskpolicy.rules.RuleFiles;
import com.riskpolicy.rules.RuleSetCompiler;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar quarkus-run.jar validate [folder]}: compiles, self-tests and runs the policy
 * examples of a rules folder the way a reload would, prints every error like a compiler
 * ({@code folder/file:line:column: message}) and the rules no example fires, and activates nothing. Exit status 0 when valid, 1 when not, 2 when the folder cannot be read.
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    public static int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.size() > 1) {
            err.println("usage: validate [rules folder]   (default: rules)");
            return 2;
        }
        Path folder = Path.of(arguments.isEmpty() ? "rules" : arguments.get(0));
        RuleFiles files;
        try {
            files = RuleFiles.read(folder);
        } catch (UncheckedIOException e) {
            err.println(folder + ": " + e.getCause().getMessage());
            return 2;
        }
        SelfTest.Result result = SelfTest.compileAndRelease(() -> new RuleSetCompiler(1, 10_000).compile(files));
        List<RuleError> errors = result.errors();
        if (errors.isEmpty()) {
            PolicyExamples.Report examples = result.examples();
            out.println(folder + ": valid, " + files.contents().size() + " files, revision " + files.revision());
            out.println(folder + ": " + examples.passed() + " of " + examples.examples() + " policy examples pass; they fire "
                    + examples.covered() + " of " + examples.rules() + " rules");
            for (PolicyExamples.UncoveredRule rule : examples.uncovered()) {
                out.println(folder.resolve(rule.file()) + ":" + rule.line() + ": warning: no example fires rule '"
                        + rule.rule() + "'");
            }
            return 0;
        }
        for (RuleError error : errors) {
            err.println(folder.resolve(error.file()) + ":" + error.line() + ":" + error.column() + ": " + error.message());
        }
        err.println(errors.size() + (errors.size() == 1 ? " error" : " errors") + "; nothing was activated");
        return 1;
    }
}
