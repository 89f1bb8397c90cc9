package io.vidgate.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds Boot's web server where {@code vidgate.broker.*} says, warning when that is reachable from the network. */
@Configuration(proxyBeanMethods = false)
public class BrokerListenerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerListenerConfiguration.class);

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> brokerListenerCustomizer(
            BrokerListenerProperties listener) {
        InetAddress address = resolve(listener.address());
        if (!address.isLoopbackAddress()) {
            log.warn("The broker listens on {}, which is not a loopback address; only the gateway should reach it "
                    + "(vidgate.broker.address).", listener.address());
        }
        return factory -> {
            factory.setAddress(address);
            factory.setPort(listener.port());
        };
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationPropertyValueException("vidgate.broker.address", address,
                    "not a resolvable host or IP address");
        }
    }
}
