package io.vidgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vidgate.e2e.stack.StackProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/vidgate-dev} as a developer uses it: it starts the stack, prints where to reach it, and Ctrl-C (SIGINT)
 * stops every process it started. Runs against the jars this build just packaged.
 */
class DevLauncherTest {

    private static final Duration STARTUP_BOUND = Duration.ofSeconds(240);

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void startsTheStackPrintsItsUrlsAndStopsEverythingOnCtrlC(@TempDir Path data) throws Exception {
        int publicPort = StackProcesses.freePort();
        int internalPort = StackProcesses.freePort();
        int brokerPort = StackProcesses.freePort();
        int kurentoPort = StackProcesses.freePort();
        int demoPort = StackProcesses.freePort();
        Path output = data.resolve("vidgate-dev.out");
        ProcessBuilder launcher = new ProcessBuilder(ROOT.resolve("bin/vidgate-dev").toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        launcher.environment().putAll(java.util.Map.of(
                "VIDGATE_PUBLIC_PORT", String.valueOf(publicPort),
                "VIDGATE_INTERNAL_PORT", String.valueOf(internalPort),
                "VIDGATE_BROKER_PORT", String.valueOf(brokerPort),
                "VIDGATE_KURENTO_PORT", String.valueOf(kurentoPort),
                "VIDGATE_DEMO_PORT", String.valueOf(demoPort),
                "VIDGATE_DEV_DATA", data.toString(),
                // The reactor packaged the jars just before this module's tests; never start Maven inside Maven.
                "VIDGATE_DEV_SKIP_BUILD", "1"));
        launcher.environment().remove("VIDGATE_SECRET");
        Process process = launcher.start();
        try {
            awaitOutput(output, "Ctrl-C stops everything", process);
            String printed = Files.readString(output);
            assertThat(printed)
                    .contains("http://localhost:" + publicPort)
                    .contains("http://127.0.0.1:" + internalPort)
                    .contains("http://127.0.0.1:" + brokerPort)
                    .contains("curl -u OPENVIDUAPP:vidgate-dev-secret")
                    .contains("Demo               http://localhost:" + demoPort)
                    .contains("Recordings         " + data.resolve("recordings"));

            HttpResponse<String> config = get(internalPort, "/openvidu/api/config", "vidgate-dev-secret");
            assertThat(config.statusCode()).isEqualTo(200);
            // Answered by the broker (the stream settings it applies) with the gateway's public URL.
            assertThat(config.body()).contains("\"OPENVIDU_PUBLICURL\":\"http://localhost:" + publicPort + "\"")
                    .contains("\"OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH\":1000")
                    .contains("\"OPENVIDU_STREAMS_FORCED_VIDEO_CODEC\":\"MEDIA_SERVER_PREFERRED\"");
            assertThat(get(publicPort, "/openvidu/api/config", "vidgate-dev-secret").statusCode()).isEqualTo(404);
            assertThat(get(brokerPort, "/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(get(kurentoPort, "/emulator/objects", null).statusCode()).isEqualTo(200);
            // Recording is on in development, into the folder the banner names (none yet).
            HttpResponse<String> recordings = get(internalPort, "/openvidu/api/recordings", "vidgate-dev-secret");
            assertThat(recordings.statusCode()).as("GET /openvidu/api/recordings: %s", recordings.body())
                    .isEqualTo(200);
            assertThat(recordings.body()).contains("\"count\":0");
            assertThat(data.resolve("recordings")).isDirectory();

            // The two commands the banner prints give a token for openvidu-browser.
            assertThat(post(internalPort, "/openvidu/api/sessions", "{\"customSessionId\":\"demo\"}").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> connection = post(internalPort, "/openvidu/api/sessions/demo/connection",
                    "{\"role\":\"PUBLISHER\"}");
            assertThat(connection.statusCode()).isEqualTo(200);
            assertThat(connection.body()).contains("\"token\":\"ws://localhost:" + publicPort + "?sessionId=demo&token=ey");

            // The demo's page, and its backend's tokens from the internal listener, with the dev secret it was given.
            assertThat(get(demoPort, "/", null).body()).contains("openvidu-browser-2.32.2.min.js");
            HttpResponse<String> demoToken = post(demoPort, "/api/sessions/demo/connections", "{}");
            assertThat(demoToken.statusCode()).isEqualTo(200);
            assertThat(demoToken.body()).startsWith("ws://localhost:" + publicPort + "?sessionId=demo&token=ey");

            List<ProcessHandle> started = process.descendants().toList();
            assertThat(started).as("the gateway, the broker, the emulator and the demo run as children of the launcher")
                    .hasSizeGreaterThanOrEqualTo(4);

            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("the launcher exits after Ctrl-C").isTrue();
            for (ProcessHandle child : started) {
                child.onExit().get(10, TimeUnit.SECONDS);
                assertThat(child.isAlive()).as("process " + child.pid() + " stopped").isFalse();
            }
            for (int port : List.of(publicPort, internalPort, brokerPort, kurentoPort, demoPort)) {
                assertThat(listening(port)).as("nothing listens on " + port + " any more").isFalse();
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void awaitOutput(Path output, String marker, Process process) throws Exception {
        // Generous: three JVMs start on a 2-core machine that may be busy with other builds (a bound, not a speed check).
        Instant deadline = Instant.now().plus(STARTUP_BOUND);
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(output) ? Files.readString(output) : "";
            if (text.contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/vidgate-dev exited early:\n" + text);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bin/vidgate-dev did not print '" + marker + "' in " + STARTUP_BOUND.toSeconds() + " s:\n" + Files.readString(output));
    }

    private static HttpResponse<String> get(int port, String path, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (secret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("OPENVIDUAPP:vidgate-dev-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

}
