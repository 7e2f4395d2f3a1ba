import Foundation
import Testing
import Yams

@testable import DriftwatchService

/// The files in `deploy/`: they parse, name only metrics driftwatch exports, load with the configuration loader,
/// and agree with each other and with the server on the port, the HTTP paths, the user and the configuration file.
struct DeployFilesTests {
    /// driftwatch's HTTP port in every shipped file.
    static let port = ConfigurationDefaults.http.port
    /// Where the image reads its configuration (the Dockerfile's default command).
    static let configurationPath = "/etc/driftwatch/driftwatch.yaml"

    /// Every regular file under `deploy/`, relative to it.
    static let files: [String] = {
        let directory = ConfigurationTests.deployDirectory
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        return paths.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }()

    @Test(arguments: files.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") })
    func yamlParses(_ file: String) throws {
        var documents = try Yams.load_all(yaml: Self.text(file))
        var count = 0
        while documents.next() != nil { count += 1 }
        #expect(documents.error == nil, "\(file): \(String(describing: documents.error))")
        #expect(count > 0, "\(file) holds no document")
    }

    @Test(arguments: files.filter { $0.hasSuffix(".json") })
    func jsonParses(_ file: String) throws {
        _ = try JSONSerialization.jsonObject(with: Data(Self.text(file).utf8))
    }

    @Test func everyMetricNamedIsExported() throws {
        let exported = Set(MetricName.allCases.map(\.rawValue))
        var filesByName: [String: Set<String>] = [:]
        for file in Self.files {
            for match in try Self.text(file).matches(of: /driftwatch_[a-z_]+/) {
                filesByName[String(match.output).replacing(/_(bucket|sum|count)$/, with: ""), default: []].insert(file)
            }
        }
        #expect(!filesByName.isEmpty)
        let unknown = filesByName.filter { !exported.contains($0.key) }
        #expect(unknown.isEmpty, "not in MetricName: \(unknown)")
    }

    @Test func shippedConfigurationsLoadAndListenOnEveryInterface() throws {
        let compose = try DriftwatchConfiguration.load(contentsOf: Self.path("compose/driftwatch.yaml"))
        let embedded = try #require(try Self.yaml("kubernetes/configmap.yaml")["data"]?["driftwatch.yaml"]?.string)
        let kubernetes = try DriftwatchConfiguration(yaml: embedded, file: "kubernetes/configmap.yaml")
        for configuration in [compose, kubernetes] {
            #expect(configuration.http == HTTPConfiguration(host: "0.0.0.0", port: Self.port))
        }
    }

    @Test func imageExposesThePortAndRunsAsANonRootUser() throws {
        let instructions = try Self.dockerfileInstructions()
        #expect(instructions.filter { $0.keyword == "EXPOSE" }.map { $0.arguments } == ["\(Self.port)"])
        let user = try #require(instructions.last { $0.keyword == "USER" }?.arguments)
        let uid = try #require(Int(user.prefix { $0 != ":" }), "USER \(user) is not numeric")
        #expect(uid != 0)
        #expect(instructions.last { $0.keyword == "CMD" }?.arguments.contains(Self.configurationPath) == true)

        let pod = try #require(try Self.yaml("kubernetes/deployment.yaml")["spec"]?["template"]?["spec"])
        #expect(pod["securityContext"]?["runAsNonRoot"]?.bool == true)
        #expect(pod["securityContext"]?["runAsUser"]?.int == uid)
        #expect(try Self.container(of: pod)["securityContext"]?["readOnlyRootFilesystem"]?.bool == true)
    }

    @Test func composeServesTheCheckedConfigurationOnThePort() throws {
        let services = try #require(try Self.yaml("docker-compose.yml")["services"])
        let driftwatch = try #require(services["driftwatch"])
        #expect(driftwatch["build"]?["dockerfile"]?.string == "deploy/Dockerfile")
        let volumes = driftwatch["volumes"]?.array(of: String.self) ?? []
        #expect(volumes.contains("./compose/driftwatch.yaml:\(Self.configurationPath):ro"))
        let ports = driftwatch["ports"]?.array(of: String.self) ?? []
        #expect(!ports.isEmpty)
        #expect(ports.allSatisfy { $0.split(separator: ":").last.map(String.init) == String(Self.port) }, "\(ports)")

        let configuration = try DriftwatchConfiguration.load(contentsOf: Self.path("compose/driftwatch.yaml"))
        let command = services["topics"]?["command"]?.array(of: String.self).joined() ?? ""
        // Words of the characters a topic name may have: letters, digits, '.', '_' and '-'.
        let created = Set(command.split { !($0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0))) })
        for (_, keyPath) in KafkaTopics.fields {
            let topic = configuration.kafka.topics[keyPath: keyPath]
            #expect(created.contains(Substring(topic)), "the topics service does not create \(topic)")
        }

