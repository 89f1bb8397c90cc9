package io.vidgate.turn.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides what a test does when a program it runs for real is not installed: on CI ({@code CI=true}) the test
 * fails, because a skipped test there would hide that nothing was checked; on a developer machine it is skipped,
 * visibly, with the reason.
 *
 * <p>Prefer an annotation on the test class, {@link RequiresCoturn} or {@link RequiresPrograms}: it reports every
 * test as skipped. Calling {@link #requireCoturn()} from {@code @BeforeEach} works too; from {@code @BeforeAll} a
 * skip is not counted by Surefire at all.
 */
public final class RequiredBinaries {

    public static final String TURNSERVER = "turnserver";
    public static final String TURNUTILS_UCLIENT = "turnutils_uclient";
    public static final String COTURN_PACKAGE = "coturn";

    private RequiredBinaries() {
    }

    /** Skips the calling test, or fails it on CI, unless coturn's {@code turnserver} and {@code turnutils_uclient} are installed. */
    public static void requireCoturn() {
        require(COTURN_PACKAGE, TURNSERVER, TURNUTILS_UCLIENT);
    }

    /**
     * Skips the calling test, or fails it on CI, unless all the programs are on {@code PATH} (or, given as absolute
     * paths, there).
     *
     * @param debianPackage the package that provides them, named in the message
     */
    public static void require(String debianPackage, String... programs) {
        missing(debianPackage, programs).ifPresent(Assumptions::abort);
    }

    /**
     * The reason to skip if a program is missing and this is not CI; empty if all are installed.
     *
     * @throws org.opentest4j.AssertionFailedError if a program is missing and {@code CI=true}
     */
    public static Optional<String> missing(String debianPackage, String... programs) {
        List<String> missing = Arrays.stream(programs).filter(program -> find(program).isEmpty()).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String what = String.join(", ", missing) + " not found (Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(what + ". CI=true, so this fails instead of skipping: bin/test installs it"
                    + " (apt-get install -y " + debianPackage + ").");
        }
        return Optional.of(what + "; skipped because CI is not true. Install it with: apt-get install -y " + debianPackage);
    }

    /** The executable of that name on {@code PATH}, if any; a program given as an absolute path is only looked for there. */
    public static Optional<Path> find(String program) {
        if (program.startsWith("/")) {
            return Optional.of(Path.of(program)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
