import Foundation
import Testing

/// How a conformance check wants its fresh store set up.
public struct StoreSetup: Sendable {
    /// The store's clock. Stores without timestamps ignore it.
    public var clock: @Sendable () -> Date
    /// The store's id generator, or `nil` for the implementation's own default. Stores that
    /// generate no ids ignore it.
    public var ids: (@Sendable () -> String)?

    /// A setup with a fresh ``SteppingClock`` and fresh ``SequentialIDs`` unless given others.
    public init(
        clock: @escaping @Sendable () -> Date = SteppingClock().closure,
        ids: (@Sendable () -> String)? = SequentialIDs().closure
    ) {
        self.clock = clock
        self.ids = ids
    }
}

/// One implementation of a store protocol, as the conformance kit sees it: a name and a way to
/// make a fresh, empty store for one check.
///
/// `Store` is the protocol's existential (`any ChatStore`, `any DataInventory`,
/// `any SecretStore`). The factory owns whatever the store needs (a temporary directory, a
/// loopback fake server) for the duration of `body`, and tears it down afterwards.
public struct StoreSubject<Store>: Sendable, CustomTestStringConvertible {
    /// Makes a fresh store set up as asked and runs the check's body with it.
    public typealias Factory = @Sendable (_ setup: StoreSetup, _ body: (Store) async throws -> Void) async throws -> Void

    /// The name the test report shows for this implementation.
    public let name: String
    private let factory: Factory

    /// A subject named `name` whose stores `factory` makes.
    public init(_ name: String, factory: @escaping Factory) {
        self.name = name
        self.factory = factory
    }

    /// Runs `body` with a fresh store set up as `setup` asks.
    public func withStore(_ setup: StoreSetup = StoreSetup(), _ body: (Store) async throws -> Void) async throws {
        try await factory(setup, body)
    }

    /// The name, for the test report.
    public var testDescription: String { name }
}

/// One named behaviour of a store protocol, checked against any ``StoreSubject`` of it.
public struct ConformanceCheck<Store>: Sendable, CustomTestStringConvertible {
    /// What the check asserts, in a sentence; the test report shows it.
    public let name: String
    private let body: @Sendable (StoreSubject<Store>) async throws -> Void

    /// A check called `name` that runs `body`.
    public init(_ name: String, _ body: @escaping @Sendable (StoreSubject<Store>) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the check against `subject`, recording failed expectations as test issues.
    public func run(on subject: StoreSubject<Store>) async throws {
        try await body(subject)
    }

    /// The name, for the test report.
    public var testDescription: String { name }
}