        let scrape = try #require(
            try Self.yaml("prometheus/prometheus.yml")["scrape_configs"]?.array().first {
                $0["job_name"]?.string == "driftwatch"
            })
        #expect(scrape["metrics_path"]?.string == "/metrics")
        let targets = scrape["static_configs"]?.array().flatMap { $0["targets"]?.array(of: String.self) ?? [] } ?? []
        #expect(targets == ["driftwatch:\(Self.port)"])
    }

    @Test func kubernetesProbesAndScrapesThePortByName() throws {
        let pod = try #require(try Self.yaml("kubernetes/deployment.yaml")["spec"]?["template"]?["spec"])
        let container = try Self.container(of: pod)
        let port = try #require(container["ports"]?.array().first { $0["name"]?.string == "http" })
        #expect(port["containerPort"]?.int == Self.port)
        for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
            #expect(container[probe]?["httpGet"]?["path"]?.string == path)
            #expect(container[probe]?["httpGet"]?["port"]?.string == "http")
        }

        let configMap = try Self.yaml("kubernetes/configmap.yaml")
        let file = Self.configurationPath as NSString
        #expect(configMap["data"]?[file.lastPathComponent] != nil)
        let volume = try #require(
            pod["volumes"]?.array().first {
                $0["configMap"]?["name"]?.string == configMap["metadata"]?["name"]?.string
            })
        let mount = container["volumeMounts"]?.array().first { $0["name"]?.string == volume["name"]?.string }
        #expect(mount?["mountPath"]?.string == file.deletingLastPathComponent)

        let service = try #require(
            try Self.yaml("kubernetes/service.yaml")["spec"]?["ports"]?.array().first { $0["name"]?.string == "http" })
        #expect(service["port"]?.int == Self.port)
        #expect(service["targetPort"]?.string == "http")
        let endpoints = try Self.yaml("kubernetes/servicemonitor.yaml")["spec"]?["endpoints"]?.array() ?? []
        #expect(!endpoints.isEmpty)
        for endpoint in endpoints {
            #expect(endpoint["port"]?.string == "http")
            #expect(endpoint["path"]?.string == "/metrics")
        }
    }

    /// The absolute path of a file under `deploy/`.
    static func path(_ file: String) -> String {
        ConfigurationTests.deployDirectory + "/" + file
    }

    /// The contents of a file under `deploy/`.
    static func text(_ file: String) throws -> String {
        try String(contentsOfFile: path(file), encoding: .utf8)
    }

    /// The first YAML document of a file under `deploy/`.
    static func yaml(_ file: String) throws -> Node {
        try #require(try Yams.compose(yaml: text(file)), "\(file) is empty")
    }

    /// The driftwatch container of the Deployment's pod template.
    static func container(of pod: Node) throws -> Node {
        try #require(pod["containers"]?.array().first { $0["name"]?.string == "driftwatch" })
    }

    /// The Dockerfile's instructions: each starts a line; comments and indented continuation lines are skipped.
    static func dockerfileInstructions() throws -> [(keyword: String, arguments: String)] {
        try text("Dockerfile").split(separator: "\n").compactMap { line -> (keyword: String, arguments: String)? in
            guard let first = line.first, !first.isWhitespace, first != "#" else { return nil }
            let keyword = line.prefix { !$0.isWhitespace }
            return (keyword.uppercased(), line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces))
        }
    }
}
