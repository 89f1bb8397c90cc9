package io.vidgate.gateway.listeners;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The listener only backends and operators reach ({@code vidgate.internal.*}). Loopback by default; binding it
 * elsewhere (containers need it) works but is logged as a warning at startup.
 *
 * @param address the address to bind
 * @param port    the port to bind; 0 picks a free one (tests)
 */
@Validated
@ConfigurationProperties("vidgate.internal")
public record InternalListenerProperties(
        @DefaultValue("127.0.0.1") @NotBlank String address,
        @DefaultValue("5443") @Min(0) @Max(65535) int port) {
}
