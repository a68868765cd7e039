package com.riskpolicy.ops;

import com.riskpolicy.ruleops.ValidateCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * The service's entry point. {@code validate [folder]} checks a rules folder and exits without
 * starting the service; anything else starts it.
 *
 * <p>It turns H2's object cache off ({@code h2.objectCache}) unless the command line sets it: the
 * cache hashes every value bound to a statement and keeps the last thousand alive, and the decision
 * log binds two documents per decision. Off, inserting log rows took about a fifth less time in a
 * plain-JDBC measurement; nothing else in the service notices.
 *
 * <p>It turns Quarkus' check of the request URI off ({@code vertx.disableURIValidation}): that check
 * answers a URI that is not one with an empty 400, before any application code runs;
 * {@code api.RequestHeadHandler} refuses it instead, as problem+json. The tests set it in the pom.
 */
@QuarkusMain
public class Main {

    private static final String H2_OBJECT_CACHE = "h2.objectCache";
    private static final String URI_CHECK_OFF = "vertx.disableURIValidation";

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("validate")) {
            System.exit(ValidateCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        if (System.getProperty(H2_OBJECT_CACHE) == null) {
            System.setProperty(H2_OBJECT_CACHE, "false");
        }
        System.setProperty(URI_CHECK_OFF, "true");
        Quarkus.run(args);
    }
}
