import DriftEngine
import Foundation
import Testing
import WireFormat
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

// MARK: - Argo Events (deploy/argo-events/)

/// The Argo Events files against the events driftwatch writes on its retrain topic: which of them the Sensor's
/// filters let through, what its parameters resolve to, and that the Workflow it submits is the WorkflowTemplate's
/// and ends with `driftwatch profile publish`.
extension DeployFilesTests {
    @Test func argoEventsFilesAreArgoResourcesOnTheRetrainTopic() throws {
        let source = try Self.yaml("argo-events/eventsource.yaml")
        let sensor = try Self.yaml("argo-events/sensor.yaml")
        let template = try Self.yaml("argo-events/workflowtemplate.yaml")
        for (node, kind) in [(source, "EventSource"), (sensor, "Sensor"), (template, "WorkflowTemplate")] {
            #expect(node["apiVersion"]?.string == "argoproj.io/v1alpha1")
            #expect(node["kind"]?.string == kind)
        }

        let kafka = try #require(source["spec"]?["kafka"]?.mapping)
        #expect(kafka.count == 1)
        let (eventName, entry) = try #require(kafka.first)
        #expect(entry["topic"]?.string == ConfigurationDefaults.topics.retrain)
        #expect(entry["jsonBody"]?.bool == true)
        #expect(entry["consumerGroup"]?["groupName"]?.string?.isEmpty == false)
        // The topic and brokers of the driftwatch that kubernetes/ deploys.
        let embedded = try #require(try Self.yaml("kubernetes/configmap.yaml")["data"]?["driftwatch.yaml"]?.string)
        let kubernetes = try DriftwatchConfiguration(yaml: embedded, file: "kubernetes/configmap.yaml")
        #expect(entry["topic"]?.string == kubernetes.kafka.topics.retrain)
        #expect(entry["url"]?.string == kubernetes.kafka.brokers.joined(separator: ","))

        let dependencies = sensor["spec"]?["dependencies"]?.array() ?? []
        #expect(!dependencies.isEmpty)
        for dependency in dependencies {
            #expect(dependency["eventSourceName"]?.string == source["metadata"]?["name"]?.string)
            #expect(dependency["eventName"]?.string == eventName.string)
        }
    }

    @Test func theSensorRetrainsForAutomaticTriggersAndApprovalsOnly() throws {
        let dependencies = try Self.yaml("argo-events/sensor.yaml")["spec"]?["dependencies"]?.array() ?? []
        let records = try RetrainTopicRecords()
        func matching(_ event: Any) throws -> [String] {
            try dependencies.filter { try Self.passes($0, event) }.compactMap { $0["name"]?.string }
        }
        let automatic = try matching(records.event(records.automaticJSON))
        let approval = try matching(records.event(records.approvalJSON))
        #expect(automatic.count == 1, "an automatic trigger matches \(automatic)")
        #expect(approval.count == 1, "an approval matches \(approval)")
        #expect(automatic != approval)
        for (what, json) in [
            ("a trigger awaiting approval", records.pendingJSON), ("a rejection", records.rejectionJSON),
            ("a receipt", records.receiptJSON),
        ] {
            #expect(try matching(records.event(json)).isEmpty, "\(what) matches: \(json)")
        }
    }

