// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cohort",
    products: [
        .executable(name: "cohort", targets: ["cohort"]),
        .library(name: "CohortCore", targets: ["CohortCore"]),
        .library(name: "CohortEngine", targets: ["CohortEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // Pure: the model and every algorithm. Foundation, libxml2 and the SHA-256 compression C target only; no file
        // system, clock or database.
        // libxml2 parses XML bytes held in memory, which keeps CohortCore pure (see XMLReader).
        .target(name: "CohortCore", dependencies: ["SHA256Compression", "CLibXML2"]),
        // libxml2's C API (SAX2 push parser); libxml2-dev is installed by .ci/run.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // SHA-256 block compression for CohortCore's SHA256: portable C, and the processor's SHA instructions.
        .target(name: "SHA256Compression"),
        // zlib from the system (Debian: zlib1g-dev), for gzip-compressed data files; the shell's only.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The shell: workspace files on disk, and later the ledger, store, build and watcher.
        .target(name: "CohortEngine", dependencies: [
            "CohortCore", "CZlib", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Deterministic sample data for the template workspace (and later the benchmark workspace).
        .target(name: "CohortSampleData", dependencies: ["CohortCore"]),
        // Writes the template's sample data: `swift run sample-data workspace-template`.
        .executableTarget(name: "sample-data", dependencies: ["CohortSampleData"]),
        .executableTarget(
            name: "cohort",
            dependencies: [
                "CohortEngine",
                "CohortSampleData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz targets for every reader, checked against the template workspace: `Fuzz/run` builds `cohort-fuzz`
        // with libFuzzer; built as usual it replays inputs through the same checks.
        .target(name: "CohortFuzz", dependencies: ["CohortCore"]),
        .executableTarget(name: "cohort-fuzz", dependencies: ["CohortFuzz"]),
        .testTarget(name: "CohortCoreTests", dependencies: ["CohortCore", "CohortSampleData"], exclude: ["Fixtures"]),
        .testTarget(name: "CohortEngineTests", dependencies: ["CohortEngine", "CohortSampleData", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Golden"]),
        .testTarget(name: "CohortFuzzTests", dependencies: ["CohortFuzz"]),
        .testTarget(name: "CLITests", dependencies: ["cohort", "CohortSampleData"]),
    ]
)
