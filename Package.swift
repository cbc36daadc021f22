// swift-tools-version:6.0
import PackageDescription

// Layers point down only: aragent → ARCommands → ARStore / ARAgent → ARCore.
// See ../shared/DESIGN.md for the reasons.
let package = Package(
    name: "ARAgent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aragent", targets: ["aragent"]),
        .library(name: "ARCore", targets: ["ARCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.14.0"),
        // Already in the graph through PostgresNIO; named here because ARMail speaks SMTP on them.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        // Messages are Mustache templates users edit; links carry HMAC-signed tokens (swift-crypto
        // is already in the graph through PostgresNIO's SCRAM authentication).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // `aragent serve`: Hummingbird 2 is the HTTP server (and HummingbirdTesting drives its real
        // router in tests); hummingbird-auth brings bcrypt for the users' passwords; the HTTP
        // server, the delivery worker and the daily cycle run as services of one
        // swift-service-lifecycle ServiceGroup, which stops them all gracefully on SIGTERM/SIGINT;
        // swift-metrics with swift-prometheus serves /metrics in the Prometheus text format.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        // Already in the graph through Hummingbird; named because routes name header fields.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        .target(name: "ARCore"),
        // Pure parsers: bank statement and remittance files in, transactions out.
        .target(name: "ARBankFormats", dependencies: ["ARCore"]),
        .target(
            name: "ARAgent",
            dependencies: [
                "ARCore", "ARBankFormats",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Email out: SMTP on SwiftNIO (STARTTLS, AUTH), MIME messages with threading headers.
        .target(
            name: "ARMail",
            dependencies: [
                "ARCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ARStore",
            dependencies: [
                "ARCore", "ARAgent",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTP edge: routes, middleware and templates only; every route calls a use case or a
        // port of ARAgent, never SQL of its own.
        .target(
            name: "ARServer",
            dependencies: [
                "ARCore", "ARAgent", "ARBankFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The one composition root: the typed configuration (flags, environment, file) read once,
        // and the stores, senders and services built from it for the CLI and the server alike.
        .target(
            name: "ARBootstrap",
            dependencies: [
                "ARCore", "ARAgent", "ARStore", "ARMail", "ARServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ARCommands",
            dependencies: [
                "ARCore", "ARAgent", "ARStore", "ARBankFormats", "ARMail", "ARBootstrap", "ARServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "aragent",
            dependencies: ["ARCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Shared test helpers: fixture locations, a fresh database of each engine per test.
        .target(
            name: "ARTestSupport",
            dependencies: ["ARStore", "ARAgent", "ARCore", .product(name: "SQLKit", package: "sql-kit")],
            path: "Tests/ARTestSupport"
        ),
        .testTarget(name: "ARCoreTests", dependencies: ["ARCore"]),
        .testTarget(name: "ARBankFormatsTests", dependencies: ["ARBankFormats", "ARCore", "ARTestSupport"]),
        .testTarget(name: "ARMailTests", dependencies: ["ARMail", "ARCore", "ARTestSupport"]),
        .testTarget(name: "ARAgentTests", dependencies: ["ARAgent", "ARCore", "ARBankFormats", "ARTestSupport"]),
        .testTarget(name: "ARStoreTests", dependencies: ["ARStore", "ARAgent", "ARCore", "ARBankFormats", "ARTestSupport"]),
        .testTarget(name: "ARCommandsTests", dependencies: ["ARCommands", "ARStore", "ARAgent", "ARCore", "ARMail", "ARTestSupport"]),
        .testTarget(
            name: "ARServerTests",
            dependencies: [
                "ARServer", "ARBootstrap", "ARStore", "ARAgent", "ARCore", "ARTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
