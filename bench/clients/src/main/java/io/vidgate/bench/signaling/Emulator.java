package io.vidgate.bench.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The kurento-emulator's HTTP hooks (kurento-emulator/README.md): faults, latency, live objects. */
public final class Emulator {

    private final HttpClient http;
    private final URI base;

    public Emulator(HttpClient http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** Latency on every Kurento request, uniformly between the two bounds. */
    public boolean latency(int minMillis, int maxMillis) {
        return send("POST", "/emulator/latency", "{\"minMillis\":" + minMillis + ",\"maxMillis\":" + maxMillis + "}");
    }

    public boolean noLatency() {
        return send("DELETE", "/emulator/latency", null);
    }

    /** The next {@code count} calls matching {@code call} fail: {@code ERROR} (with KMS's code) or {@code NO_RESPONSE}. */
    public boolean failNext(String call, int count, String action, int code) {
        return send("POST", "/emulator/faults/fail-next", "{\"call\":\"" + call + "\",\"count\":" + count
                + ",\"action\":\"" + action + "\",\"code\":" + code + ",\"message\":\"chaos soak\"}");
    }

    /** Drops every Kurento client connection (the broker's), as a network cut would. */
    public boolean dropConnections() {
        return send("POST", "/emulator/faults/drop-connections", null);
    }

    public boolean clearFaults() {
        return send("DELETE", "/emulator/faults", null);
    }

    /** Live Kurento objects (MediaPipelines, WebRtcEndpoints…); -1 when the emulator does not answer. */
    public int objects() {
        try {
            HttpResponse<String> report = http.send(HttpRequest.newBuilder(base.resolve("/emulator/objects"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return report.statusCode() == 200 ? SignalingClient.JSON.readTree(report.body()).path("total").asInt() : -1;
        } catch (Exception unreachable) {
            return -1;
        }
    }

    public String objectsReport() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/emulator/objects")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception unreachable) {
            return "<no answer: " + unreachable + ">";
        }
    }

    private boolean send(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2;
        } catch (Exception restarting) {
            return false; // the emulator is being restarted: this action is skipped, and counted so
        }
    }
}
