#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A loopback TCP port held by the test until ``close()``, so that no other test's server can
/// take it meanwhile (stopping a server to free its port leaves that race open).
///
/// - ``Behaviour/refusing``: bound but not listening, so every connection is refused at once.
/// - ``Behaviour/silent``: listening but never accepting: connections complete in the kernel's
///   backlog and a request is never answered. This is the peer for a test *about* a timeout:
///   no amount of machine load makes it answer in time.
///
/// ```swift
/// let port = try ReservedLoopbackPort(.silent)
/// defer { port.close() }
/// // send to port.baseURL with a short timeout and expect a timeout error
/// ```
public final class ReservedLoopbackPort: Sendable {
    /// What a connection to the port meets.
    public enum Behaviour: Sendable {
        /// The connection is refused (nothing listens).
        case refusing
        /// The connection is accepted by the kernel and then nothing is ever sent back.
        case silent
    }

    /// The port number.
    public let port: UInt16
    /// What a connection meets.
    public let behaviour: Behaviour
    private let descriptor: Mutex<Int32?>

    /// Reserves a free port on 127.0.0.1.
    public init(_ behaviour: Behaviour) throws(ReservedLoopbackPortError) {
        #if os(Linux)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw ReservedLoopbackPortError(step: "socket()", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let failure = ReservedLoopbackPortError(step: "bind()", errno: errno)
            Self.release(descriptor)
            throw failure
        }
        if behaviour == .silent, listen(descriptor, 128) != 0 {
            let failure = ReservedLoopbackPortError(step: "listen()", errno: errno)
            Self.release(descriptor)
            throw failure
        }
        self.descriptor = Mutex(descriptor)
        self.behaviour = behaviour
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `127.0.0.1:<port>`, as an HTTP authority.
    public var authority: String { "127.0.0.1:\(port)" }

    /// Releases the port (again is harmless).
    public func close() {
        if let descriptor = descriptor.withLock({ value -> Int32? in defer { value = nil }; return value }) {
            Self.release(descriptor)
        }
    }

    private static func release(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #elseif canImport(Darwin)
        _ = Darwin.close(descriptor)
        #endif
    }
}

/// Why a loopback port could not be reserved.
public struct ReservedLoopbackPortError: Error, CustomStringConvertible {
    /// The system call that failed.
    public var step: String
    /// Its `errno`.
    public var errno: Int32

    /// The failed call and its errno.
    public var description: String { "reserving a loopback port failed at \(step): errno \(errno)" }
}
