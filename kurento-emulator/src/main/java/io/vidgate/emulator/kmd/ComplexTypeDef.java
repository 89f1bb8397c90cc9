package io.vidgate.emulator.kmd;

import java.util.List;

/**
 * A complex type: either an enum ({@code typeFormat: ENUM}, with {@code values}) or a structure
 * ({@code typeFormat: REGISTER}, with {@code fields}; written on the wire with
 * {@code "__module__":"kurento","__type__":"<name>"}).
 */
public record ComplexTypeDef(String name, boolean isEnum, List<String> values, String parent,
    List<ParamDef> fields) {}
