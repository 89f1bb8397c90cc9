package io.vidgate.boot.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Resolves a listener address from configuration, turning a bad value into a startup error naming the property. */
public final class ConfiguredAddress {

    private ConfiguredAddress() {
    }

    public static InetAddress resolve(String property, String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationPropertyValueException(property, address, "not a resolvable host or IP address");
        }
    }
}
