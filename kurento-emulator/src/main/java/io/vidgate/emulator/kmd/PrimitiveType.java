package io.vidgate.emulator.kmd;

/** The kmd primitive types and the words KMS uses for them in its marshalling errors. */
public enum PrimitiveType {
  STRING("String", "a string"),
  BOOLEAN("boolean", "a boolean"),
  INT("int", "an integer"),
  INT64("int64", "an integer"),
  FLOAT("float", "a float"),
  DOUBLE("double", "a double");

  private final String kmdName;
  private final String article;

  PrimitiveType(String kmdName, String article) {
    this.kmdName = kmdName;
    this.article = article;
  }

  public String kmdName() {
    return kmdName;
  }

  /** "a string", "an integer"…, as in KMS's {@code 'offer' parameter should be a string}. */
  public String article() {
    return article;
  }

  public static PrimitiveType of(String kmdName) {
    for (PrimitiveType t : values()) {
      if (t.kmdName.equals(kmdName)) {
        return t;
      }
    }
    return null;
  }
}
