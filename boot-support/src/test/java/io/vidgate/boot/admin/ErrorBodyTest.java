package io.vidgate.boot.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

class ErrorBodyTest {

    @Test
    void aKnownStatusCarriesItsReasonPhrase() {
        long before = System.currentTimeMillis();

        ErrorBody body = ErrorBody.of(HttpStatus.NOT_FOUND, "No session with id ses_Nope", "/openvidu/api/sessions/ses_Nope");

        assertThat(body.status()).isEqualTo(404);
        assertThat(body.error()).isEqualTo("Not Found");
        assertThat(body.message()).isEqualTo("No session with id ses_Nope");
        assertThat(body.path()).isEqualTo("/openvidu/api/sessions/ses_Nope");
        assertThat(body.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aStatusWithoutAStandardReasonPhraseIsNamedByItsCode() {
        ErrorBody body = ErrorBody.of(HttpStatusCode.valueOf(599), "upstream gave up", "/openvidu/api/sessions");

        assertThat(body.status()).isEqualTo(599);
        assertThat(body.error()).isEqualTo("Error 599");
    }
}
