package io.vidgate.protocol.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Each name and code is defined once: a copy-paste slip giving two constants the same value would route one method's
 * requests to another's handler, or answer a refusal with a code the app reads as something else.
 */
class VocabularyTest {

    @Test
    void noTwoMethodsShareAName() {
        assertThat(constants(OpenViduMethods.class)).doesNotHaveDuplicates().contains("joinRoom", "ping", "connect");
    }

    @Test
    void noTwoNotificationsShareAName() {
        assertThat(constants(OpenViduNotifications.class)).doesNotHaveDuplicates().contains("participantLeft");
    }

    @Test
    void noTwoErrorsShareACode() {
        assertThat(constants(RpcErrorCodes.class)).doesNotHaveDuplicates().contains(40007, -32601);
    }

    @Test
    void noTwoEndReasonsShareAWireName() {
        assertThat(Arrays.stream(EndReason.values()).map(EndReason::wireName)).doesNotHaveDuplicates();
    }

    /** The values of a class's own public constants (not those of its nested classes). */
    private static List<Object> constants(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(field -> Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers()))
                .map(VocabularyTest::value)
                .toList();
    }

    private static Object value(Field constant) {
        try {
            return constant.get(null);
        } catch (IllegalAccessException unreachable) {
            throw new AssertionError(unreachable);
        }
    }
}
