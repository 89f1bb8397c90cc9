package io.vidgate.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void parsesOpenViduNamesExactly() {
        assertThat(Role.parse("SUBSCRIBER")).isEqualTo(Role.SUBSCRIBER);
        assertThat(Role.parse("PUBLISHER")).isEqualTo(Role.PUBLISHER);
        assertThat(Role.parse("MODERATOR")).isEqualTo(Role.MODERATOR);
    }

    @Test
    void refusesOtherSpellingsWithAClearMessage() {
        for (String bad : new String[] {"publisher", "Publisher", " PUBLISHER", "ADMIN", ""}) {
            assertThatThrownBy(() -> Role.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SUBSCRIBER, PUBLISHER, MODERATOR");
        }
        assertThatThrownBy(() -> Role.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessageDoesNotEchoControlCharacters() {
        assertThatThrownBy(() -> Role.parse("X\nFAKE LOG LINE"))
                .hasMessageNotContaining("\n");
    }

    @Test
    void permissions() {
        assertThat(Role.SUBSCRIBER.canPublish()).isFalse();
        assertThat(Role.PUBLISHER.canPublish()).isTrue();
        assertThat(Role.MODERATOR.canPublish()).isTrue();
        assertThat(Role.SUBSCRIBER.canForce()).isFalse();
        assertThat(Role.PUBLISHER.canForce()).isFalse();
        assertThat(Role.MODERATOR.canForce()).isTrue();
    }
}
