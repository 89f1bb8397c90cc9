package io.vidgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Vidgate edge: one process, a public listener for browsers and an internal one for backends and operators. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VidgateGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(VidgateGatewayApplication.class, args);
    }
}
