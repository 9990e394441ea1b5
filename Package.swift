// swift-tools-version:6.1
import PackageDescription

// Dependencies point one way: C shims <- protocol types and transports <- agent server,
// clients and engine <- routing <- the `switchboard` executable. Only the C shims import C.
// Every target declares each module it imports; CI builds with
// `--explicit-target-dependency-import-check error` to keep it so.
//
// Linux only: the HTTP server and client use epoll and eventfd through libevent and libcurl,
// and the SQLite VFS and start-up page release use glibc.

let log: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let stencil: Target.Dependency = .product(name: "Stencil", package: "Stencil")
let pathKit: Target.Dependency = .product(name: "PathKit", package: "PathKit")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let collections: Target.Dependency = .product(name: "Collections", package: "swift-collections")
let subprocess: Target.Dependency = .product(name: "Subprocess", package: "swift-subprocess")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let swiftProtobuf: Target.Dependency = .product(name: "SwiftProtobuf", package: "swift-protobuf")
let grpcCore: Target.Dependency = .product(name: "GRPCCore", package: "grpc-swift-2")
let grpcProtobuf: Target.Dependency = .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let grpcHTTP2: Target.Dependency = .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport")
let nioSSL: Target.Dependency = .product(name: "NIOSSL", package: "swift-nio-ssl")
let postgresNIO: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")

