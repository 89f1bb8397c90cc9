package io.vidgate.gateway.broker;

import java.net.URI;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the media broker listens ({@code vidgate.broker.url}). The broker owns session state: the admin REST API
 * and, later, the client WebSockets are forwarded to it.
 */
@Validated
@ConfigurationProperties("vidgate.broker")
public record BrokerProperties(@DefaultValue("http://127.0.0.1:5080") @NotNull URI url) {
}
