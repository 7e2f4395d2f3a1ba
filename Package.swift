// swift-tools-version:6.2
import PackageDescription

/// Settings every driftwatch target shares: Swift 6 language mode, warnings are errors.
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "driftwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "driftwatch", targets: ["driftwatch"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "DriftDetection", targets: ["DriftDetection"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // librdkafka's in-process mock cluster, for `driftwatch dev-broker` and the demo; not in a product.
        .target(
            name: "KafkaMockCluster",
            dependencies: ["Kafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DriftDetection",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DriftEngine",
            dependencies: ["DriftDetection"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "WireFormat",
            dependencies: ["DriftDetection", "DriftEngine"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DriftwatchService",
            dependencies: [
                "Kafka",
                "DriftDetection",
                "DriftEngine",
                "WireFormat",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DriftwatchDemo",
            dependencies: [
                "Kafka",
                "KafkaMockCluster",
                "DriftDetection",
                "DriftEngine",
                "WireFormat",
                "DriftwatchService",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "Kafka",
                "KafkaMockCluster",
                "DriftDetection",
                "DriftEngine",
                "WireFormat",
                "DriftwatchService",
                "DriftwatchDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "DetectorBenchmarks",
            dependencies: ["DriftDetection"],
            path: "Benchmarks/DetectorBenchmarks",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "WindowBenchmarks",
            dependencies: ["DriftDetection"],
            path: "Benchmarks/WindowBenchmarks",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ThresholdBenchmarks",
            dependencies: ["DriftDetection"],
            path: "Benchmarks/ThresholdBenchmarks",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PipelineBenchmarks",
            dependencies: [
                "Kafka", "DriftDetection", "DriftEngine", "WireFormat", "DriftwatchService", "DriftwatchTestSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PipelineBenchmarks",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DriftwatchTestSupport",
            path: "Tests/Support",
            swiftSettings: strictSettings
        ),
        // What one fuzz input does, shared by the libFuzzer targets below and the tests that replay the seed corpus
        // and the saved crashes (Tests/Fuzz).
        .target(
            name: "EventFuzzing",
            dependencies: ["DriftEngine", "WireFormat", "DriftDetection"],
            path: "Tests/Fuzz/EventFuzzing",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ConfigurationFuzzing",
            dependencies: ["DriftwatchService", "DriftEngine", "WireFormat", .product(name: "Yams", package: "Yams")],
            path: "Tests/Fuzz/ConfigurationFuzzing",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                "DriftwatchTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "driftwatchTests",
            dependencies: ["driftwatch", "DriftDetection"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WireFormatTests",
            dependencies: ["WireFormat", "DriftEngine", "DriftDetection"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftEngineTests",
            dependencies: ["DriftEngine", "WireFormat", "DriftDetection", "EventFuzzing"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftwatchServiceTests",
            dependencies: [
                "DriftwatchService", "DriftEngine", "WireFormat", "DriftDetection", "Kafka", "DriftwatchTestSupport",
                "ConfigurationFuzzing", "DriftwatchDemo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Kafka", "DriftDetection", "DriftEngine", "WireFormat", "DriftwatchService", "DriftwatchDemo",
                "DriftwatchTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftDetectionTests",
            dependencies: ["DriftDetection"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
    ]
)

// The libFuzzer executables, declared only when DRIFTWATCH_FUZZ is set: scripts/fuzz.sh builds them that way, in a
// build directory of their own and with `-sanitize=fuzzer`, so that a plain `swift build` neither builds nor links
// them (without libFuzzer they would have no `main`). Their single file is a library file (`-parse-as-library`) that
// starts libFuzzer's driver itself (`@_extern(c)`, see the files).
if Context.environment["DRIFTWATCH_FUZZ"] != nil {
    let fuzzerSettings = strictSettings + [.enableExperimentalFeature("Extern"), .unsafeFlags(["-parse-as-library"])]
    package.targets += [
        .executableTarget(
            name: "EventFuzzer",
            dependencies: ["EventFuzzing"],
            path: "Tests/Fuzz/EventFuzzer",
            swiftSettings: fuzzerSettings
        ),
        .executableTarget(
            name: "ConfigurationFuzzer",
            dependencies: ["ConfigurationFuzzing"],
            path: "Tests/Fuzz/ConfigurationFuzzer",
            swiftSettings: fuzzerSettings
        ),
    ]
}
