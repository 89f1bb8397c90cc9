package io.vidgate.gateway.listeners;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.timeout.ReadTimeoutException;
import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.ConfiguredAddress;
import io.vidgate.boot.logging.QuietDroppedErrors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The public listener is Boot's own web server, configured from {@code vidgate.public}; the internal one is ours.
 * Each server marks the connections it accepts with its listener and applies its own limits
 * ({@link ListenerServerCustomizer}), so that a flood on the public port leaves the internal one answering.
 */
@Configuration(proxyBeanMethods = false)
public class ListenersConfiguration {

    @Bean
    TrustedProxies trustedProxies(PublicListenerProperties publicListener) {
        return ConfigurationProblem.check(() -> TrustedProxies.of(publicListener.trustedProxies()));
    }

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> publicListenerCustomizer(
            PublicListenerProperties publicListener, InternalListenerProperties internalListener,
            TrustedProxies trustedProxies, MeterRegistry registry) {
        if (publicListener.port() != 0 && publicListener.port() == internalListener.port()) {
            throw new InvalidConfigurationPropertyValueException("vidgate.internal.port", internalListener.port(),
                    "must differ from vidgate.public.port: the admin API needs a listener of its own");
        }
        ConnectionLimiter connections = new ConnectionLimiter(Listener.PUBLIC, publicListener, trustedProxies, registry);
        return factory -> {
            factory.setPort(publicListener.port());
            factory.setAddress(ConfiguredAddress.resolve("vidgate.public.address", publicListener.address()));
            factory.addServerCustomizers(new ListenerServerCustomizer(Listener.PUBLIC, publicListener, connections));
        };
    }

    @Bean
    PublicUrl publicUrl(PublicListenerProperties properties) {
        return new PublicUrl(properties);
    }

    @Bean
    InternalListenerServer internalListenerServer(InternalListenerProperties properties,
            ObjectProvider<HttpHandler> httpHandler, MeterRegistry registry) {
        ConnectionLimiter connections = new ConnectionLimiter(Listener.INTERNAL, properties, TrustedProxies.NONE,
                registry);
        return new InternalListenerServer(properties, httpHandler,
                new ListenerServerCustomizer(Listener.INTERNAL, properties, connections));
    }

    @Bean
    ListenerIsolationWebFilter listenerIsolationWebFilter() {
        return new ListenerIsolationWebFilter();
    }

    @Bean
    StalledBodyHandler stalledBodyHandler() {
        // Reactor Netty signals a stalled body's read timeout again once the 413/408 is out: not worth an ERROR.
        QuietDroppedErrors.install(ReadTimeoutException.class);
        return new StalledBodyHandler();
    }

    @Bean
    ClientAddressWebFilter clientAddressWebFilter(TrustedProxies trustedProxies) {
        return new ClientAddressWebFilter(trustedProxies);
    }
}
