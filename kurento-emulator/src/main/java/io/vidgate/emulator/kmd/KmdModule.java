package io.vidgate.emulator.kmd;

import java.util.List;

/**
 * One loaded kmd file.
 *
 * @param rawJson the file as shipped, returned by {@code ServerManager.getKmd(moduleName)}
 * @param factories the classes of this module a client can {@code create}, as listed in
 *     ServerInfo's ModuleInfo
 */
public record KmdModule(String name, String version, String rawJson, List<String> factories) {}
