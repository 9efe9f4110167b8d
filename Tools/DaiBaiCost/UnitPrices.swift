import Foundation

/// One published unit price: what is metered, what it costs, what is free, and where the figure
/// comes from.
///
/// `price` is in USD per ``unitSize`` units of ``unit`` (for example 0.25 per 1,000,000 RU).
/// ``freeGrant`` units per ``freeGrantPeriod`` are free; above them the quantity is billed at
/// ``price``, or through ``tiers`` (graduated) when the meter has them.
public struct UnitPrice: Sendable, Codable, Equatable {
    /// The period a free grant renews in.
    public enum GrantPeriod: String, Sendable, Codable, Equatable {
        /// The grant is per calendar month.
        case month
        /// The grant is per day (a month has ``CostCalendar/daysPerMonth`` of them).
        case day
        /// No free grant.
        case none
    }

    /// One step of a graduated price: billable units up to ``upTo`` (cumulative, after the free
    /// grant) cost ``price`` per ``UnitPrice/unitSize``; the last tier has no bound.
    public struct Tier: Sendable, Codable, Equatable {
        /// The cumulative billable quantity this tier ends at; `nil` for the last tier.
        public var upTo: Double?
        /// USD per ``UnitPrice/unitSize`` units within this tier.
        public var price: Double

        /// Creates a tier.
        public init(upTo: Double?, price: Double) {
            self.upTo = upTo
            self.price = price
        }
    }

    /// A stable identifier the model looks prices up by, e.g. `cosmos.serverless.ru`.
    public var id: String
    /// The Azure service (or vendor), e.g. `Azure Cosmos DB`.
    public var service: String
    /// The meter as the pricing page names it.
    public var meter: String
    /// The unit metered, e.g. `RU`, `GB-s`, `execution`, `operation`, `listener-hour`.
    public var unit: String
    /// How many units ``price`` is for (1, 10,000, 1,000,000).
    public var unitSize: Double
    /// USD per ``unitSize`` units (above the free grant; ignored when ``tiers`` is set).
    public var price: Double
    /// Units free per ``freeGrantPeriod``.
    public var freeGrant: Double
    /// The period the free grant renews in.
    public var freeGrantPeriod: GrantPeriod
    /// Graduated prices above the free grant, when the meter has tiers.
    public var tiers: [Tier]?
    /// The region and offer the price is for, e.g. `East US, pay-as-you-go`.
    public var region: String
    /// The pricing page the figure comes from.
    public var source: String
    /// When the figure was read (`YYYY-MM-DD`).
    public var retrieved: String
    /// Whether a search of published material confirmed the figure; `false` means best-known value.
    public var confirmed: Bool
    /// What the search found, or why the figure is not confirmed.
    public var note: String?

    /// Creates a price.
    public init(
        id: String, service: String, meter: String, unit: String, unitSize: Double = 1, price: Double,
        freeGrant: Double = 0, freeGrantPeriod: GrantPeriod = .none, tiers: [Tier]? = nil,
        region: String = "East US, pay-as-you-go", source: String, retrieved: String, confirmed: Bool, note: String? = nil
    ) {
        self.id = id
        self.service = service
        self.meter = meter
        self.unit = unit
        self.unitSize = unitSize
        self.price = price
        self.freeGrant = freeGrant
        self.freeGrantPeriod = freeGrantPeriod
        self.tiers = tiers
        self.region = region
        self.source = source
        self.retrieved = retrieved
        self.confirmed = confirmed
        self.note = note
    }

    /// The free units in one month.
    public var monthlyFreeGrant: Double {
        switch freeGrantPeriod {
        case .month: freeGrant
        case .day: freeGrant * CostCalendar.daysPerMonth
        case .none: 0
        }
    }

    /// The quantity above the monthly free grant.
    public func billableQuantity(monthly quantity: Double) -> Double {
        max(0, quantity - monthlyFreeGrant)
    }

    /// The monthly cost of `quantity` units: nothing within the free grant, then ``price`` (or
    /// the ``tiers``) per ``unitSize`` units.
    public func monthlyCost(quantity: Double) -> Double {
        let billable = billableQuantity(monthly: quantity)
        guard billable > 0 else { return 0 }
        guard let tiers, !tiers.isEmpty else { return billable / unitSize * price }
        var cost = 0.0
        var lower = 0.0
        for tier in tiers {
            let upper = tier.upTo ?? .infinity
            let inTier = min(billable, upper) - lower
            if inTier > 0 { cost += inTier / unitSize * tier.price }
            if billable <= upper { break }
            lower = upper
        }
        return cost
    }

    /// Checks the entry: a positive unit size, no negative price or grant, an `https` source
    /// and a `YYYY-MM-DD` retrieval date.
    public func validate() throws(CostModelError) {
        guard unitSize > 0 else { throw .invalidPrice(id: id, reason: "unitSize must be positive") }
        guard price >= 0, freeGrant >= 0 else { throw .invalidPrice(id: id, reason: "price and freeGrant must not be negative") }
        guard let url = URL(string: source), url.scheme == "https", url.host != nil else {
            throw .invalidPrice(id: id, reason: "source must be the https URL of the pricing page, got '\(source)'")
        }
        guard CostCalendar.isDate(retrieved) else {
            throw .invalidPrice(id: id, reason: "retrieved must be a YYYY-MM-DD date, got '\(retrieved)'")
        }
        if let tiers {
            for (index, tier) in tiers.enumerated() {
                guard tier.price >= 0 else { throw .invalidPrice(id: id, reason: "tier \(index + 1) has a negative price") }
                guard tier.upTo != nil || index == tiers.count - 1 else {
                    throw .invalidPrice(id: id, reason: "only the last tier may be unbounded")
                }
            }
        }
    }
}

/// The unit-price data file (`infra/cost/unit-prices.json`): every price the model uses.
public struct UnitPrices: Sendable, Codable, Equatable {
    /// The currency of every price (`USD`).
    public var currency: String
    /// What the figures assume (region, offer) and how they were collected.
    public var notes: [String]
    /// The prices.
    public var prices: [UnitPrice]

    /// Creates a price list.
    public init(currency: String = "USD", notes: [String] = [], prices: [UnitPrice]) {
        self.currency = currency
        self.notes = notes
        self.prices = prices
    }

    /// Decodes and validates the data file's JSON.
    public static func decode(_ data: Data) throws(CostModelError) -> UnitPrices {
        let prices: UnitPrices
        do {
            prices = try JSONDecoder().decode(UnitPrices.self, from: data)
        } catch {
            throw .invalidPriceFile("\(error)")
        }
        try prices.validate()
        return prices
    }

    /// Reads, decodes and validates the data file at `path`.
    public static func load(path: String) throws(CostModelError) -> UnitPrices {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidPriceFile("no readable file at \(path)")
        }
        return try decode(data)
    }

    /// Checks every entry (``UnitPrice/validate()``), the currency and that ids are unique.
    public func validate() throws(CostModelError) {
        guard currency == "USD" else { throw .invalidPriceFile("the currency must be USD, got \(currency)") }
        var seen: Set<String> = []
        for price in prices {
            guard seen.insert(price.id).inserted else { throw .invalidPrice(id: price.id, reason: "the id appears twice") }
            try price.validate()
        }
    }

    /// The price `id`.
    public func price(_ id: String) throws(CostModelError) -> UnitPrice {
        guard let price = prices.first(where: { $0.id == id }) else { throw .missingPrice(id: id) }
        return price
    }
}
