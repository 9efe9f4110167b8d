import DaiBaiCost
import Foundation
import Testing

@Suite("The unit-price data file")
struct PriceFileTests {
    @Test("decodes, and every price has an https source, a retrieval date and a note when unconfirmed")
    func decodes() throws {
        let prices = try CostFixtures.prices()
        #expect(prices.currency == "USD")
        #expect(prices.prices.count >= 20)
        for price in prices.prices {
            #expect(price.source.hasPrefix("https://"), "\(price.id) has no https source")
            let date = price.retrieved.split(separator: "-")
            #expect(date.count == 3 && date[0].count == 4 && date[1].count == 2 && date[2].count == 2, "\(price.id): \(price.retrieved)")
            #expect(!price.region.isEmpty, "\(price.id) has no region")
            if !price.confirmed { #expect(!(price.note ?? "").isEmpty, "\(price.id) is unconfirmed without a note") }
        }
    }

    @Test("holds every price the model looks up")
    func complete() throws {
        let prices = try CostFixtures.prices()
        let needed = [
            "functions.flex.ondemand.gbs", "functions.flex.ondemand.executions", "functions.consumption.gbs",
            "functions.consumption.executions", "cosmos.serverless.ru", "cosmos.serverless.storage",
            "keyvault.standard.operations", "appconfig.free.requests", "appconfig.standard.store", "appconfig.standard.requests",
            "relay.hybrid.listener", "relay.hybrid.data", "loganalytics.analytics.ingestion", "apim.consumption.calls",
            "staticwebapps.standard", "storage.blob.hot.lrs", "entra.externalid.mau",
        ] + CostModel.llmModels.flatMap { [$0.1, $0.2] }
        for id in needed { #expect(throws: Never.self, "\(id)") { _ = try prices.price(id) } }
        #expect(throws: CostModelError.missingPrice(id: "no.such.price")) { _ = try prices.price("no.such.price") }
    }

    @Test("the published figures recorded: Flex 100,000 GB-s and 250,000 executions free, Log Analytics 5 GB free")
    func figures() throws {
        let prices = try CostFixtures.prices()
        #expect(try prices.price("functions.flex.ondemand.gbs").freeGrant == 100_000)
        #expect(try prices.price("functions.flex.ondemand.executions").freeGrant == 250_000)
        #expect(try prices.price("loganalytics.analytics.ingestion").freeGrant == 5)
        #expect(try prices.price("entra.externalid.mau").freeGrant == 50_000)
    }

    @Test("a file with a duplicate id or a price without a source is refused")
    func refusals() {
        let entry = #"{"id":"a","service":"S","meter":"m","unit":"u","unitSize":1,"price":1,"freeGrant":0,"freeGrantPeriod":"none","region":"r","source":"https://x.example/","retrieved":"2026-12-03","confirmed":true}"#
        let duplicate = #"{"currency":"USD","notes":[],"prices":[\#(entry),\#(entry)]}"#
        #expect(throws: CostModelError.invalidPrice(id: "a", reason: "the id appears twice")) { _ = try UnitPrices.decode(Data(duplicate.utf8)) }
        let sourceless = duplicate.replacingOccurrences(of: "https://x.example/", with: "")
        #expect(throws: CostModelError.self) { _ = try UnitPrices.decode(Data(sourceless.utf8)) }
        #expect(throws: CostModelError.self) { _ = try UnitPrices.decode(Data("not json".utf8)) }
    }
}
