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
    ],
    targets: [
        .target(
            name: "KnotworkCore",
            resources: [.process("Resources")]
        ),
        .target(
            name: "KnotworkCLI",
            dependencies: [
                "KnotworkCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "knotwork",
            dependencies: ["KnotworkCLI"]
        ),
        .testTarget(
            name: "KnotworkCoreTests",
            dependencies: [
                "KnotworkCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "KnotworkCLITests",
            dependencies: ["KnotworkCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
