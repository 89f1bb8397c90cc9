package io.vidgate.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/coturn (turnserver.conf and start-coturn.sh) as docker-compose.yml uses it, run with Debian's turnserver —
 * the coturn 4.6 of the coturn/coturn:4.6 image — on this machine: {@link CoturnChecks}, and what the start script
 * itself promises.
 */
@RequiresCoturn
class CoturnConfigTest extends CoturnChecks {

    private static LocalCoturn coturn;

    @BeforeAll
    static void start() {
        coturn = LocalCoturn.start(SECRETS, List.of());
    }

    @AfterAll
    static void stop() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Override
    DeployedCoturn coturn() {
        return coturn;
    }

    @Test
    void theSecretsStayOffTheCommandLineInAFileOnlyCoturnsUserReads() throws Exception {
        String commandLine = coturn.process().info().commandLine().orElseThrow();
        assertThat(commandLine).contains("turnserver").doesNotContain(CURRENT).doesNotContain(PREVIOUS);
        Path generated;
        try (Stream<Path> files = Files.walk(coturn.runtimeDirectory())) {
            generated = files.filter(file -> file.getFileName().toString().equals("turnserver.conf")).findFirst()
                    .orElseThrow();
        }
        assertThat(Files.readAllLines(generated)).contains("static-auth-secret=" + CURRENT,
                "static-auth-secret=" + PREVIOUS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
    }

    @Test
    void theStartScriptRefusesMissingOrMalformedSecrets(@TempDir Path tmp) throws Exception {
        for (Map.Entry<String, String> bad : Map.of(
                "", "VIDGATE_TURN_SECRETS is not set",
                " , ,", "holds no secret",
                "two words", "characters other than",
                "hash#comment", "characters other than").entrySet()) {
            ProcessBuilder builder = new ProcessBuilder("bash", DeployedCoturn.START_SCRIPT.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile());
            builder.environment().put("VIDGATE_TURN_SECRETS", bad.getKey());
            builder.environment().put("TMPDIR", tmp.toString());
            // Never reached when the script works: it must stop before starting anything.
            builder.environment().put("TURNSERVER", "/bin/false");
            Process process = builder.start();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("VIDGATE_TURN_SECRETS='%s'", bad.getKey()).isEqualTo(64);
            assertThat(Files.readString(tmp.resolve("out.txt"))).contains(bad.getValue());
        }
    }
}
