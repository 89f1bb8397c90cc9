package io.vidgate.e2e.deploy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The coturn/coturn image of docker-compose.yml, started with config/coturn as docker-compose.yml starts it, accepts
 * the credentials Vidgate signs and relays to Kurento only ({@link CoturnChecks}). Needs a Docker engine on Linux
 * (the container shares the host's network); where there is none, as on our CI, JUnit reports these tests as
 * disabled, with the reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class CoturnImageTest extends CoturnChecks {

    private static CoturnContainer coturn;

    @BeforeAll
    static void start() {
        coturn = CoturnContainer.start(SECRETS, "127.0.0.1", List.of());
    }

    @AfterAll
    static void stop() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Override
    DeployedCoturn coturn() {
        return coturn;
    }
}
