package io.vidgate.broker.room;

import java.time.Clock;
import java.util.function.Function;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.turn.TurnProperties;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.KurentoIceConfigs;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.session.SessionsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The broker's {@link Rooms} and their garbage collector. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SessionsProperties.class, TurnProperties.class})
public class RoomsConfiguration {

    @Bean
    Rooms rooms(SessionsProperties sessions, PipelineManager pipelines, KurentoProperties kurento, TurnProperties turn,
            FactStream facts) {
        Function<String, IceConfig> ice = ConfigurationProblem.check(() -> KurentoIceConfigs.of(kurento, turn));
        return new Rooms(sessions.toLimits(), Clock.systemUTC(), pipelines, ice, facts);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SessionGarbageCollector sessionGarbageCollector(Rooms rooms, SessionsProperties sessions) {
        return new SessionGarbageCollector(rooms, sessions.garbageInterval(), sessions.garbageThreshold());
    }
}
