package io.vidgate.emulator.kmd;

/**
 * A remote-class property. Every property has a getter ({@code getX}); only properties that are
 * neither read-only nor final have a setter ({@code setX}).
 */
public record PropertyDef(String name, TypeRef type, boolean readOnly, boolean isFinal) {

  public boolean writable() {
    return !readOnly && !isFinal;
  }
}
