/// Why the custom handler's settings from the Functions host could not be used.
public enum FunctionsCustomHandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `FUNCTIONS_CUSTOMHANDLER_PORT` is set but is not a TCP port number (1–65535).
    case invalidPort(String)

    /// What failed and what to do.
    public var description: String {
        switch self {
        case .invalidPort(let value):
            "\(FunctionsCustomHandler.portVariable) is '\(value)', which is not a TCP port number (1-65535); "
                + "the Functions host sets it to the port it forwards requests to — unset it outside Azure Functions "
                + "or set a whole number between 1 and 65535"
        }
    }
}
