package io.vidgate.gateway.admin;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.boot.admin.AdminSecretProperties;
import io.vidgate.gateway.listeners.Listener;
import io.vidgate.gateway.listeners.ListenerConnections;
import io.vidgate.gateway.listeners.ListenerPaths;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two security chains. The admin chain matches only requests that arrived on the internal listener for an internal
 * path, and requires HTTP Basic {@code OPENVIDUAPP:<secret>}; everything else goes through the open chain (the public
 * surface authenticates with connection tokens, checked by the features that need them). Stateless: no session, no
 * cookie, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AdminSecretProperties.class)
public class AdminSecurityConfiguration {

    /** Health is for load balancers; the TURN REST API authenticates with its own API keys. */
    static final String[] OPEN_ADMIN_PATHS = {"/actuator/health", "/actuator/health/**", "/turn-rest-api"};

    /**
     * Read without credentials, as openvidu-server lets it be read (GET and HEAD; it is public by nature) — still on
     * the internal listener only.
     */
    static final String PUBLIC_URL_PATH = "/openvidu/api/config/openvidu-publicurl";

    @Bean
    AdminCredentials adminCredentials(AdminSecretProperties properties, Environment environment) {
        return AdminCredentials.from(properties, environment);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain adminSecurityChain(ServerHttpSecurity http, AdminCredentials credentials,
            JsonMapper json) {
        JsonErrorAuthenticationEntryPoint entryPoint = new JsonErrorAuthenticationEntryPoint(json);
        return stateless(http)
                .securityMatcher(internalAdminRequests())
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(OPEN_ADMIN_PATHS).permitAll()
                        .pathMatchers(HttpMethod.GET, PUBLIC_URL_PATH).permitAll()
                        .pathMatchers(HttpMethod.HEAD, PUBLIC_URL_PATH).permitAll()
                        .anyExchange().authenticated())
                .httpBasic(basic -> basic
                        .authenticationManager(adminAuthenticationManager(credentials))
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint))
                .build();
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain openSecurityChain(ServerHttpSecurity http) {
        return stateless(http)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }

    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    }

    private static ServerWebExchangeMatcher internalAdminRequests() {
        return exchange -> {
            boolean internal = ListenerConnections.arrivedOn(exchange.getRequest()) == Listener.INTERNAL
                    && ListenerPaths.ownerOf(exchange.getRequest().getURI().getRawPath()) == Listener.INTERNAL;
            return internal ? MatchResult.match() : MatchResult.notMatch();
        };
    }

    private static ReactiveAuthenticationManager adminAuthenticationManager(AdminCredentials credentials) {
        return authentication -> {
            String user = authentication.getName();
            Object password = authentication.getCredentials();
            if (credentials.matches(user, password == null ? null : password.toString())) {
                return Mono.just(UsernamePasswordAuthenticationToken.authenticated(user, null,
                        AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
            }
            return Mono.error(new BadCredentialsException("Bad admin credentials"));
        };
    }
}
