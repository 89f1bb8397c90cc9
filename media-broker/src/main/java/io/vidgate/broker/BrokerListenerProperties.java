package io.vidgate.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The broker's only listener ({@code vidgate.broker.*}): the gateway is its only client, so loopback by default.
 *
 * @param address the address to bind
 * @param port    the port to bind; 0 picks a free one (tests)
 */
@Validated
@ConfigurationProperties("vidgate.broker")
public record BrokerListenerProperties(
        @DefaultValue("127.0.0.1") @NotBlank String address,
        @DefaultValue("5080") @Min(0) @Max(65535) int port) {
}
