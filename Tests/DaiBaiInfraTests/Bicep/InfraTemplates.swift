import Foundation

/// The repository's `infra/` folder, parsed once per use.
struct InfraTemplates: Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The repository root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let infra = root.appendingPathComponent("infra")

    let main: BicepFile
    /// Every `.bicep` file under `infra/`, by path relative to `infra/`.
    let files: [String: BicepFile]
    /// Every `.bicepparam` file under `infra/`, by path relative to `infra/`.
    let parameterFiles: [String: BicepFile]

    init() throws {
        var files: [String: BicepFile] = [:]
        var parameterFiles: [String: BicepFile] = [:]
        guard let walker = FileManager.default.enumerator(atPath: Self.infra.path) else {
            throw Failure(description: "no infra/ folder at \(Self.infra.path)")
        }
        for case let relative as String in walker {
            let path = Self.infra.appendingPathComponent(relative).path
            if relative.hasSuffix(".bicep") { files[relative] = try BicepFile(path: path) }
            if relative.hasSuffix(".bicepparam") { parameterFiles[relative] = try BicepFile(path: path) }
        }
        guard let main = files["main.bicep"] else { throw Failure(description: "infra/main.bicep is missing") }
        self.main = main
        self.files = files
        self.parameterFiles = parameterFiles
    }

    /// Every resource declared (not `existing`) in any file.
    var declaredResources: [(file: String, resource: BicepFile.Resource)] {
        files.sorted { $0.key < $1.key }.flatMap { file in
            file.value.resources.filter { !$0.isExisting }.map { (file.key, $0) }
        }
    }

    /// The declared resources of one type.
    func resources(ofType type: String) -> [(file: String, resource: BicepFile.Resource)] {
        declaredResources.filter { $0.resource.type.lowercased() == type.lowercased() }
    }

    /// All source text (comments removed), for whole-template searches.
    var allText: String {
        (files.values.map(\.text) + parameterFiles.values.map(\.text)).joined(separator: "\n")
    }

    /// The `var` values (quotes removed) whose names end in `RoleId`, by variable name.
    var roleIDVariables: [String: String] {
        var found: [String: String] = [:]
        for file in files.values {
            for (name, value) in file.vars where name.hasSuffix("RoleId") {
                found[name] = value.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            }
        }
        return found
    }
}

/// The names in `text` of entries written `name: 'NAME'` (app settings, containers, …).
func quotedNames(in text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let range = rest.range(of: "name: '") {
        let after = rest[range.upperBound...]
        guard let close = after.firstIndex(of: "'") else { break }
        names.append(String(after[..<close]))
        rest = after[close...]
    }
    return names
}

/// Whether `name` is written in UPPER_SNAKE_CASE (the outputs reserved for SDK configuration keys).
func isUpperSnake(_ name: String) -> Bool {
    !name.isEmpty && name.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } && name.first?.isLetter == true
}
