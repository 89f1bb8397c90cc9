package io.vidgate.emulator.objects;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import java.time.Duration;

/**
 * The value an operation returns ({@code result.value}), and how long KMS would take to give it
 * beyond the usual: {@code getUsedCpu(interval)} measures for {@code interval} ms before
 * answering. The delay is waited for without holding any lock or thread.
 */
public record Reply(JsonElement value, Duration delay) {

  public static final Reply VOID = new Reply(JsonNull.INSTANCE, Duration.ZERO);

  public static Reply of(JsonElement value) {
    return new Reply(value == null ? JsonNull.INSTANCE : value, Duration.ZERO);
  }
}
