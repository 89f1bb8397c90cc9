package io.vidgate.broker.admin;

import static io.vidgate.broker.admin.RequestFields.bool;
import static io.vidgate.broker.admin.RequestFields.given;
import static io.vidgate.broker.admin.RequestFields.integer;
import static io.vidgate.broker.admin.RequestFields.string;

import java.util.ArrayList;
import java.util.List;

import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionType;
import io.vidgate.broker.session.IceServer;
import io.vidgate.broker.session.KurentoOptions;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.Role;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code POST /openvidu/api/sessions/{id}/connection} (and of the deprecated
 * {@code POST /openvidu/api/tokens}) with openvidu-server's defaults: a recorded WEBRTC PUBLISHER with empty data.
 */
final class ConnectionRequests {

    static final String IPCAM_NOT_SUPPORTED =
            "IP camera connections (type IPCAM) are not supported by Vidgate; only WEBRTC connections are";

    private ConnectionRequests() {
    }

    /** @throws ApiException 400 for invalid values, 501 for an IPCAM connection */
    static ConnectionProperties connection(JsonNode requestBody) {
        JsonNode body = RequestFields.object(requestBody);
        String type = string(body, "type");
        if (type != null && !type.equals(ConnectionType.WEBRTC.name())) {
            if (type.equals(ConnectionType.IPCAM.name())) {
                throw new ApiException(HttpStatus.NOT_IMPLEMENTED, IPCAM_NOT_SUPPORTED);
            }
            throw ApiException.badRequest("Parameter 'type' " + LogSafe.quote(type) + " is not defined; expected WEBRTC");
        }
        Boolean record = bool(body, "record");
        return webRtc(body, record == null || record);
    }

    /** The token API had no {@code type} or {@code record}: always a recorded WEBRTC connection. */
    static ConnectionProperties token(JsonNode body) {
        return webRtc(body, true);
    }

    private static ConnectionProperties webRtc(JsonNode body, boolean record) {
        String role = string(body, "role");
        Role parsedRole;
        try {
            parsedRole = role == null ? Role.PUBLISHER : Role.parse(role);
        } catch (IllegalArgumentException unknown) {
            throw ApiException.badRequest("Parameter 'role': " + unknown.getMessage());
        }
        return new ConnectionProperties(ConnectionType.WEBRTC, string(body, "data"), record, parsedRole,
                kurentoOptions(RequestFields.optionalObject(body, "kurentoOptions")),
                iceServers(RequestFields.optionalArray(body, "customIceServers")));
    }

    private static KurentoOptions kurentoOptions(JsonNode options) {
        if (options == null) {
            return null;
        }
        List<String> filters = new ArrayList<>();
        JsonNode allowed = RequestFields.optionalArray(options, "allowedFilters");
        if (allowed != null) {
            for (JsonNode filter : allowed.values()) {
                if (!filter.isString()) {
                    throw ApiException.badRequest("Type error in parameter 'kurentoOptions.allowedFilters': expected strings");
                }
                filters.add(filter.stringValue());
            }
        }
        return new KurentoOptions(nonNegative(options, "videoMaxRecvBandwidth"), nonNegative(options, "videoMinRecvBandwidth"),
                nonNegative(options, "videoMaxSendBandwidth"), nonNegative(options, "videoMinSendBandwidth"), filters);
    }

    private static Integer nonNegative(JsonNode options, String field) {
        Integer value = integer(options, field);
        if (value != null && value < 0) {
            throw ApiException.badRequest("Parameter 'kurentoOptions." + field + "' must not be negative");
        }
        return value;
    }

    private static List<IceServer> iceServers(JsonNode servers) {
        if (servers == null) {
            return List.of();
        }
        List<IceServer> parsed = new ArrayList<>();
        for (JsonNode server : servers.values()) {
            if (!server.isObject()) {
                throw ApiException.badRequest("Type error in parameter 'customIceServers': expected JSON objects");
            }
            if (given(server, "staticAuthSecret")) {
                // OpenVidu would mint day-long TURN credentials from it; Vidgate hands out short-lived ones itself.
                throw ApiException.badRequest("'customIceServers[].staticAuthSecret' is not supported by Vidgate: "
                        + "send 'username' and 'credential', or let Vidgate issue TURN credentials");
            }
            try {
                parsed.add(new IceServer(string(server, "url"), string(server, "username"), string(server, "credential")));
            } catch (IllegalArgumentException invalid) {
                throw ApiException.badRequest("Parameter 'customIceServers' is not valid: " + invalid.getMessage());
            }
        }
        return parsed;
    }
}