let package = Package(
    name: "switchboard",
    // grpc-swift 2 declares macOS 15; the project is Linux only, so this changes nothing here.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
        .package(url: "https://github.com/kylef/PathKit", from: "1.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The Temporal backend's gRPC stack (only TemporalProtos and TemporalBackend use it).
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
        // Already under the transport; named so the backend can check TLS files and name a bad one.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.34.0"),
        // The agents' shared task store on PostgreSQL (only PostgresTaskStore uses it).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // MARK: - C shims
        .systemLibrary(name: "CLibEvent", providers: [.apt(["libevent-dev"])]),
        // libcurl's headers (libcurl4-openssl-dev); the library itself is opened on first use.
        .target(name: "CCurl"),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // A VFS that writes each transaction's WAL frames with one call (see batched_wal.c).
        .target(name: "CSQLiteBatchedWAL", dependencies: ["CSQLite"]),
        // For tests only: a VFS that fails a chosen write or sync, to put under the batched-WAL VFS.
        .target(name: "CSQLiteFaultVFS", dependencies: ["CSQLite"]),
        // Drops start-up's resident read-only pages once a server is up (see resident_pages.c).
        .target(name: "CResidentPages"),

        // MARK: - Libraries
        .target(name: "RandomID"),
        .target(name: "JSONBytes"),
        .target(name: "A2AProtocol", dependencies: ["JSONBytes"]),
        .target(name: "HTTPServerCore", dependencies: ["CLibEvent", log]),
        .target(name: "HTTPClient", dependencies: ["CCurl", log]),
        // Prometheus metrics: the registry behind swift-metrics, and `/metrics` on our HTTP server.
        .target(name: "SwitchboardMetrics", dependencies: ["HTTPServerCore", coreMetrics, prometheus]),
        .target(name: "SQLiteSupport", dependencies: ["CSQLite", "CSQLiteBatchedWAL"]),
        .target(name: "PromptTemplates", dependencies: [stencil, pathKit]),
        // The local model; reads WordNet (Debian's wordnet-base) while it builds its indexes.
        .target(name: "AgentKnowledge", dependencies: [yams, log]),
        .target(name: "ModelProviders", dependencies: ["HTTPClient", "JSONBytes", subprocess, log, metrics]),
        .target(name: "ProcessSupervision"),
        .target(name: "AgentServer", dependencies: [
            "HTTPServerCore", "A2AProtocol", "JSONBytes", "SQLiteSupport", "RandomID", log, metrics,
        ]),
        // The product's executors: the local model over the agents' knowledge, and language models.
        .target(name: "AgentExecutors", dependencies: [
            "AgentServer", "A2AProtocol", "AgentKnowledge", "HTTPServerCore", "ModelProviders", "PromptTemplates", log,
        ]),
        // Replicas of an agent sharing their tasks on a PostgreSQL server (`--tasks-url`).
        .target(name: "PostgresTaskStore", dependencies: ["AgentServer", "A2AProtocol", postgresNIO, nioSSL, log]),
        .target(name: "A2AClient", dependencies: ["HTTPClient", "A2AProtocol", "JSONBytes"]),
        .target(name: "DurableEngine", dependencies: [
            "SQLiteSupport", "RandomID", "JSONBytes", collections, crypto, log, metrics,
        ]),
        // Temporal's WorkflowService messages and client stubs, generated from trimmed protos and
        // committed (Sources/TemporalProtos/regenerate.sh; no build plugin).
        .target(name: "TemporalProtos", dependencies: [swiftProtobuf, grpcCore, grpcProtobuf],
                exclude: ["proto", "regenerate.sh"]),
        // The same workflows on a Temporal cluster: a gRPC client, a worker and a workflow client.
        .target(name: "TemporalBackend", dependencies: [
            "TemporalProtos", "DurableEngine", "JSONBytes", "RandomID", swiftProtobuf, grpcCore, grpcHTTP2, nioSSL, log,
            coreMetrics,
        ]),
        .target(name: "RoutingWorkflow", dependencies: [
            "DurableEngine", "A2AClient", "A2AProtocol", "HTTPClient", "ModelProviders", "PromptTemplates", "AgentKnowledge",
            "JSONBytes", log,
        ]),
        // The Router as an A2A agent: the agent server with an executor that starts routing workflows.
        .target(name: "RouterAgent", dependencies: [
            "AgentServer", "A2AProtocol", "AgentKnowledge", "DurableEngine", "RoutingWorkflow", "HTTPServerCore", "JSONBytes", log,
        ]),
        // The web console: pages, the Temporal-shaped JSON API and live updates for one history file.
        .target(name: "WorkflowConsole", dependencies: [
            "HTTPServerCore", "DurableEngine", "RoutingWorkflow", "A2AClient", "A2AProtocol", "RandomID", metrics,
        ]),
        .target(name: "AgentTesting", dependencies: ["HTTPServerCore", "A2AProtocol", "JSONBytes", log]),

        // MARK: - Executables
        .executableTarget(name: "switchboard", dependencies: [
            "AgentServer", "AgentExecutors", "A2AClient", "A2AProtocol", "DurableEngine", "RoutingWorkflow",
            "ModelProviders", "PromptTemplates", "AgentKnowledge", "HTTPServerCore", "HTTPClient", "JSONBytes",
            "ProcessSupervision", "CResidentPages", "RouterAgent", "WorkflowConsole", "SwitchboardMetrics", "TemporalBackend",
            "PostgresTaskStore", argumentParser, log,
        ]),
        .executableTarget(name: "SwitchboardBenchmarks", dependencies: [
            "HTTPServerCore", "HTTPClient", "AgentServer", "AgentExecutors", "DurableEngine", "RoutingWorkflow",
            "AgentKnowledge", "A2AClient", "A2AProtocol", "JSONBytes", "SwitchboardMetrics", "TemporalBackend", "PostgresTaskStore",
            "AgentTesting", "CResidentPages",
            coreMetrics, log,
        ], exclude: ["Peers"]),

        // A worker process with test workflows, for the engine's crash tests.
        .executableTarget(name: "DurableTestWorker", dependencies: ["DurableEngine"]),

        // MARK: - Tests
        .testTarget(name: "JSONBytesTests", dependencies: ["JSONBytes", "AgentTesting"]),
        .testTarget(name: "A2AProtocolTests", dependencies: ["A2AProtocol", "JSONBytes", "AgentTesting"]),
        .testTarget(name: "HTTPServerCoreTests", dependencies: ["HTTPServerCore", "AgentTesting"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServerCore", "AgentTesting"]),
        .testTarget(name: "SQLiteSupportTests", dependencies: ["SQLiteSupport", "AgentTesting"]),
        .testTarget(name: "SQLiteFaultTests", dependencies: ["SQLiteSupport", "CSQLiteFaultVFS", "AgentTesting"]),
        .testTarget(name: "RandomIDTests", dependencies: ["RandomID"]),
        .testTarget(name: "ProcessSupervisionTests", dependencies: ["ProcessSupervision", "AgentTesting"]),
        .testTarget(name: "A2AClientTests", dependencies: [
            "A2AClient", "A2AProtocol", "AgentServer", "AgentExecutors", "AgentKnowledge", "HTTPClient", "HTTPServerCore",
            "JSONBytes", "AgentTesting",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "AgentKnowledgeTests", dependencies: ["AgentKnowledge", "PromptTemplates", "AgentTesting", log]),
        .testTarget(name: "ModelProvidersTests", dependencies: ["ModelProviders", "HTTPServerCore", "JSONBytes", "AgentTesting"]),
        .testTarget(name: "AgentServerTests", dependencies: [
            "AgentServer", "A2AProtocol", "HTTPServerCore", "JSONBytes", "SQLiteSupport", "AgentTesting",
        ]),
        .testTarget(name: "AgentExecutorsTests", dependencies: [
            "AgentExecutors", "AgentServer", "A2AProtocol", "AgentKnowledge", "ModelProviders", "PromptTemplates", "AgentTesting",
        ]),
        .testTarget(name: "DurableEngineTests", dependencies: ["DurableEngine", "SQLiteSupport", "AgentTesting"]),
        .testTarget(name: "SwitchboardMetricsTests", dependencies: [
            "SwitchboardMetrics", "AgentServer", "HTTPServerCore", "AgentTesting", coreMetrics,
        ]),
        // Replay tests on recorded histories (Fixtures/), and the Temporal dev server end to end.
        .testTarget(name: "TemporalBackendTests", dependencies: [
            "TemporalBackend", "TemporalProtos", "DurableEngine", "AgentTesting", "HTTPServerCore", swiftProtobuf,
        ], exclude: ["Fixtures"]),
        .testTarget(name: "RoutingWorkflowTests", dependencies: [
            "RoutingWorkflow", "DurableEngine", "AgentTesting", "A2AProtocol", "AgentServer", "AgentExecutors", "AgentKnowledge",
            "HTTPServerCore", "JSONBytes", "RouterAgent", "A2AClient",
        ]),
        .testTarget(name: "WorkflowConsoleTests", dependencies: [
            "WorkflowConsole", "DurableEngine", "RoutingWorkflow", "HTTPServerCore", "AgentTesting",
        ]),
    ]
)