    @Test func theSensorSubmitsTheTemplateWithEveryParameterResolvedAndNamedByTheTrigger() throws {
        let sensor = try #require(try Self.yaml("argo-events/sensor.yaml")["spec"])
        let template = try Self.yaml("argo-events/workflowtemplate.yaml")
        let declared = template["spec"]?["arguments"]?["parameters"]?.array() ?? []
        let defaults = Dictionary(
            declared.compactMap { parameter in parameter["name"]?.string.map { ($0, parameter["value"]?.string) } }
        ) { first, _ in first }
        let records = try RetrainTopicRecords()
        // What each event the Sensor retrains for must start: the trigger it retrains and the Workflow's arguments.
        let expected: [(json: String, trigger: String, arguments: [String: String])] = [
            (
                records.automaticJSON, records.automatic.id,
                [
                    "model": records.automatic.model, "model_version": records.automatic.modelVersion,
                    "since": RFC3339Time.string(fromMilliseconds: records.automatic.since),
                    "trigger_id": records.automatic.id,
                ]
            ),
            (
                records.approvalJSON, records.pending.id,
                [
                    "model": records.pending.model, "model_version": records.pending.modelVersion, "since": "",
                    "trigger_id": records.pending.id,
                ]
            ),
        ]
        let expectedOffsets: [String: [String: [String: Int64]]] = [
            records.automatic.id: [
                "predictions": Dictionary(
                    uniqueKeysWithValues: records.automatic.offsets.map { (String($0.key), $0.value) })
            ],
            records.pending.id: [:],
        ]

        let dependencies = sensor["dependencies"]?.array() ?? []
        let triggers = sensor["triggers"]?.array() ?? []
        #expect(triggers.count == dependencies.count)
        var started: [String: (trigger: String, name: String)] = [:]
        for trigger in triggers {
            let name = trigger["template"]?["name"]?.string ?? "?"
            let condition = try #require(trigger["template"]?["conditions"]?.string, "\(name) has no conditions")
            let dependency = try #require(
                dependencies.first { $0["name"]?.string == condition }, "\(name): no dependency '\(condition)'")
            let workflow = try #require(trigger["template"]?["argoWorkflow"])
            #expect(workflow["operation"]?.string == "submit")
            let resource = try #require(workflow["source"]?["resource"])
            #expect(resource["apiVersion"]?.string == "argoproj.io/v1alpha1")
            #expect(resource["kind"]?.string == "Workflow")
            #expect(resource["metadata"]?["generateName"] == nil, "\(name): a generated name would not deduplicate")
            #expect(resource["spec"]?["workflowTemplateRef"]?["name"]?.string == template["metadata"]?["name"]?.string)
            let arguments = resource["spec"]?["arguments"]?["parameters"]?.array() ?? []
            #expect(
                Set(arguments.compactMap { $0["name"]?.string }) == Set(defaults.keys),
                "\(name) passes other arguments than the WorkflowTemplate declares")

