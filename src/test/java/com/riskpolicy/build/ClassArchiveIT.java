package com.riskpolicy.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.durability.ServiceProcess;
import com.riskpolicy.durability.ServiceProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class archive the build writes beside the packaged service ({@link ClassArchiveTraining}) is
 * one the service starts with: {@code -Xshare:on} makes the JVM refuse to start when it cannot map
 * the archive (another JDK build, another jar), and the JVM's class-loading log shows the service's
 * boot classes taken from it.
 */
class ClassArchiveIT {

    /** How the JVM's class-loading log names a class taken from the archive on top of the JDK's own. */
    private static final String FROM_ARCHIVE = "source: shared objects file (top)";

    @Test
    void the_packaged_service_starts_on_the_class_archive_the_build_wrote_and_decides() throws Exception {
        Path archive = ServiceProcess.jar().resolveSibling(ClassArchiveTraining.ARCHIVE);
        assertTrue(Files.isRegularFile(archive), archive + " was not written by `package`");
        try (ServiceProcess service = ServiceProcess.in(Path.of("target", "class-archive-it"))
                .jvmOptions(List.of("-Xmx1g", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"))) {
            service.start();
            Answer answer = service.send("platform", "POST", "/v1/decisions",
                    new ObjectMapper().readTree(ClassArchiveTraining.E4_DECISION));
            assertEquals(200, answer.status(), answer.text());
            assertEquals("ALLOW", answer.json().get("decision").asText(), answer.text());

            List<String> fromArchive;
            try (Stream<String> lines = Files.lines(service.directory().resolve("service-1.log"))) {
                fromArchive = lines.filter(line -> line.contains(FROM_ARCHIVE)).toList();
            }
            assertTrue(fromArchive.stream().anyMatch(line -> line.contains(" io.quarkus.bootstrap.runner.QuarkusEntryPoint ")),
                    "Quarkus' entry point was not taken from the archive; " + fromArchive.size() + " classes were");
            assertTrue(fromArchive.size() >= 1_000, "only " + fromArchive.size() + " classes were taken from the archive");
        }
    }
}
