/// Why the stack could not be built from configuration.
public enum BootstrapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration is invalid.
    case configuration(ConfigurationError)
    /// The deployment profile has no registered defaults (for example `azure` without `DaiBaiAzure`).
    case unknownProfile(String, registered: [String])
    /// The chosen backend of a component is not registered.
    case unknownBackend(kind: ComponentKind, name: String, registered: [String])
    /// A backend's factory failed; the message comes from its typed error.
    case componentFailed(kind: ComponentKind, backend: String, message: String)
    /// A remote configuration source (for example Azure App Configuration) could not be loaded.
    case configurationSourceFailed(source: String, message: String)

    /// A message that says what failed and what to do.
    public var description: String {
        switch self {
        case .configuration(let error):
            "\(error)"
        case .unknownProfile(let name, let registered):
            "Deployment profile '\(name)' is not registered (registered: \(registered.joined(separator: ", "))). "
                + (name == "azure" ? "Link DaiBaiAzure and register its components before bootstrapping, or unset AZURE_DEPLOYMENT." : "Register it with ComponentRegistry.registerProfile(_:defaults:).")
        case .unknownBackend(let kind, let name, let registered):
            "No \(kind) backend named '\(name)' is registered (registered: \(registered.joined(separator: ", "))). Fix '\(kind.configKey)' or register the backend."
        case .componentFailed(let kind, let backend, let message):
            "The \(kind) backend '\(backend)' could not be created: \(message)"
        case .configurationSourceFailed(let source, let message):
            "The configuration source \(source) could not be loaded: \(message)"
        }
    }
}
