package io.vidgate.emulator.kmd;

import com.google.gson.JsonElement;

/** A constructor or method parameter; {@code defaultValue} is null when the kmd gives none. */
public record ParamDef(String name, TypeRef type, boolean optional, JsonElement defaultValue) {}
