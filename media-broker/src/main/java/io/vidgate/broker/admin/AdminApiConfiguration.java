package io.vidgate.broker.admin;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.boot.admin.AdminSecretProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** The admin API's authentication and error rendering. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminSecretProperties.class)
public class AdminApiConfiguration {

    @Bean
    AdminCredentials adminCredentials(AdminSecretProperties properties, Environment environment) {
        return AdminCredentials.from(properties, environment);
    }

    @Bean
    AdminAuthenticationWebFilter adminAuthenticationWebFilter(AdminCredentials credentials, JsonMapper json) {
        return new AdminAuthenticationWebFilter(credentials, json);
    }

    @Bean
    KeepAliveReadWebFilter keepAliveReadWebFilter() {
        return new KeepAliveReadWebFilter();
    }

    @Bean
    ApiErrorHandler apiErrorHandler(JsonMapper json) {
        return new ApiErrorHandler(json);
    }
}
