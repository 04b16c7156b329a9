// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Liandong",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "liandong", targets: ["liandong"]),
        .library(name: "LiandongSync", targets: ["LiandongSync"]),
        .library(name: "LiandongTesting", targets: ["LiandongTesting"]),
        .library(name: "LiandongSimulation", targets: ["LiandongSimulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The node configuration file (docs/configuration.md): JSON file, environment and
        // command-line providers. JSON is one of its default traits.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        // The node's /metrics, /healthz and /readyz (LiandongHTTP only; docs/metrics.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The PostgreSQL mirror (LiandongMirror only; docs/postgres-mirror.md).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libzmq enters through this one door; only LiandongTransport imports it. No `pkgConfig:`
        // on purpose: Debian's libzmq.pc adds `-isystem /usr/include/mit-krb5`, which SwiftPM
        // rejects with a warning on every build; zmq.h and libzmq.so are on the default paths.
        .systemLibrary(
            name: "CZeroMQ",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // Pure: clocks, region codes, CRDT merge rules, change types, schema declarations, write
        // authority and privacy rules (SHA-256 from swift-crypto). No I/O.
        .target(name: "LiandongCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The wire format of Protocols/liandong.proto, encoded by hand (protobuf wire format).
        .target(name: "LiandongWire", dependencies: ["LiandongCore"]),
        // Process-wide SQLite settings made at load time, before any database opens (tuning.c).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The SQLite replica: change capture, change enumeration, merge application, link cursors.
        .target(
            name: "LiandongStore",
            dependencies: [
                "LiandongCore", "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The update hook (`InsertLog`): the one SQLite C call GRDB does not wrap for us.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The government-service domain: its replicated schema, the case lifecycle, the
        // working-day calendar, supervision statistics and the synthetic city generator.
        .target(
            name: "LiandongDomain",
            dependencies: [
                "LiandongCore", "LiandongStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // ZeroMQ sockets confined to one thread each.
        .target(name: "LiandongTransport", dependencies: ["CZeroMQ"]),
        // Whole nodes as child processes on loopback: the demo, the benchmarks and the end-to-end
        // tests start them so. Nothing a running node needs.
        .target(name: "LiandongLocalCluster"),
        // Sessions (a pure state machine), the link driver, the node service.
        .target(
            name: "LiandongSync",
            dependencies: [
                "LiandongCore", "LiandongWire", "LiandongStore", "LiandongTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Offline bundles: X25519, HKDF, ChaChaPoly and Ed25519 (Protocols/SPEC.md §19).
                .product(name: "Crypto", package: "swift-crypto"),
                // The node configuration file (docs/configuration.md).
                .product(name: "Configuration", package: "swift-configuration"),
            ]
        ),
        // The node's HTTP side (docs/metrics.md): Prometheus exposition of the swift-metrics the
        // sync engine records and of each link's state read from the replica, health and
        // readiness. Only the executable links it; the sync targets know swift-metrics alone.
        .target(
            name: "LiandongHTTP",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The web console (docs/console.md): read-only pages in Chinese on a replica (node tree
        // and links, statistics with charts, 电子监察 alerts, refusals), served by
        // `liandong console`. Only the executable links it.
        .target(
            name: "LiandongConsole",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongDomain", "LiandongSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The PostgreSQL mirror (docs/postgres-mirror.md): the replica's rows upserted into
        // PostgreSQL in `_ld_seq` order, the cursor committed with each batch, and the
        // supervision statistics as SQL views.
        .target(
            name: "LiandongMirror",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongDomain",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "liandong",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongSync", "LiandongWire", "LiandongTransport", "LiandongDomain", "LiandongLocalCluster", "LiandongHTTP", "LiandongConsole", "LiandongMirror",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Test machinery only, never linked into `liandong`: an SQLite VFS that can forget every
        // byte written since the last fsync, as a power cut would (docs/power-loss.md). The same
        // C file is also compiled on the fly into an LD_PRELOAD library for child processes.
        .target(
            name: "LiandongPowerCut",
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        // Test support: temporary nodes, clusters and processes in one call.
        .target(
            name: "LiandongTesting",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongSync", "LiandongTransport", "LiandongPowerCut", "LiandongLocalCluster",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test support: the deterministic simulator of a whole city under faults, with the bugs it
        // can plant to show that it catches them (docs/testing.md). Never linked into `liandong`.
        .target(
            name: "LiandongSimulation",
            dependencies: [
                "LiandongCore", "LiandongStore", "LiandongSync", "LiandongTransport", "LiandongWire", "LiandongDomain", "LiandongPowerCut",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The data plane's fuzz target (tools/fuzz/README.md): decode, admission and merge into a
        // real replica. Its own executable; nothing else depends on it, so it is never linked
        // into `liandong`.
        .executableTarget(
            name: "liandong-fuzz",
            dependencies: ["LiandongCore", "LiandongWire", "LiandongStore", "LiandongDomain", .product(name: "Logging", package: "swift-log")],
            path: "tools/fuzz/LiandongFuzz"
        ),
        // The simulator over many seeds (`liandong-soak`, docs/testing.md): its own executable, so
        // that the shipping binary carries no simulator.
        .executableTarget(
            name: "liandong-soak",
            dependencies: ["LiandongCore", "LiandongSimulation", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "tools/soak/LiandongSoak"
        ),
        .testTarget(name: "SimulationTests", dependencies: ["LiandongSimulation", "LiandongCore"]),
        .testTarget(name: "LiandongCoreTests", dependencies: ["LiandongCore", "LiandongTesting"]),
        .testTarget(name: "LiandongWireTests", dependencies: ["LiandongWire", "LiandongTesting"]),
        .testTarget(name: "LiandongStoreTests", dependencies: ["LiandongStore", "LiandongTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "LiandongSyncTests", dependencies: ["LiandongSync", "LiandongTesting", "LiandongTransport"]),
        // Crypto: the privacy attack test tries the version-1 salted SHA-256 as well as HMAC.
        .testTarget(
            name: "LiandongDomainTests",
            dependencies: ["LiandongDomain", "LiandongTesting", "LiandongSync", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PowerCutTests",
            dependencies: ["LiandongTesting", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "MirrorTests",
            dependencies: ["LiandongMirror", "LiandongDomain", "LiandongStore", "LiandongTesting", "LiandongLocalCluster",
                           .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "EndToEndTests", dependencies: ["LiandongTesting", "LiandongStore", "LiandongTransport", "LiandongDomain", "LiandongSync", "LiandongConsole"]),
    ]
)
