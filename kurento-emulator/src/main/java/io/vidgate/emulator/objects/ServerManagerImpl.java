package io.vidgate.emulator.objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.KmdModule;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.PropertyDef;
import io.vidgate.emulator.rpc.KmsError;
import java.time.Duration;

/** The {@code manager_ServerManager} singleton: server info, pipelines, sessions and load. */
final class ServerManagerImpl extends MediaObjectImpl {

  static final String ID = "manager_ServerManager";
  /** KMS fills this in at build time; any fixed date will do. */
  private static final String GENERATION_TIME = "Jan 1 2025 00:00:00";

  ServerManagerImpl(Init init) {
    super(init);
  }

  @Override
  boolean isServerManager() {
    return true;
  }

  @Override
  protected JsonElement get(PropertyDef property) {
    return switch (property.name()) {
      case "info" -> info();
      case "pipelines" -> {
        JsonArray out = new JsonArray();
        server.pipelines().forEach(p -> out.add(p.id()));
        yield out;
      }
      case "sessions" -> {
        JsonArray out = new JsonArray();
        server.sessionIds().forEach(out::add);
        yield out;
      }
      case "metadata" -> new JsonPrimitive("");
      default -> super.get(property);
    };
  }

  private JsonObject info() {
    JsonObject info = Complex.of("ServerInfo");
    JsonArray capabilities = new JsonArray();
    capabilities.add("transactions");
    info.add("capabilities", capabilities);
    JsonArray modules = new JsonArray();
    for (KmdModule m : server.kmd().modules()) {
      JsonObject mi = Complex.of("ModuleInfo");
      JsonArray factories = new JsonArray();
      m.factories().forEach(factories::add);
      mi.add("factories", factories);
      mi.addProperty("generationTime", GENERATION_TIME);
      mi.addProperty("name", m.name());
      mi.addProperty("version", m.version());
      modules.add(mi);
    }
    info.add("modules", modules);
    info.addProperty("type", "KMS");
    info.addProperty("version", server.kmd().modules().get(0).version());
    return info;
  }

  @Override
  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    return switch (op.name()) {
      case "getKmd" -> {
        String name = params.get("moduleName").getAsString();
        yield Reply.of(new JsonPrimitive(server.kmd().modules().stream()
            .filter(m -> m.name().equals(name)).findFirst()
            .orElseThrow(() -> KmsError.SERVER_MANAGER_ERROR_KMD_NOT_FOUND.exception(
                "Requested kmd module doesn't exist"))
            .rawJson()));
      }
      case "getCpuCount" -> Reply.of(new JsonPrimitive(Runtime.getRuntime().availableProcessors()));
      // KMS samples the CPU for `interval` ms before answering.
      case "getUsedCpu" -> new Reply(new JsonPrimitive(server.load().cpuPercent()),
          Duration.ofMillis(Math.max(0, params.get("interval").getAsInt())));
      case "getUsedMemory" -> Reply.of(new JsonPrimitive(server.load().memoryKiB()));
      default -> super.call(op, params, ctx);
    };
  }
}
