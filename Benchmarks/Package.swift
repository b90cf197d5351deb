// swift-tools-version: 6.0
import PackageDescription

// Kept out of the engine package so the library itself never depends on anything.
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // The engine's own sources (Sources/Mustache is a link to the main
        // package's), so the benchmark does not depend on the name of the folder
        // the repository was cloned into.
        .target(name: "Mustache"),
        .executableTarget(
            name: "template-bench",
            dependencies: [
                "Mustache",
                // Both libraries name their module `Mustache`; alias the competitor's.
                .product(name: "Mustache", package: "swift-mustache", moduleAliases: ["Mustache": "HBMustache"]),
            ]
        ),
    ]
)
