package io.vidgate.emulator.kmd;

import java.util.List;

/** An event type; {@code parent} is null for the root ({@code RaiseBase}). */
public record EventDef(String name, String parent, List<PropertyDef> properties) {}
