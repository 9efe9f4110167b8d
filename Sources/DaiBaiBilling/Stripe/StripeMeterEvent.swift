import Foundation

/// A billing meter event as Stripe returns it (`"object": "billing.meter_event"`).
public struct StripeMeterEvent: Sendable, Hashable, Decodable {
    /// Always `billing.meter_event`.
    public var object: String
    /// The meter's event name.
    public var eventName: String
    /// The event's unique identifier (Stripe dedupes on it).
    public var identifier: String
    /// The payload as sent (`stripe_customer_id`, `value`, …); Stripe returns the values as strings.
    public var payload: [String: String]
    /// When the usage happened, in seconds since 1970.
    public var timestamp: Int
    /// When Stripe created the event, in seconds since 1970.
    public var created: Int
    /// Whether the event was created with a live-mode key.
    public var livemode: Bool

    enum CodingKeys: String, CodingKey {
        case object, identifier, payload, timestamp, created, livemode
        case eventName = "event_name"
    }

    /// Creates an event (for tests and fakes).
    public init(eventName: String, identifier: String, payload: [String: String], timestamp: Int, created: Int, livemode: Bool) {
        self.object = "billing.meter_event"
        self.eventName = eventName
        self.identifier = identifier
        self.payload = payload
        self.timestamp = timestamp
        self.created = created
        self.livemode = livemode
    }
}
