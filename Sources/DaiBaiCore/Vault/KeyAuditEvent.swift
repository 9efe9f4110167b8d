import Foundation
import Logging

/// One audited operation on a user's provider key; it carries no key material.
public struct KeyAuditEvent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What was done.
    public enum Action: String, Sendable, Hashable, Codable {
        /// A key was stored or replaced.
        case put
        /// A key was decrypted for use.
        case get
        /// A key was deleted.
        case delete
        /// A key's data key was re-wrapped with a newer key-encryption key version.
        case rotate
    }

    /// Whether it succeeded.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// It succeeded.
        case succeeded
        /// It was refused or failed (the reason is in ``KeyAuditEvent/failure``).
        case failed
    }

    /// What was done.
    public var action: Action
    /// The tenant.
    public var tenant: TenantID
    /// The user whose key it is.
    public var user: UserID
    /// The model vendor.
    public var provider: String
    /// The key version concerned, when known.
    public var keyVersion: Int?
    /// The key-encryption key version the entry is wrapped with afterwards, when known.
    public var kekVersion: String?
    /// Whether it succeeded.
    public var outcome: Outcome
    /// Why it failed (an error description, which never contains key material).
    public var failure: String?
    /// When.
    public var timestamp: Date

    /// Creates an event.
    public init(action: Action, tenant: TenantID, user: UserID, provider: String, keyVersion: Int? = nil, kekVersion: String? = nil, outcome: Outcome = .succeeded, failure: String? = nil, timestamp: Date = Date()) {
        self.action = action
        self.tenant = tenant
        self.user = user
        self.provider = provider
        self.keyVersion = keyVersion
        self.kekVersion = kekVersion
        self.outcome = outcome
        self.failure = failure
        self.timestamp = timestamp
    }

    /// `put tenant/user openai v2 succeeded`.
    public var description: String {
        "\(action.rawValue) \(tenant)/\(user) \(provider)\(keyVersion.map { " v\($0)" } ?? "") \(outcome.rawValue)"
    }
}

/// Where ``KeyAuditEvent``s go: an append-only record of who touched which key.
public protocol KeyAuditSink: Sendable {
    /// Records `event`. It must not throw into the vault's operation: a sink that can fail
    /// reports through its own logging.
    func record(_ event: KeyAuditEvent) async
}

/// A ``KeyAuditSink`` that writes each event as one `info` log line (metadata only).
public struct LoggingKeyAuditSink: KeyAuditSink {
    private let logger: Logger

    /// Creates a sink that logs to `logger`.
    public init(logger: Logger) { self.logger = logger }

    /// Logs `event`.
    public func record(_ event: KeyAuditEvent) async {
        logger.info("key audit", metadata: [
            "action": "\(event.action.rawValue)", "tenant": "\(event.tenant)", "user": "\(event.user)",
            "provider": "\(event.provider)", "key_version": "\(event.keyVersion.map(String.init) ?? "-")",
            "kek_version": "\(event.kekVersion ?? "-")", "outcome": "\(event.outcome.rawValue)",
            "failure": "\(event.failure ?? "-")",
        ])
    }
}
