package io.vidgate.gateway.listeners;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Resolves {@code vidgate.public.address}, turning a bad value into a startup error that names the property. */
final class PublicAddress {

    private PublicAddress() {
    }

    static InetAddress parse(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationPropertyValueException("vidgate.public.address", address,
                    "not a resolvable host or IP address");
        }
    }
}
