// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "daibai",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DaiBaiCore", targets: ["DaiBaiCore"]),
        .library(name: "DaiBaiLLM", targets: ["DaiBaiLLM"]),
        .library(name: "DaiBaiAzure", targets: ["DaiBaiAzure"]),
        .library(name: "DaiBaiBilling", targets: ["DaiBaiBilling"]),
        .library(name: "DaiBaiRelay", targets: ["DaiBaiRelay"]),
        .library(name: "DaiBaiSignIn", targets: ["DaiBaiSignIn"]),
        .library(name: "DaiBaiTelemetry", targets: ["DaiBaiTelemetry"]),
        .library(name: "DaiBaiRedis", targets: ["DaiBaiRedis"]),
        .library(name: "DaiBaiMySQL", targets: ["DaiBaiMySQL"]),
        .library(name: "DaiBaiServer", targets: ["DaiBaiServer"]),
        .library(name: "DaiBaiFunctions", targets: ["DaiBaiFunctions"]),
        .library(name: "DaiBaiTesting", targets: ["DaiBaiTesting"]),
        .executable(name: "daibai-demo", targets: ["daibai-demo"]),
        .executable(name: "daibai-relay-agent", targets: ["daibai-relay-agent"]),
        .executable(name: "daibai-server", targets: ["daibai-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "DaiBaiCore",
            dependencies: [
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HTTPTypesFoundation", package: "swift-http-types"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiLLM",
            dependencies: [
                "DaiBaiCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiAzure",
            dependencies: [
                "DaiBaiCore",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiBilling",
            dependencies: [
                "DaiBaiCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiRelay",
            dependencies: [
                "DaiBaiCore",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiSignIn",
            dependencies: [
                "DaiBaiCore",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiTelemetry",
            dependencies: [
                "DaiBaiCore",
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CMariaDB",
            path: "Sources/CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        .target(
            name: "DaiBaiMySQL",
            dependencies: ["DaiBaiCore", "CMariaDB"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiRedis",
            dependencies: [
                "DaiBaiCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiFunctions",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiServer",
            dependencies: [
                "DaiBaiCore", "DaiBaiLLM", "DaiBaiAzure", "DaiBaiBilling", "DaiBaiSignIn", "DaiBaiRedis", "DaiBaiFunctions",
                "DaiBaiTelemetry", "DaiBaiRelay",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daibai-server",
            dependencies: [
                "DaiBaiServer", "DaiBaiCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daibai-relay-agent",
            dependencies: [
                "DaiBaiCore",
                "DaiBaiRelay",
                "DaiBaiAzure",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "DaiBaiTesting", dependencies: ["DaiBaiCore"], swiftSettings: strictSettings),
        .executableTarget(
            name: "daibai-demo",
            dependencies: [
                "DaiBaiCore",
                "DaiBaiLLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daibai-benchmarks",
            dependencies: [
                "DaiBaiCore", "DaiBaiTesting", "DaiBaiRelay", "DaiBaiRelayTestSupport", "DaiBaiTelemetry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/daibai-benchmarks",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiTestSupport",
            dependencies: [
                "DaiBaiCore",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Tests/DaiBaiTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiCoreTests",
            dependencies: [
                "DaiBaiCore", "DaiBaiTesting", "DaiBaiTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiLLMTests",
            dependencies: ["DaiBaiLLM", "DaiBaiTesting", "DaiBaiTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiAzureTests",
            dependencies: [
                "DaiBaiAzure", "DaiBaiCore", "DaiBaiTesting", "DaiBaiTestSupport", "DaiBaiAzureTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daibai-meter-crash-child",
            dependencies: ["DaiBaiBilling", "DaiBaiCore"],
            path: "Tests/DaiBaiMeterCrashChild",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiBillingTests",
            dependencies: [
                "DaiBaiBilling", "DaiBaiCore", "DaiBaiTesting", "DaiBaiTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiRelayTestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DaiBaiRelayTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiRelayTests",
            dependencies: [
                "DaiBaiRelay", "DaiBaiCore", "DaiBaiTesting", "DaiBaiTestSupport", "DaiBaiRelayTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiSignInTests",
            dependencies: [
                "DaiBaiSignIn", "DaiBaiCore", "DaiBaiTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiTelemetryTests",
            dependencies: [
                "DaiBaiTelemetry", "DaiBaiCore", "DaiBaiLLM", "DaiBaiTesting", "DaiBaiTestSupport",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiMySQLTests",
            dependencies: ["DaiBaiMySQL", "DaiBaiCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiRedisTests",
            dependencies: [
                "DaiBaiRedis", "DaiBaiCore", "DaiBaiTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiFunctionsTests",
            dependencies: [
                "DaiBaiFunctions", "DaiBaiTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiServerTests",
            dependencies: [
                "DaiBaiServer", "DaiBaiCore", "DaiBaiBilling", "DaiBaiRedis", "DaiBaiFunctions", "DaiBaiTesting", "DaiBaiTestSupport",
                "DaiBaiTelemetry",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiTestingTests", dependencies: ["DaiBaiTesting", "DaiBaiTestSupport"], swiftSettings: strictSettings),
        .target(
            name: "DaiBaiAzureTestSupport",
            dependencies: [
                "DaiBaiAzure", "DaiBaiCore", "DaiBaiTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/DaiBaiAzureTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DaiBaiCost",
            path: "Tools/DaiBaiCost",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "daibai-cost",
            dependencies: [
                "DaiBaiCost", "DaiBaiCore", "DaiBaiAzure", "DaiBaiAzureTestSupport", "DaiBaiTelemetry", "DaiBaiTesting",
                "DaiBaiTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Tools/daibai-cost",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DaiBaiCostTests", dependencies: ["DaiBaiCost"], swiftSettings: strictSettings),
        .testTarget(
            name: "DaiBaiInfraTests",
            dependencies: [
                "DaiBaiAzure", "DaiBaiServer", "DaiBaiCore", "DaiBaiRelay", "DaiBaiSignIn",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
