package io.vidgate.emulator.kmd;

import java.util.List;

/**
 * Something a client may {@code invoke} on an object: a declared method, or the getter/setter that
 * KMS generates for a property ({@code getName}, {@code setName {"name": …}}).
 *
 * @param declaringClass the class of the hierarchy that declares the method or property
 * @param property the property behind a getter/setter, null for methods
 * @param returnType null for void
 */
public record Operation(String name, Kind kind, String declaringClass, List<ParamDef> params,
    TypeRef returnType, PropertyDef property) {

  public enum Kind { METHOD, GETTER, SETTER }

  static Operation method(String declaringClass, MethodDef m) {
    return new Operation(m.name(), Kind.METHOD, declaringClass, m.params(), m.returnType(), null);
  }

  static Operation getter(String declaringClass, PropertyDef p) {
    return new Operation("get" + capitalize(p.name()), Kind.GETTER, declaringClass, List.of(),
        p.type(), p);
  }

  static Operation setter(String declaringClass, PropertyDef p) {
    return new Operation("set" + capitalize(p.name()), Kind.SETTER, declaringClass,
        List.of(new ParamDef(p.name(), p.type(), false, null)), null, p);
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
