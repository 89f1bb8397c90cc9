package io.vidgate.broker.session;

import io.vidgate.protocol.rpc.EndReason;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry bean. Every {@link SessionEvents} bean (the signaling layer declares one) receives the registry's
 * events; they are looked up when an event happens rather than at construction, because a listener will usually
 * need the registry itself, and the two would otherwise depend on each other.
 */
@Configuration(proxyBeanMethods = false)
public class SessionRegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistryConfiguration.class);

    @Bean
    SessionRegistry sessionRegistry(SessionLimitsProperties limits, ObjectProvider<SessionEvents> listeners) {
        return new SessionRegistry(limits.toLimits(), Clock.systemUTC(), new EventBeans(listeners));
    }

    /** Forwards each event to every {@link SessionEvents} bean, in their {@code @Order}. */
    private record EventBeans(ObjectProvider<SessionEvents> listeners) implements SessionEvents {

        /** One failing listener must not keep the others from hearing about the change. */
        private void each(Consumer<SessionEvents> call) {
            listeners.orderedStream().forEach(listener -> {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    log.warn("SessionEvents listener {} failed", listener.getClass().getName(), e);
                }
            });
        }

        @Override
        public void sessionClosed(SessionSnapshot closed, EndReason reason) {
            each(listener -> listener.sessionClosed(closed, reason));
        }

        @Override
        public void connectionEvicted(ConnectionSnapshot evicted, EndReason reason) {
            each(listener -> listener.connectionEvicted(evicted, reason));
        }

        @Override
        public void streamUnpublished(String sessionId, PublisherSnapshot stream, List<SubscriberSnapshot> subscribers,
                EndReason reason) {
            each(listener -> listener.streamUnpublished(sessionId, stream, subscribers, reason));
        }

        @Override
        public void signalSent(Signal signal, List<ConnectionSnapshot> recipients) {
            each(listener -> listener.signalSent(signal, recipients));
        }
    }
}
