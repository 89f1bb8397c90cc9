package io.vidgate.emulator.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnUrlTest {

  @Test
  void readsCoturnRestUsernamesWithTheirColon() {
    TurnUrl url = TurnUrl.parse("1700000600:alice:aZvvOQUKJf6+PefS0ZAvLXcbW/A=@10.0.0.5:3478"
        + "?transport=udp").orElseThrow();

    assertThat(url.user()).isEqualTo("1700000600:alice");
    assertThat(url.password()).isEqualTo("aZvvOQUKJf6+PefS0ZAvLXcbW/A=");
    assertThat(url.iceServerUri()).isEqualTo("turn:10.0.0.5:3478?transport=udp");
  }

  @Test
  void transportsBecomeIceServerUris() {
    assertThat(TurnUrl.parse("u:p@10.0.0.5:3478").orElseThrow().iceServerUri())
        .isEqualTo("turn:10.0.0.5:3478");
    assertThat(TurnUrl.parse("u:p@10.0.0.5:443?transport=tcp").orElseThrow().iceServerUri())
        .isEqualTo("turn:10.0.0.5:443?transport=tcp");
    assertThat(TurnUrl.parse("u:p@10.0.0.5:5349?transport=tls").orElseThrow().iceServerUri())
        .isEqualTo("turns:10.0.0.5:5349?transport=tcp");
  }

  @Test
  void whatKmsRefusesIsEmpty() {
    assertThat(TurnUrl.parse("")).isEmpty();
    assertThat(TurnUrl.parse("u:p@turn.example.org:3478")).isEmpty(); // KMS resolves no names
    assertThat(TurnUrl.parse("10.0.0.5:3478")).isEmpty();
    assertThat(TurnUrl.parse("u:p@10.0.0.5:3478?transport=sctp")).isEmpty();
  }
}
