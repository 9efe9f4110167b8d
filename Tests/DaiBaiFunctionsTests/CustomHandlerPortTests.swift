import DaiBaiFunctions
import Testing

@Suite("FUNCTIONS_CUSTOMHANDLER_PORT")
struct CustomHandlerPortTests {
    @Test("unset is nil")
    func unset() throws {
        #expect(try FunctionsCustomHandler.port(environment: [:]) == nil)
        #expect(try FunctionsCustomHandler.port(environment: ["PORT": "8080"]) == nil)
    }

    @Test("a port number is read", arguments: [("7071", 7071), ("1", 1), ("65535", 65535), (" 40123\n", 40123)])
    func valid(value: String, port: Int) throws {
        #expect(try FunctionsCustomHandler.port(environment: [FunctionsCustomHandler.portVariable: value]) == port)
    }

    @Test("anything else is a typed error naming the variable and the value",
          arguments: ["", " ", "abc", "0", "65536", "-1", "+80", "80a", "8 0", "0x50", "99999999999999999999"])
    func invalid(value: String) {
        #expect(FunctionsCustomHandler.portVariable == "FUNCTIONS_CUSTOMHANDLER_PORT")
        do {
            let port = try FunctionsCustomHandler.port(environment: ["FUNCTIONS_CUSTOMHANDLER_PORT": value])
            Issue.record("'\(value)' was accepted as port \(String(describing: port))")
        } catch {
            #expect(error == .invalidPort(value))
            #expect(error.description.contains("FUNCTIONS_CUSTOMHANDLER_PORT is '\(value)'"))
            #expect(error.description.contains("1-65535"))
        }
    }
}
