// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Knotwork",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "knotwork", targets: ["knotwork"]),
        .library(name: "KnotworkCore", targets: ["KnotworkCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // 1.12: `LogEvent` with its error, the one entry point a `LogHandler` implements now (`serve --log-format json`).
        .package(url: "https://github.com/apple/swift-log", from: "1.12.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        // TLS for the first connection to a database, which PostgresNIO's pool does not make.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.0.0"),
        // /metrics: the API of swift-metrics, kept in a Prometheus registry each server owns.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
    ],
    targets: [
        .target(
            name: "KnotworkCore",
            // Embedded in the binary: no resource bundle to find at run time, and a single
            // executable to install. The files stay plain JSON for people to read and edit.
            resources: [
                .embedInCode("Resources/muscles.json"),
                .embedInCode("Resources/regions.json"),
                .embedInCode("Resources/tools.json"),
                .embedInCode("Resources/techniques.json"),
                .embedInCode("Resources/screening.json"),
                .embedInCode("Resources/phrases.en.json"),
                .embedInCode("Resources/drawings.json"),
            ]
        ),
        .target(
            name: "KnotworkSession",
            dependencies: ["KnotworkCore"]
        ),
        .target(
            name: "KnotworkJournal",
            dependencies: [
                "KnotworkCore",
                "KnotworkSession",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                // The journal of a deployment with several server instances.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "KnotworkServer",
            dependencies: [
                "KnotworkCore",
                "KnotworkSession",
                "KnotworkJournal",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Sign-in sessions in cookies, bcrypt for passwords.
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // SHA-256 of API tokens and invitation codes, which are stored hashed.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [
                .embedInCode("Resources/openapi.yaml"),
                .embedInCode("Resources/web/index.html"),
                .embedInCode("Resources/web/app.css"),
                .embedInCode("Resources/web/app.js"),
                .embedInCode("Resources/web/accounts.js"),
                .embedInCode("Resources/web/accounts.html"),
                .embedInCode("Resources/web/accounts.css"),
                .embedInCode("Resources/web/sw.js"),
                .embedInCode("Resources/web/manifest.webmanifest"),
                .embedInCode("Resources/web/icon.svg"),
            ]
        ),
        .target(
            name: "KnotworkCLI",
            dependencies: [
                "KnotworkCore",
                "KnotworkSession",
                "KnotworkJournal",
                "KnotworkServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // `serve` hands the libraries' own metrics to the server's registry.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "knotwork",
            dependencies: ["KnotworkCLI"]
        ),
        .executableTarget(
            name: "knotwork-bench",
            dependencies: [
                "KnotworkCore",
                "KnotworkSession",
                "KnotworkJournal",
                .product(name: "GRDB", package: "GRDB.swift"),
                // What a sign-in costs, for README.
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // To drop the schema `postgres` fills, which the journal's own API never does.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Benchmarks/JournalBenchmarks"
        ),
        .testTarget(
            name: "KnotworkCoreTests",
            dependencies: [
                "KnotworkCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // What more than one test target uses: the manual clock.
        .target(name: "KnotworkTestSupport", path: "Tests/KnotworkTestSupport"),
        .testTarget(
            name: "KnotworkSessionTests",
            dependencies: [
                "KnotworkSession",
                "KnotworkCore",
                "KnotworkTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "KnotworkJournalTests",
            dependencies: [
                "KnotworkJournal",
                "KnotworkSession",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "KnotworkServerTests",
            dependencies: [
                "KnotworkServer",
                "KnotworkJournal",
                "KnotworkSession",
                "KnotworkCore",
                "KnotworkTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // To spoil a stored value with raw SQL, as a corrupt journal would hold it.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                // To read a hub's metrics without a server.
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "KnotworkCLITests",
            dependencies: [
                // Most tests run the real binary; the screens are also rendered directly from
                // a catalog with edited phrases, to prove their words come from the data.
                "KnotworkCLI",
                "KnotworkCore",
                "KnotworkSession",
                "KnotworkJournal",
                .product(name: "GRDB", package: "GRDB.swift"),
                // To drive `serve --log-format json`'s handler directly.
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
