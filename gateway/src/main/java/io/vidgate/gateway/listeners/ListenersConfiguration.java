package io.vidgate.gateway.listeners;

import io.vidgate.boot.config.ConfiguredAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

/** The public listener is Boot's own web server, configured from {@code vidgate.public}; the internal one is ours. */
@Configuration(proxyBeanMethods = false)
public class ListenersConfiguration {

    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> publicListenerCustomizer(
            PublicListenerProperties publicListener, InternalListenerProperties internalListener) {
        if (publicListener.port() != 0 && publicListener.port() == internalListener.port()) {
            throw new InvalidConfigurationPropertyValueException("vidgate.internal.port", internalListener.port(),
                    "must differ from vidgate.public.port: the admin API needs a listener of its own");
        }
        return factory -> {
            factory.setPort(publicListener.port());
            factory.setAddress(ConfiguredAddress.resolve("vidgate.public.address", publicListener.address()));
        };
    }

    @Bean
    PublicUrl publicUrl(PublicListenerProperties properties) {
        return new PublicUrl(properties);
    }

    @Bean
    InternalListenerServer internalListenerServer(InternalListenerProperties properties,
            ObjectProvider<HttpHandler> httpHandler) {
        return new InternalListenerServer(properties, httpHandler);
    }

    @Bean
    ListenerIsolationWebFilter listenerIsolationWebFilter(InternalListenerServer internalListener) {
        return new ListenerIsolationWebFilter(internalListener);
    }
}
