// swift-tools-version: 6.0
import PackageDescription

// The toolkit depends on nothing beyond the Swift toolchain. The side-by-side
// engine benchmark, which needs swift-mustache as its baseline, is a separate
// package in Benchmarks/ so that dependency never reaches users.
let package = Package(
    name: "backend-practice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "scaffold", targets: ["scaffold"]),
        .executable(name: "verify", targets: ["verify"]),
        .library(name: "Mustache", targets: ["Mustache"]),
    ],
    targets: [
        // Template engine: value type, parser, renderer, errors with locations.
        .target(name: "Mustache"),

        // Every file under Templates/, compiled into the binary so that a
        // copied `scaffold` works on its own.
        .executableTarget(name: "embed-templates", path: "Sources/embed-templates"),
        .plugin(
            name: "EmbedTemplates",
            capability: .buildTool(),
            dependencies: ["embed-templates"]
        ),
        .target(name: "BundledTemplates", plugins: ["EmbedTemplates"]),

        // Tiers, stacks and the contract as data; the view model and naming.
        .target(name: "Catalog", dependencies: ["Mustache", "BundledTemplates"]),
        // Plans a project from catalog + templates and writes it atomically.
        .target(name: "Scaffolding", dependencies: ["Catalog", "Mustache", "BundledTemplates"]),

        // Hand-written argument parsing shared by the commands.
        .target(name: "CommandLineSupport"),
        .target(
            name: "ScaffoldCommand",
            dependencies: ["Scaffolding", "Catalog", "Mustache", "CommandLineSupport", "Verification"]
        ),
        .executableTarget(name: "scaffold", dependencies: ["ScaffoldCommand"]),

        // Builds, tests, starts and probes an implementation of a tier.
        .target(name: "Verification", dependencies: ["Catalog", "Mustache", "CommandLineSupport"]),
        .target(name: "VerifyCommand", dependencies: ["Verification", "CommandLineSupport"]),
        .executableTarget(name: "verify", dependencies: ["VerifyCommand"]),

        .testTarget(
            name: "MustacheTests",
            dependencies: ["Mustache"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Mustache", "BundledTemplates"]),
        .testTarget(name: "ScaffoldingTests", dependencies: ["Scaffolding", "Catalog", "Mustache", "BundledTemplates"]),
        .testTarget(name: "CommandLineSupportTests", dependencies: ["CommandLineSupport"]),
        .testTarget(name: "ScaffoldCommandTests", dependencies: ["ScaffoldCommand", "CommandLineSupport"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "Mustache"]),
        .testTarget(name: "VerifyCommandTests", dependencies: ["VerifyCommand", "Verification", "CommandLineSupport"]),
    ]
)