            let events = try expected.filter { try Self.passes(dependency, records.event($0.json)) }
            #expect(events.count == 1, "\(name) fires for \(events.count) of the sample events")
            for event in events {
                let submitted = try Self.applying(
                    workflow["parameters"]?.array() ?? [], from: records.event(event.json), dependency: condition,
                    to: resource, defaults: defaults)
                let workflowName = try #require(submitted["metadata"]?["name"]?.string)
                #expect(workflowName.hasSuffix("-\(event.trigger)"), "\(name) names its Workflow \(workflowName)")
                #expect(workflowName.count <= 63 && workflowName.wholeMatch(of: /[a-z0-9]([-a-z0-9]*[a-z0-9])?/) != nil)
                #expect(submitted["metadata"]?["labels"]?["driftwatch.io/trigger-id"]?.string == event.trigger)
                started[name] = (event.trigger, workflowName)

                var values: [String: String] = [:]
                for argument in submitted["spec"]?["arguments"]?["parameters"]?.array() ?? [] {
                    let key = argument["name"]?.string ?? "?"
                    values[key] = try #require(argument["value"]?.string, "\(name) sets no value for \(key)")
                }
                #expect(values.filter { $0.key != "offsets" } == event.arguments, "\(name)")
                let offsets = try JSONDecoder().decode(
                    [String: [String: Int64]].self, from: Data((values["offsets"] ?? "").utf8))
                #expect(offsets == expectedOffsets[event.trigger], "\(name)")
            }
        }
        // One name per trigger, whichever trigger of the Sensor starts it.
        let prefixes = Set(started.values.map { $0.name.dropLast($0.trigger.count) })
        #expect(started.count == 2 && prefixes.count == 1, "\(started)")
    }

    @Test func theWorkflowTemplatePublishesTheBuiltProfileLast() throws {
        let spec = try #require(try Self.yaml("argo-events/workflowtemplate.yaml")["spec"])
        let templates = spec["templates"]?.array() ?? []
        func template(_ name: String?) throws -> Node {
            try #require(templates.first { $0["name"]?.string == name }, "no template \(name ?? "?")")
        }
        let steps = try template(spec["entrypoint"]?.string)["steps"]?.array() ?? []
        let last = try #require(steps.last?.array())
        #expect(last.count == 1, "the last step group runs \(last.count) steps")
        let publish = try template(last.first?["template"]?.string)
        let command = Self.commandLine(of: publish)
        #expect(Array(command.prefix(3)) == ["driftwatch", "profile", "publish"], "\(command)")
        #expect(Self.option("--model", in: command) == "{{workflow.parameters.model}}")
        #expect(Self.option("--config", in: command) == Self.configurationPath)
        let version = try #require(Self.option("--version", in: command))
        if let input = version.wholeMatch(of: /\{\{inputs\.parameters\.([\w-]+)\}\}/)?.output.1 {
            let passed = last.first?["arguments"]?["parameters"]?.array().compactMap { $0["name"]?.string } ?? []
            #expect(passed.contains(String(input)), "the last step passes no \(input)")
        }
        let files = Self.operands(of: command.dropFirst(3), options: ["--model", "--version", "--config"])
        #expect(files.count == 1, "\(command)")

        // The file is what an earlier step's `driftwatch profile build` wrote, on a volume both mount.
        let earlier = try steps.dropLast().flatMap { $0.array() }.map { try template($0["template"]?.string) }
        let build = try #require(
            earlier.first { Array(Self.commandLine(of: $0).prefix(3)) == ["driftwatch", "profile", "build"] })
        let built = Self.commandLine(of: build)
        #expect(Self.option("--model", in: built) == "{{workflow.parameters.model}}")
        #expect(Self.option("--input", in: built) != nil)
        let output = Self.option("-o", in: built) ?? Self.option("--output", in: built)
        #expect(output == files.first)
        func volume(holding path: String?, in container: Node?) -> String? {
            container?["volumeMounts"]?.array().first { mount in
                guard let path, let mountPath = mount["mountPath"]?.string else { return false }
                return path.hasPrefix(mountPath.hasSuffix("/") ? mountPath : mountPath + "/")
            }?["name"]?.string
        }
        #expect(volume(holding: output, in: build["container"]) != nil)
        #expect(
            volume(holding: output, in: build["container"]) == volume(holding: files.first, in: publish["container"]))

        // The configuration is the ConfigMap of kubernetes/, with the file under its key.
        let configMap = try Self.yaml("kubernetes/configmap.yaml")
        let file = Self.configurationPath as NSString
        let mounted = try #require(volume(holding: Self.configurationPath, in: publish["container"]))
        let config = spec["volumes"]?.array().first { $0["name"]?.string == mounted }
        #expect(config?["configMap"]?["name"]?.string == configMap["metadata"]?["name"]?.string)
        #expect(configMap["data"]?[file.lastPathComponent] != nil)
    }

    /// Records of the retrain topic, encoded by driftwatch: an automatic trigger of fraud/3 and its receipt from a
    /// sink, and a trigger of churn/7 that waits for approval with an approval and a rejection of it.
    struct RetrainTopicRecords {
        let automatic: RetrainTrigger
        let pending: RetrainTrigger
        let automaticJSON: String
        let pendingJSON: String
        let approvalJSON: String
        let rejectionJSON: String
        let receiptJSON: String

        init() throws {
            let automatic = try Self.trigger(model: "fraud", version: "3", mode: .automatic)
            let pending = try Self.trigger(model: "churn", version: "7", mode: .approvalRequired)
            let now: Int64 = 1_795_345_200_000
            let decision = { (approved: Bool) in
                RetrainDecision(
                    triggerID: pending.id, model: pending.model, modelVersion: pending.modelVersion,
                    approved: approved, by: "alice", reason: "checked", time: ""
                ).cloudEventJSON(instance: "laptop", now: now)
            }
            self.automatic = automatic
            self.pending = pending
            automaticJSON = automatic.cloudEventJSON(instance: "eu-1")
            pendingJSON = pending.cloudEventJSON(instance: "eu-1")
            approvalJSON = decision(true)
            rejectionJSON = decision(false)
            receiptJSON = RetrainDelivery(
                triggerID: automatic.id, model: automatic.model, modelVersion: automatic.modelVersion, sink: "webhook"
            ).cloudEventJSON(instance: "eu-1", now: now)
        }

        /// The trigger a critical PSI alert on feature `amount` causes, as the engine's policies emit it.
        static func trigger(model: String, version: String, mode: RetrainMode) throws -> RetrainTrigger {
            let start: Int64 = 1_795_341_600_000
            let evaluation = SignalEvaluation(
                kind: .dataDrift, model: model, modelVersion: version, feature: "amount", detector: "psi", value: 0.31,
                threshold: 0.25, severity: .critical, isSequential: false,
                window: SignalWindow(start: start, end: start + 300_000, events: 5000))
            var alerts = AlertPolicy()
            let fired = alerts.evaluate(evaluation)
            let alert = try #require(fired)
            var policy = RetrainPolicy(settings: RetrainSettings(mode: mode, on: [.severity(.critical)]))
            let triggers = policy.evaluate(alert, offsets: [0: 1200, 2: 980], since: start)
            return try #require(triggers.first)
        }

        /// A record value as the Kafka EventSource with `jsonBody: true` dispatches it: the parsed CloudEvent under
        /// `body`, beside the record's topic, key and partition.
        func event(_ json: String) throws -> Any {
            let body = try JSONSerialization.jsonObject(with: Data(json.utf8))
            let key = (body as? [String: Any])?["subject"] as? String ?? ""
            return [
                "topic": ConfigurationDefaults.topics.retrain, "key": key, "partition": 0, "body": body,
                "timestamp": "2026-11-22 11:00:00 +0000 UTC", "headers": [String: String](),
            ] as [String: Any]
        }
    }

    /// Whether an Argo Events dependency's filters pass `event`, as the Sensor evaluates data filters: all of them
    /// must pass; a string filter passes when one of its values, a Go regular expression, matches somewhere in the
    /// value at its path (the simple patterns used here mean the same to NSRegularExpression); a missing path fails.
    /// Filters of other kinds, types or comparators would go unchecked, so they are reported.
    static func passes(_ dependency: Node, _ event: Any) throws -> Bool {
        let name = dependency["name"]?.string ?? "?"
        let filters = try #require(dependency["filters"]?.mapping, "\(name) has no filters")
        #expect(Set(filters.keys.compactMap(\.string)) == ["data"], "\(name): only data filters are checked")
        #expect(dependency["filtersLogicalOperator"] == nil)
        let data = filters["data"]?.array() ?? []
        #expect(!data.isEmpty)
        for filter in data {
            #expect(filter["type"]?.string == "string", "\(name): only string filters are checked")
            #expect(filter["comparator"] == nil && filter["template"] == nil)
            let path = try #require(filter["path"]?.string)
            let patterns = filter["value"]?.array(of: String.self) ?? []
            #expect(!patterns.isEmpty, "\(name): a filter without values fails")
            guard let found = value(at: path, in: event) else { return false }
            let string = try text(of: found)
            let range = NSRange(string.startIndex..., in: string)
            let matches = try patterns.contains { pattern in
                try NSRegularExpression(pattern: pattern).firstMatch(in: string, range: range) != nil
            }
            guard matches else { return false }
        }
        return true
    }

    /// `resource` with a trigger's `parameters` applied for `event`, as the Sensor applies them: each source is a
    /// `dataKey` of the event's data, which must be there, or a literal `value`; `dest` is a path into the resource,
    /// and `operation: append` appends to the value there. A literal may only set a Workflow argument to the
    /// WorkflowTemplate's own default (`defaults`), that is to what the template documents as optional.
    static func applying(
        _ parameters: [Node], from event: Any, dependency: String, to resource: Node, defaults: [String: String?]
    ) throws -> Node {
        var resource = resource
        for parameter in parameters {
            let source = try #require(parameter["src"])
            let dest = try #require(parameter["dest"]?.string)
            #expect(source["dependencyName"]?.string == dependency, "\(dest) is taken from another dependency")
            #expect(source["dataTemplate"] == nil && source["contextKey"] == nil && source["contextTemplate"] == nil)
            #expect(source["useRawData"]?.bool != true)
            var value: String
            if let key = source["dataKey"]?.string {
                let found = try #require(Self.value(at: key, in: event), "\(key) is not in \(event)")
                #expect(!(found is NSNull), "\(key) is null")
                value = try text(of: found)
            } else {
                value = try #require(source["value"]?.string, "\(dest) has neither dataKey nor value")
                let index = try #require(
                    dest.wholeMatch(of: /spec\.arguments\.parameters\.(\d+)\.value/)?.output.1, "literal \(dest)")
                let argument = resource["spec"]?["arguments"]?["parameters"]?[Int(index) ?? -1]?["name"]?.string
                let declared = try #require(defaults[argument ?? ""], "\(dest) sets no declared argument")
                #expect(declared == value, "\(argument ?? dest): the literal is not the template's default")
            }
            let path = components(of: dest)
            switch parameter["operation"]?.string {
            case "append": value = (node(at: path, in: resource)?.string ?? "") + value
            case nil, "overwrite": break
            case let operation?: Issue.record("\(dest): operation \(operation) is not checked")
            }
            resource = try setting(value, at: path[...], in: resource)
        }
        return resource
    }

    /// `node` with the string `value` at `path` (mapping keys, sequence indices); a missing key is added, a missing
    /// index is an error.
    static func setting(_ value: String, at path: ArraySlice<String>, in node: Node?) throws -> Node {
        guard let key = path.first else { return Node(value, Tag(.str)) }
        switch node {
        case .sequence(var sequence)?:
            let index = try #require(Int(key).flatMap { sequence.indices.contains($0) ? $0 : nil }, "no item \(key)")
            sequence[index] = try setting(value, at: path.dropFirst(), in: sequence[index])
            return .sequence(sequence)
        case .mapping(var mapping)?:
            mapping[key] = try setting(value, at: path.dropFirst(), in: mapping[key])
            return .mapping(mapping)
        case nil:
            return Node([(Node(key, Tag(.str)), try setting(value, at: path.dropFirst(), in: nil))])
        case let other?:
            Issue.record("\(key) is under a scalar: \(other)")
            return other
        }
    }

    /// The keys of a gjson/sjson path: separated by dots, `\.` being a dot within a key. Wildcards, `#` and
    /// modifiers are not supported here.
    static func components(of path: String) -> [String] {
        #expect(!path.contains { "*?#|@".contains($0) }, "\(path) needs a full gjson")
        var components = [""]
        var escaped = false
        for character in path {
            if escaped || (character != "\\" && character != ".") {
                components[components.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                components.append("")
            }
        }
        return components
    }

    /// The value at a gjson path in parsed JSON, or `nil` if there is none.
    static func value(at path: String, in json: Any) -> Any? {
        components(of: path).reduce(Optional(json)) { current, key in
            if let object = current as? [String: Any] { return object[key] }
            if let array = current as? [Any], let index = Int(key), array.indices.contains(index) {
                return array[index]
            }
            return nil
        }
    }

    /// The node at `path` (mapping keys, sequence indices), or `nil` if there is none.
    static func node(at path: [String], in node: Node) -> Node? {
        path.reduce(Optional(node)) { current, key in
            if case .sequence(let sequence)? = current {
                return Int(key).flatMap { sequence.indices.contains($0) ? sequence[$0] : nil }
            }
            return current?.mapping?[key]
        }
    }

    /// A value as gjson's `String()` gives it: a string itself, an object or array as its JSON text.
    static func text(of value: Any) throws -> String {
        switch value {
        case let string as String: return string
        case is [String: Any], is [Any]:
            let data = try JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        default: return "\(value)"
        }
    }

    /// A container template's command and arguments.
    static func commandLine(of template: Node) -> [String] {
        (template["container"]?["command"]?.array(of: String.self) ?? [])
            + (template["container"]?["args"]?.array(of: String.self) ?? [])
    }

    /// The argument after `name` in a command line.
    static func option(_ name: String, in command: [String]) -> String? {
        command.firstIndex(of: name).flatMap { command.indices.contains($0 + 1) ? command[$0 + 1] : nil }
    }

    /// The arguments that are neither one of `options` nor its value.
    static func operands(of arguments: ArraySlice<String>, options: Set<String>) -> [String] {
        var operands: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
            } else if options.contains(argument) {
                skipNext = true
            } else {
                operands.append(argument)
            }
        }
        return operands
    }
}
