package io.vidgate.gateway.listeners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsTrusted() throws Exception {
        InetAddress stranger = ip("203.0.113.9");
        assertThat(PROXIES.clientOf(stranger, List.of("198.51.100.1"))).isEqualTo(stranger);
        assertThat(TrustedProxies.NONE.clientOf(ip("10.0.0.1"), List.of("198.51.100.1"))).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void theClientIsTheRightmostAddressNoTrustedProxyWrote() throws Exception {
        // The client wrote "1.1.1.1, 10.9.9.9" itself; the load balancer 10.0.0.1 appended the peer it saw.
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("1.1.1.1, 10.9.9.9, 198.51.100.1")))
                .isEqualTo(ip("198.51.100.1"));
        // Two trusted hops: 192.0.2.7 in front of 10.0.0.1.
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("1.1.1.1", "198.51.100.1, 192.0.2.7")))
                .isEqualTo(ip("198.51.100.1"));
        assertThat(PROXIES.clientOf(ip("fd12::1"), List.of("[2001:db8::5]:4711"))).isEqualTo(ip("2001:db8::5"));
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("198.51.100.1:5000"))).isEqualTo(ip("198.51.100.1"));
    }

    @Test
    void garbageOrOnlyTrustedHopsLeaveTheLastTrustedHop() throws Exception {
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("unknown"))).isEqualTo(ip("10.0.0.1"));
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("evil.example, 192.0.2.7"))).isEqualTo(ip("192.0.2.7"));
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), List.of("10.1.1.1"))).isEqualTo(ip("10.1.1.1"));
        assertThat(PROXIES.clientOf(ip("10.0.0.1"), null)).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void blocks() throws Exception {
        assertThat(PROXIES.contains(ip("10.255.1.2"))).isTrue();
        assertThat(PROXIES.contains(ip("11.0.0.1"))).isFalse();
        assertThat(PROXIES.contains(ip("192.0.2.8"))).isFalse();
        assertThat(TrustedProxies.of(List.of("172.16.0.0/12")).contains(ip("172.31.255.255"))).isTrue();
        assertThat(TrustedProxies.of(List.of("172.16.0.0/12")).contains(ip("172.32.0.0"))).isFalse();
        assertThat(PROXIES.contains(ip("fdab::1"))).isTrue();
        assertThat(PROXIES.contains(ip("fe80::1"))).isFalse();
    }

    @Test
    void anEntryThatIsNotAnAddressIsAConfigurationError() {
        for (String bad : List.of("lb.example.com", "10.0.0.0/33", "10.0.0.0/x", "")) {
            assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).as(bad)
                    .hasMessageStartingWith("vidgate.public.trusted-proxies: '" + bad + "'");
        }
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
