import Foundation

// DaiBai's errors describe themselves through `description`; these conformances make
// `localizedDescription` (which Foundation uses on Linux too) show the same message.

/// The error's `description` as its localized description.
extension SecretStoreError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension ChatStoreError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension DataInventoryError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension DatabaseError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension ConfigurationError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension BootstrapError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension CredentialError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension UsageError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension LLMError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension HTTPTransportError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension InvalidIdentifierError: LocalizedError { public var errorDescription: String? { description } }
/// The error's `description` as its localized description.
extension SQLiteDatabaseError: LocalizedError { public var errorDescription: String? { description } }
