package io.vidgate.emulator.kmd;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.rpc.KmsError;
import io.vidgate.emulator.rpc.KmsException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Checks constructor and operation parameters against their kmd declarations and answers with
 * the error KMS's generated marshalling code would give: 40001 MARSHALL_ERROR for a missing or
 * ill-typed value, 40101 for a reference to an object that does not exist, 40109 for a
 * {@code newref:} used outside a transaction.
 *
 * <p>This is slightly stricter than KMS, whose jsoncpp conversions accept e.g. a number where a
 * string is declared: a client that relies on that is buggy against any other KMS client too.
 */
public final class ParamValidator {

  /** What the validator needs to know about live objects: the class of an id, or null. */
  @FunctionalInterface
  public interface ObjectTypes {
    String typeOf(String objectId);
  }

  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

  private final KmdModel model;

  public ParamValidator(KmdModel model) {
    this.model = model;
  }

  /**
   * Validates {@code given} (the {@code constructorParams} / {@code operationParams} member, maybe
   * null) and returns a copy with the kmd default values filled in for absent optional params.
   * Members not declared are not checked here: {@code invoke} rejects them, {@code create}
   * ignores them, as KMS does.
   */
  public JsonObject validate(List<ParamDef> params, JsonElement given, String memberName,
      ObjectTypes objects) {
    boolean anyRequired = params.stream().anyMatch(p -> !p.optional());
    if (given == null || given.isJsonNull()) {
      if (anyRequired) {
        throw KmsError.MARSHALL_ERROR.exception("'" + memberName + "' is required");
      }
      given = new JsonObject();
    }
    if (!given.isJsonObject()) {
      throw KmsError.MARSHALL_ERROR.exception("'" + memberName + "' should be an object");
    }
    JsonObject in = given.getAsJsonObject();
    JsonObject out = new JsonObject();
    for (ParamDef p : params) {
      JsonElement v = in.get(p.name());
      if (v == null || v.isJsonNull()) {
        if (!p.optional()) {
          throw KmsError.MARSHALL_ERROR.exception("'" + p.name() + "' parameter is required");
        }
        if (p.defaultValue() != null) {
          out.add(p.name(), p.defaultValue().deepCopy());
        }
        continue;
      }
      check(v, p.type(), p.name(), objects);
      out.add(p.name(), v);
    }
    return out;
  }

  /** Checks one value against a kmd type; {@code name} is used in the error message. */
  public void check(JsonElement v, TypeRef type, String name, ObjectTypes objects) {
    switch (type.shape()) {
      case LIST -> {
        if (!v.isJsonArray()) {
          throw shouldBe(name, "an array");
        }
        v.getAsJsonArray().forEach(item -> check(item, type.element(), name, objects));
      }
      case MAP -> {
        if (!v.isJsonObject()) {
          throw shouldBe(name, "an object");
        }
        for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
          check(e.getValue(), type.element(), name, objects);
        }
      }
      case SINGLE -> checkSingle(v, type.base(), name, objects);
    }
  }

  private void checkSingle(JsonElement v, String typeName, String name, ObjectTypes objects) {
    PrimitiveType primitive = PrimitiveType.of(typeName);
    if (primitive != null) {
      if (!isPrimitive(v, primitive)) {
        throw shouldBe(name, primitive.article());
      }
      return;
    }
    ComplexTypeDef complex = model.complexType(typeName);
    if (complex != null) {
      checkComplex(v, complex, name, objects);
      return;
    }
    if (model.remoteClass(typeName) != null) {
      checkReference(v, typeName, name, objects);
      return;
    }
    throw new IllegalStateException("kmd type not found: " + typeName);
  }

  private void checkComplex(JsonElement v, ComplexTypeDef type, String name,
      ObjectTypes objects) {
    if (type.isEnum()) {
      if (!isPrimitive(v, PrimitiveType.STRING)) {
        throw shouldBe(name, "a string");
      }
      if (!type.values().contains(v.getAsString())) {
        throw KmsError.MARSHALL_ERROR.exception("Invalid value for '" + type.name() + "'");
      }
      return;
    }
    if (!v.isJsonObject()) {
      throw shouldBe(name, "an object");
    }
    JsonObject o = v.getAsJsonObject();
    for (ComplexTypeDef t = type; t != null; t = model.complexType(t.parent())) {
      for (ParamDef field : t.fields()) {
        JsonElement fv = o.get(field.name());
        if (fv == null || fv.isJsonNull()) {
          if (!field.optional()) {
            throw KmsError.MARSHALL_ERROR.exception(
                "'" + field.name() + "' parameter is required");
          }
          continue;
        }
        check(fv, field.type(), field.name(), objects);
      }
    }
  }

  private void checkReference(JsonElement v, String className, String name,
      ObjectTypes objects) {
    if (!isPrimitive(v, PrimitiveType.STRING)) {
      throw shouldBe(name, "a string");
    }
    String id = v.getAsString();
    String actual = objects.typeOf(id);
    if (actual == null) {
      throw notFound(id);
    }
    if (!model.isA(actual, className)) {
      throw shouldBe(name, "a " + className);
    }
  }

  /** The error KMS gives for an id it does not know, {@code newref:} ids included. */
  public static KmsException notFound(String id) {
    if (id.startsWith("newref:")) {
      return KmsError.MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT.exception("Object '" + id
          + "' not found. Possibly using a transactional object without committing the"
          + " transaction.");
    }
    return KmsError.MEDIA_OBJECT_NOT_FOUND.exception("Object '" + id + "' not found");
  }

  private static KmsException shouldBe(String name, String what) {
    return KmsError.MARSHALL_ERROR.exception("'" + name + "' parameter should be " + what);
  }

  private static boolean isPrimitive(JsonElement v, PrimitiveType type) {
    if (!v.isJsonPrimitive()) {
      return false;
    }
    JsonPrimitive p = v.getAsJsonPrimitive();
    return switch (type) {
      case STRING -> p.isString();
      case BOOLEAN -> p.isBoolean();
      case FLOAT, DOUBLE -> p.isNumber();
      case INT64 -> p.isNumber() && isIntegral(p.getAsBigDecimal());
      case INT -> p.isNumber() && isIntegral(p.getAsBigDecimal())
          && p.getAsBigDecimal().compareTo(INT_MIN) >= 0
          && p.getAsBigDecimal().compareTo(INT_MAX) <= 0;
    };
  }

  private static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }
}
