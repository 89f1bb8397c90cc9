package io.vidgate.emulator.kmd;

import java.util.List;

/**
 * A remote class as declared in one kmd file. Inherited members are reached through
 * {@link KmdModel}, which knows the whole hierarchy.
 *
 * @param constructorParams null when the class declares no constructor (abstract classes and
 *     the ServerManager singleton cannot be created by clients)
 */
public record RemoteClassDef(String name, String module, String parent, boolean isAbstract,
    List<ParamDef> constructorParams, List<MethodDef> methods, List<PropertyDef> properties,
    List<String> events) {

  public boolean creatable() {
    return !isAbstract && constructorParams != null;
  }
}
