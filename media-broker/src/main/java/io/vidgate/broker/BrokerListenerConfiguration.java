package io.vidgate.broker;

import java.net.InetAddress;

import io.vidgate.boot.config.ConfiguredAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        InetAddress address = ConfiguredAddress.resolve("vidgate.broker.address", listener.address());
        if (!address.isLoopbackAddress()) {
            log.warn("The broker listens on {}, which is not a loopback address; only the gateway should reach it "
                    + "(vidgate.broker.address).", listener.address());
        }
        return factory -> {
            factory.setAddress(address);
            factory.setPort(listener.port());
        };
    }
}
