package io.vidgate.emulator.kmd;

/**
 * A type as written in a kmd file: a base name, optionally followed by {@code []} (a list) or
 * {@code <>} (a map keyed by string), e.g. {@code Tag[]}, {@code Stats<>}, {@code int64}.
 */
public record TypeRef(String base, Shape shape) {

  public enum Shape { SINGLE, LIST, MAP }

  public static TypeRef parse(String text) {
    if (text.endsWith("[]")) {
      return new TypeRef(text.substring(0, text.length() - 2), Shape.LIST);
    }
    if (text.endsWith("<>")) {
      return new TypeRef(text.substring(0, text.length() - 2), Shape.MAP);
    }
    return new TypeRef(text, Shape.SINGLE);
  }

  public TypeRef element() {
    return new TypeRef(base, Shape.SINGLE);
  }

  public boolean isSingle() {
    return shape == Shape.SINGLE;
  }

  public boolean isPrimitive() {
    return isSingle() && PrimitiveType.of(base) != null;
  }

  @Override
  public String toString() {
    return switch (shape) {
      case SINGLE -> base;
      case LIST -> base + "[]";
      case MAP -> base + "<>";
    };
  }
}
