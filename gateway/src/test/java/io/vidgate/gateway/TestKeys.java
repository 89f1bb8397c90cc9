package io.vidgate.gateway;

/** A signing key set for tests only (generated for them, never used anywhere else). */
public final class TestKeys {

    /** Relative to the module folder, where Maven runs the tests. */
    public static final String JWKS_FILE = "src/test/resources/test-signing-keys.jwks.json";

    private TestKeys() {
    }
}
