import DaiBaiTelemetry
import DaiBaiTestSupport
import Testing

@Suite("Application Insights connection strings")
struct ApplicationInsightsConnectionStringTests {
    @Test("A portal connection string: key, regional endpoint, keys in any case, trailing separator")
    func good() throws {
        let parsed = try ApplicationInsightsConnectionString(parsing:
            "instrumentationkey=\(AITest.key);IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=abc;")
        #expect(parsed.instrumentationKey.revealed() == AITest.key)
        #expect(parsed.ingestionEndpoint == "https://westeurope-5.in.applicationinsights.azure.com")
        #expect(parsed.trackURL == "https://westeurope-5.in.applicationinsights.azure.com/v2.1/track")
        #expect(parsed.authorization == .instrumentationKey)
        #expect(parsed.entraScope == "https://monitor.azure.com//.default")
    }

    @Test("Without IngestionEndpoint: the global endpoint, or one built from EndpointSuffix and Location")
    func defaults() throws {
        let global = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key)")
        #expect(global.ingestionEndpoint == "https://dc.services.visualstudio.com")
        let sovereign = try ApplicationInsightsConnectionString(parsing:
            "InstrumentationKey=\(AITest.key);EndpointSuffix=applicationinsights.azure.cn;Location=chinaeast2")
        #expect(sovereign.ingestionEndpoint == "https://chinaeast2.dc.applicationinsights.azure.cn")
    }

    @Test("Authorization=AAD asks for Entra tokens; AADAudience changes the scope")
    func entra() async throws {
        let parsed = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key);Authorization=AAD")
        #expect(parsed.authorization == .entra)
        #expect(parsed.entraScope == "https://monitor.azure.com//.default")
        let china = try ApplicationInsightsConnectionString(parsing:
            "InstrumentationKey=\(AITest.key);authorization=aad;AADAudience=https://monitor.azure.cn/")
        #expect(china.entraScope == "https://monitor.azure.cn//.default")
        await expectError(ApplicationInsightsConnectionStringError.self, { $0 == .unsupportedAuthorization("sas") }) {
            _ = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key);Authorization=sas")
        }
    }

    @Test("A missing or empty key, and an empty string, are refused")
    func missingKey() async {
        for text in ["IngestionEndpoint=https://dc.example.com", "InstrumentationKey=;IngestionEndpoint=https://dc.example.com"] {
            await expectError(ApplicationInsightsConnectionStringError.self, { $0 == .missingInstrumentationKey }) {
                _ = try ApplicationInsightsConnectionString(parsing: text)
            }
        }
        await expectError(ApplicationInsightsConnectionStringError.self, { $0 == .empty }) {
            _ = try ApplicationInsightsConnectionString(parsing: " ; ")
        }
    }

    @Test("Errors and descriptions never repeat the key")
    func neverEchoesTheKey() async throws {
        let notAGUID = "not-a-guid-0123456789-secretish"
        await expectError(ApplicationInsightsConnectionStringError.self, { error in
            error == .invalidInstrumentationKey && !error.description.contains(notAGUID)
        }) {
            _ = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(notAGUID)")
        }
        await expectError(ApplicationInsightsConnectionStringError.self, { error in
            error == .malformedSetting(position: 2) && !error.description.contains(AITest.key)
        }) {
            _ = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key);\(AITest.key)")
        }
        let parsed = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key)")
        #expect(!parsed.description.contains(AITest.key))
        #expect(!String(reflecting: parsed).contains(AITest.key))
        #expect(parsed.description.contains("<redacted>"))
    }

    @Test("An ingestion endpoint that is not an http(s) URL is refused")
    func badEndpoint() async {
        await expectError(ApplicationInsightsConnectionStringError.self, { $0 == .invalidIngestionEndpoint("ftp://dc.example.com") }) {
            _ = try ApplicationInsightsConnectionString(parsing: "InstrumentationKey=\(AITest.key);IngestionEndpoint=ftp://dc.example.com")
        }
    }
}
