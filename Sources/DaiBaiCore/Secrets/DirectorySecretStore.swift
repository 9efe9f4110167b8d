import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``SecretStore`` with one file per secret, as in `/run/secrets` (Docker, Kubernetes).
///
/// A secret's value is its file's content with one trailing newline (`\n`) removed; writing
/// adds that newline back, so any value round-trips exactly. Names are validated
/// ``SecretName``s and tenant identifiers are validated ``TenantID``s (letters, digits, `-`,
/// `_`), so a path can never leave the root directory. Files whose names are not valid
/// secret names (such as temporary files) are ignored.
///
/// Writes are atomic: the value goes to a temporary file (mode 0600) in the same directory,
/// which is then renamed over the secret's file. Directories the store creates get mode 0700.
/// On case-insensitive file systems names that differ only by case are the same secret.
public final class DirectorySecretStore: SecretStore {
    /// How secrets are laid out under the root directory.
    public enum Layout: Sendable, Hashable {
        /// One subdirectory per tenant: `<root>/<tenant>/<NAME>`.
        case perTenant
        /// Flat files `<root>/<NAME>` that belong to `owner`; every other tenant sees no
        /// secrets and cannot write (``SecretStoreError/readOnly(store:)``).
        case singleTenant(owner: TenantID)
    }

    /// `"directory"`.
    public var storeName: String { "directory" }

    /// The root directory.
    public let root: String
    /// How secrets are laid out under ``root``.
    public let layout: Layout

    private let logger: Logger

    /// Creates a store rooted at `root` (created on first write when missing).
    /// - Parameters:
    ///   - root: The root directory path.
    ///   - layout: How secrets are laid out under it.
    ///   - logger: Where diagnostics go (names only, never values); nothing is logged by default.
    public init(
        root: String,
        layout: Layout = .perTenant,
        logger: Logger = Logger(label: "daibai.secrets.directory", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.root = root
        self.layout = layout
        self.logger = logger
    }

    /// The directory holding `tenant`'s secrets, or `nil` when the layout gives it none.
    private func directory(for tenant: TenantID) -> String? {
        switch layout {
        case .perTenant: (root as NSString).appendingPathComponent(tenant.rawValue)
        case .singleTenant(let owner): tenant == owner ? root : nil
        }
    }

    /// The content of the secret's file with one trailing newline removed, or `nil` when there is no file.
    public func secret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) -> SecretValue? {
        guard let directory = directory(for: context.tenant) else { return nil }
        let path = (directory as NSString).appendingPathComponent(name.rawValue)
        guard let data = try SecretFiles.read(path, operation: "read secret '\(name)'") else { return nil }
        var bytes = data
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let value = String(data: bytes, encoding: .utf8) else {
            throw .backend("read secret '\(name)' failed: the file is not valid UTF-8 text")
        }
        return SecretValue(value)
    }

    /// Writes the secret's file atomically (value plus a newline, mode 0600).
    public func setSecret(_ value: SecretValue, named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        guard let directory = directory(for: context.tenant) else {
            throw .readOnly(store: "\(storeName) (single-tenant, belongs to another tenant)")
        }
        try SecretFiles.ensureDirectory(directory, operation: "write secret '\(name)'")
        let path = (directory as NSString).appendingPathComponent(name.rawValue)
        try SecretFiles.writeAtomically(Data((value.revealed() + "\n").utf8), to: path, operation: "write secret '\(name)'")
        logger.debug("Stored secret", metadata: ["name": "\(name)", "tenant": "\(context.tenant)"])
    }

    /// Deletes the secret's file; throws ``SecretStoreError/notFound(_:)`` when there is none.
    public func deleteSecret(named name: SecretName, context: RequestContext) async throws(SecretStoreError) {
        guard let directory = directory(for: context.tenant) else {
            throw .readOnly(store: "\(storeName) (single-tenant, belongs to another tenant)")
        }
        let path = (directory as NSString).appendingPathComponent(name.rawValue)
        if unlink(path) != 0 {
            let code = errno
            if code == ENOENT { throw .notFound(name) }
            throw .backend("delete secret '\(name)' failed: \(SecretFiles.errorText(code))")
        }
        logger.debug("Deleted secret", metadata: ["name": "\(name)", "tenant": "\(context.tenant)"])
    }

    /// The sorted names of the regular files in the tenant's directory that are valid secret names.
    public func secretNames(context: RequestContext) async throws(SecretStoreError) -> [SecretName] {
        guard let directory = directory(for: context.tenant) else { return [] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            if !FileManager.default.fileExists(atPath: directory) { return [] }
            throw .backend("list secrets failed: cannot read the directory \(directory): \(error.localizedDescription)")
        }
        return entries.compactMap { entry -> SecretName? in
            guard let name = SecretName(rawValue: entry) else { return nil }
            var isDirectory: ObjCBool = false
            let path = (directory as NSString).appendingPathComponent(entry)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return nil
            }
            return name
        }.sorted()
    }
}

/// File helpers shared by the file-based secret stores.
enum SecretFiles {
    /// `strerror` text for `code`.
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The file's bytes, or `nil` when it does not exist.
    static func read(_ path: String, operation: String) throws(SecretStoreError) -> Data? {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return nil }
            throw .backend("\(operation) failed: cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// Creates `path` (and missing parents) with mode 0700 unless it exists.
    static func ensureDirectory(_ path: String, operation: String) throws(SecretStoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .backend("\(operation) failed: \(path) exists but is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .backend("\(operation) failed: cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    /// Writes `data` to `path` atomically: a temporary file (mode 0600) in the same directory,
    /// flushed to disk, then renamed over `path`.
    static func writeAtomically(_ data: Data, to path: String, operation: String) throws(SecretStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        let fileName = (path as NSString).lastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(".\(fileName).tmp-\(UUID().uuidString)")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .backend("\(operation) failed: cannot create a temporary file in \(directory): \(errorText(errno))")
        }
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 { failure = "cannot set file mode 0600: \(errorText(errno))" }
        if failure == nil {
            failure = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> String? in
                var offset = 0
                while offset < buffer.count {
                    guard let base = buffer.baseAddress else { return nil }
                    let written = write(descriptor, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return "cannot write the temporary file: \(errorText(errno))"
                    }
                    offset += written
                }
                return nil
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush the temporary file: \(errorText(errno))" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close the temporary file: \(errorText(errno))" }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename the temporary file into place: \(errorText(errno))" }
        if let failure {
            _ = unlink(temporary)
            throw .backend("\(operation) failed: \(failure)")
        }
    }
}
