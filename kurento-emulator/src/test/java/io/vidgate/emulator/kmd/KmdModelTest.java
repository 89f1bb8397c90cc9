package io.vidgate.emulator.kmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vidgate.emulator.rpc.KmsException;
import org.junit.jupiter.api.Test;

class KmdModelTest {

  private static final KmdModel kmd = KmdModel.stock();
  private final ParamValidator validator = new ParamValidator(kmd);

  @Test
  void loadsTheStockModulesOfKms73() {
    assertThat(kmd.namespace()).isEqualTo("kurento");
    assertThat(kmd.modules()).extracting(KmdModule::name)
        .containsExactly("core", "elements", "filters");
    assertThat(kmd.modules()).extracting(KmdModule::version).containsOnly("7.3.0");
    assertThat(kmd.modules().get(0).factories()).contains("MediaPipeline", "PassThrough")
        .doesNotContain("MediaElement", "ServerManager");
    assertThat(kmd.hierarchy("RecorderEndpoint")).extracting(RemoteClassDef::name)
        .containsExactly("RecorderEndpoint", "UriEndpoint", "Endpoint", "MediaElement",
            "MediaObject");
    assertThat(kmd.isMediaEvent("IceCandidateFound")).isTrue();
    assertThat(kmd.isMediaEvent("Error")).isFalse();
    assertThat(kmd.eventProperties("MediaFlowInStateChanged")).extracting(PropertyDef::name)
        .containsExactly("source", "timestampMillis", "tags", "type", "state", "padName",
            "mediaType");
  }

  @Test
  void operationsIncludeGeneratedAccessors() {
    assertThat(kmd.findOperation("WebRtcEndpoint", "processOffer").kind())
        .isEqualTo(Operation.Kind.METHOD);
    Operation setter = kmd.findOperation("WebRtcEndpoint", "setStunServerAddress");
    assertThat(setter.kind()).isEqualTo(Operation.Kind.SETTER);
    assertThat(setter.params()).extracting(ParamDef::name).containsExactly("stunServerAddress");
    assertThat(kmd.findOperation("WebRtcEndpoint", "getICECandidatePairs").kind())
        .isEqualTo(Operation.Kind.GETTER);
    assertThat(kmd.findOperation("WebRtcEndpoint", "getMediaState")).isNotNull();
    assertThat(kmd.findOperation("WebRtcEndpoint", "setMediaState")).isNull(); // read-only
    assertThat(kmd.findOperation("MediaPipeline", "setId")).isNull(); // final
    assertThat(kmd.findOperation("PassThrough", "processOffer")).isNull();
  }

  @Test
  void validationFillsDefaultsAndNamesTheCulprit() {
    Operation isFlowing = kmd.findOperation("WebRtcEndpoint", "isMediaFlowingIn");
    JsonObject filled = validator.validate(isFlowing.params(),
        JsonParser.parseString("{\"mediaType\":\"VIDEO\"}"), "operationParams", id -> null);
    assertThat(filled.get("sinkMediaDescription").getAsString()).isEqualTo("default");

    Operation addCandidate = kmd.findOperation("WebRtcEndpoint", "addIceCandidate");
    assertThatThrownBy(() -> validator.validate(addCandidate.params(),
        JsonParser.parseString("{\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\"}}"),
        "operationParams", id -> null))
        .isInstanceOfSatisfying(KmsException.class, e -> {
          assertThat(e.code()).isEqualTo(40001);
          assertThat(e.getMessage()).isEqualTo("'sdpMLineIndex' parameter is required");
        });
    assertThatThrownBy(() -> validator.validate(
        kmd.findOperation("ServerManager", "getUsedCpu").params(),
        JsonParser.parseString("{\"interval\":1.5}"), "operationParams", id -> null))
        .isInstanceOfSatisfying(KmsException.class,
            e -> assertThat(e.getMessage()).isEqualTo("'interval' parameter should be an integer"));
    assertThatThrownBy(() -> validator.validate(
        kmd.remoteClass("RecorderEndpoint").constructorParams(),
        JsonParser.parseString("{\"mediaPipeline\":\"p\",\"uri\":\"file:///x\","
            + "\"mediaProfile\":\"AVI\"}"), "constructorParams", id -> "MediaPipeline"))
        .isInstanceOfSatisfying(KmsException.class,
            e -> assertThat(e.getMessage()).isEqualTo("Invalid value for 'MediaProfileSpecType'"));
  }
}
