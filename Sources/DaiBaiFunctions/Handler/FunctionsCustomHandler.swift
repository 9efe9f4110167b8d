/// The settings the Azure Functions host gives the custom handler it starts.
///
/// The host chooses a port, puts it into `FUNCTIONS_CUSTOMHANDLER_PORT` and forwards every
/// request to `127.0.0.1` on it; the handler must listen there within 60 seconds
/// (<https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers>).
public enum FunctionsCustomHandler {
    /// The environment variable holding the port to listen on.
    public static let portVariable = "FUNCTIONS_CUSTOMHANDLER_PORT"

    /// The port the host forwards to, from `environment`; `nil` when the variable is unset
    /// (not running under the Functions host). Surrounding whitespace is ignored.
    ///
    /// - Throws: ``FunctionsCustomHandlerError/invalidPort(_:)`` when it is set but is not a
    ///   whole number from 1 to 65535 (an empty value included).
    public static func port(environment: [String: String]) throws(FunctionsCustomHandlerError) -> Int? {
        guard let raw = environment[portVariable] else { return nil }
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), trimmed.utf8.count <= 5,
              let port = Int(trimmed), (1...65535).contains(port)
        else { throw .invalidPort(raw) }
        return port
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
