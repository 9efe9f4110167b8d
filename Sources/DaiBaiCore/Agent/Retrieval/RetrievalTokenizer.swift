/// Splits free text and SQL identifiers into normalised words for retrieval.
///
/// Words break at every character that is not a letter or digit, at lower-to-upper case changes
/// (`songName` → `song`, `name`), before the last capital of an upper-case run followed by a
/// lower-case letter (`HTTPServer` → `http`, `server`) and between letters and digits
/// (`line2` → `line`, `2`). Words are lower-cased and folded by ``stem(_:)``; stop words (question
/// filler such as "the", "how", "many", "show", matched before folding) are dropped when asked. Pure and allocation-light:
/// one pass over the text's Unicode scalars.
struct RetrievalTokenizer: Sendable {
    /// Whether ``words(in:)`` drops ``stopWords``.
    var removesStopWords: Bool

    /// Creates a tokenizer.
    init(removesStopWords: Bool = true) {
        self.removesStopWords = removesStopWords
    }

    /// Filler words of English questions that say nothing about which table is meant.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
        "is", "are", "was", "were", "be", "been", "do", "does", "did", "have", "has", "had",
        "what", "which", "who", "whom", "whose", "where", "when", "how", "many", "much",
        "show", "list", "give", "me", "find", "return", "all", "each", "every", "that", "this",
        "these", "those", "there", "their", "its", "it", "as", "than", "please", "tell", "i",
        "we", "you", "our", "your", "display",
    ]

    /// Irregular plurals folded to their singular.
    static let irregularPlurals: [String: String] = [
        "people": "person", "men": "man", "women": "woman", "children": "child",
        "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    ]

    /// The normalised words of `text`, in order.
    func words(in text: String) -> [String] {
        var result: [String] = []
        forEachWord(in: text) { result.append($0) }
        return result
    }

    /// Calls `body` with each normalised word of `text`, in order.
    func forEachWord(in text: String, _ body: (String) -> Void) {
        var current = String.UnicodeScalarView()
        var previous: ScalarClass = .other
        var pendingUpper: Unicode.Scalar?  // the last scalar of an upper-case run, not yet placed
        func flush() {
            if !current.isEmpty {
                emit(String(current), body)
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.unicodeScalars {
            let kind = ScalarClass(scalar)
            switch kind {
            case .other:
                if let upper = pendingUpper { current.append(upper); pendingUpper = nil }
                flush()
            case .digit:
                if let upper = pendingUpper { current.append(upper); pendingUpper = nil }
                if previous != .digit { flush() }
                current.append(scalar)
            case .upper:
                if let upper = pendingUpper { current.append(upper); pendingUpper = nil }
                if previous != .upper { flush() }
                pendingUpper = scalar
            case .lower:
                if let upper = pendingUpper {
                    // "HTTPServer": the capital before a lower-case letter starts a new word.
                    flush()
                    current.append(upper)
                    pendingUpper = nil
                } else if previous == .digit {
                    flush()
                }
                current.append(scalar)
            }
            previous = kind
        }
        if let upper = pendingUpper { current.append(upper) }
        flush()
    }

    private func emit(_ raw: String, _ body: (String) -> Void) {
        let lowered = raw.lowercased()
        if removesStopWords, Self.stopWords.contains(lowered) { return }
        body(Self.stem(lowered))
    }

    /// Folds common English plurals to the singular: `singers` → `singer`, `countries` →
    /// `country`, `classes` → `class`, `people` → `person`; leaves `status`, `address`, `analysis`.
    static func stem(_ word: String) -> String {
        if let irregular = irregularPlurals[word] { return irregular }
        let count = word.utf8.count
        if count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if count > 4, word.hasSuffix("sses") || word.hasSuffix("xes") || word.hasSuffix("ches")
            || word.hasSuffix("shes") || word.hasSuffix("zzes") {
            return String(word.dropLast(2))
        }
        if count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }
}

/// How the tokenizer treats one Unicode scalar.
private enum ScalarClass: Equatable {
    case upper, lower, digit, other

    init(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A: self = .upper
            case 0x61...0x7A: self = .lower
            case 0x30...0x39: self = .digit
            default: self = .other
            }
            return
        }
        let properties = scalar.properties
        if properties.numericType != nil {
            self = .digit
        } else if properties.isUppercase {
            self = .upper
        } else if properties.isAlphabetic {
            self = .lower
        } else {
            self = .other
        }
    }
}
