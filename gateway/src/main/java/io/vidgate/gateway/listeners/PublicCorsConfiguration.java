package io.vidgate.gateway.listeners;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Lets the pages of the configured origins call the browser-facing endpoints: {@code /v1/ice-servers} is fetched with
 * an {@code Authorization} header, which makes every cross-origin call a preflighted one. No cookies are involved
 * (the credential is the bearer token), so credentials mode stays off. Other origins get no CORS headers at all, and
 * their preflights a 403.
 */
@Configuration(proxyBeanMethods = false)
public class PublicCorsConfiguration {

    static final List<String> BROWSER_PATHS = List.of("/v1/ice-servers", "/.well-known/jwks.json");

    @Bean
    CorsWebFilter publicCorsWebFilter(PublicListenerProperties properties) {
        CorsConfiguration browsers = new CorsConfiguration();
        browsers.setAllowedOriginPatterns(properties.allowedOrigins());
        browsers.setAllowedMethods(List.of(HttpMethod.GET.name()));
        browsers.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION));
        browsers.setAllowCredentials(false);
        browsers.setMaxAge(Duration.ofMinutes(10));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        BROWSER_PATHS.forEach(path -> source.registerCorsConfiguration(path, browsers));
        return new CorsWebFilter(source);
    }
}
