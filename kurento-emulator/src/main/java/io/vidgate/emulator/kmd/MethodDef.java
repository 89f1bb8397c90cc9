package io.vidgate.emulator.kmd;

import java.util.List;

/** A remote-class method; {@code returnType} is null for void methods. */
public record MethodDef(String name, List<ParamDef> params, TypeRef returnType) {}
