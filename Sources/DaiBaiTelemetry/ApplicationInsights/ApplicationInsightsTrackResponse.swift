/// The body of a `v2.1/track` answer: how many items were received and accepted, and why the
/// others were not.
///
/// A 200 accepts everything; a 206 (partial success) lists the refused items by their index in
/// the posted array, each with its own status: a retryable one (408, 429, 5xx) may be sent again.
public struct ApplicationInsightsTrackResponse: Sendable, Equatable, Codable {
    /// One refused item.
    public struct ItemError: Sendable, Equatable, Codable {
        /// The item's position in the posted array (from 0).
        public var index: Int
        /// The item's own HTTP status.
        public var statusCode: Int
        /// The service's reason.
        public var message: String?

        /// Creates an item error.
        public init(index: Int, statusCode: Int, message: String? = nil) {
            self.index = index
            self.statusCode = statusCode
            self.message = message
        }
    }

    /// How many items the service read.
    public var itemsReceived: Int
    /// How many it accepted.
    public var itemsAccepted: Int
    /// The refused items.
    public var errors: [ItemError]

    /// Creates a response.
    public init(itemsReceived: Int, itemsAccepted: Int, errors: [ItemError] = []) {
        self.itemsReceived = itemsReceived
        self.itemsAccepted = itemsAccepted
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case itemsReceived, itemsAccepted, errors
    }

    /// Decodes a response; missing counts are 0 and missing errors an empty list.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        itemsReceived = try container.decodeIfPresent(Int.self, forKey: .itemsReceived) ?? 0
        itemsAccepted = try container.decodeIfPresent(Int.self, forKey: .itemsAccepted) ?? 0
        errors = try container.decodeIfPresent([ItemError].self, forKey: .errors) ?? []
    }
}
