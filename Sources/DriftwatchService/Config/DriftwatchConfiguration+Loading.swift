import Foundation
import Yams

extension DriftwatchConfiguration {
    /// Reads and checks the configuration file at `path`.
    ///
    /// A relative `reference` path is resolved against the file's directory.
    /// - Throws: ``ConfigurationError`` listing every problem, each with the file, line and field path, or the
    ///   reason the file cannot be read.
    package static func load(contentsOf path: String) throws(ConfigurationError) -> DriftwatchConfiguration {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ConfigurationError(file: path, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw ConfigurationError(file: path, "is a directory; name the configuration file in it")
        }
        let data: Data
        do {
            data = try FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readToEnd() ?? Data()
        } catch {
            throw ConfigurationError(file: path, "cannot read the file: \(error.localizedDescription)")
        }
        guard let yaml = String(validating: data, as: UTF8.self) else {
            throw ConfigurationError(file: path, "is not UTF-8 text")
        }
        return try DriftwatchConfiguration(
            yaml: yaml,
            file: path,
            baseDirectory: (path as NSString).deletingLastPathComponent
        )
    }

    /// Parses and checks a configuration held in memory.
    /// - Parameters:
    ///   - yaml: the document.
    ///   - file: the name problems give as their file.
    ///   - baseDirectory: the directory a relative `reference` or `${file:PATH}` is resolved against; empty keeps it
    ///     as written.
    ///   - environment: where variables named by the file (`${env:NAME}`, `routing_key_env`) are looked up.
    /// - Throws: ``ConfigurationError`` listing every problem.
    package init(
        yaml: String, file: String, baseDirectory: String = "",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(problems: [Self.problem(from: error, file: file)])
        }
        var reader = ConfigurationReader(file: file, environment: environment, baseDirectory: baseDirectory)
        guard let root, !root.isNull else {
            throw ConfigurationError(file: file, "is empty; it needs at least a 'models' list")
        }
        let configuration = Self(reading: root, baseDirectory: baseDirectory, environment: environment, with: &reader)
        guard reader.problems.isEmpty, var configuration else {
            throw ConfigurationError(problems: reader.problems)
        }
        configuration.secretValues = Set(reader.secrets.map(\.value))
        self = configuration
    }

    /// Reads the document's root mapping; `nil` when something required is unusable.
    private init?(
        reading root: Node, baseDirectory: String, environment: [String: String], with reader: inout ConfigurationReader
    ) {
        guard let fields = reader.mapping(root, at: .root, fields: Self.fields) else { return nil }
        kafka = KafkaConfiguration(
            reading: reader.section("kafka", of: fields, fields: KafkaConfiguration.fields),
            with: &reader
        )
        join = JoinConfiguration(
            reading: reader.section("join", of: fields, fields: JoinConfiguration.fields),
            with: &reader)
        http = HTTPConfiguration(
            reading: reader.section("http", of: fields, fields: HTTPConfiguration.fields),
            with: &reader)
        sinks = SinksConfiguration(
            reading: reader.section("sinks", of: fields, fields: SinksConfiguration.fields),
            environment: environment, with: &reader)
        state = StateConfiguration(
            reading: reader.section("state", of: fields, fields: StateConfiguration.fields),
            with: &reader)
        limits = LimitsConfiguration(
            reading: reader.section("limits", of: fields, fields: LimitsConfiguration.fields),
            with: &reader)
        shutdownTimeout = reader.duration(fields, "shutdown_timeout") ?? ConfigurationDefaults.shutdownTimeout
        guard let node = fields["models"] else {
            reader.reportMissing("models", in: fields, " (a list of the models to watch)")
            return nil
        }
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            reader.report("must be a list of at least one model", at: node, fields.path("models"))
            return nil
        }
        models = sequence.enumerated().compactMap { index, element in
            ModelConfiguration(
                reading: element,
                at: fields.path("models").appending(index: index),
                baseDirectory: baseDirectory,
                with: &reader
            )
        }
        Self.checkUniqueNames(of: Array(sequence), at: fields.path("models"), with: &reader)
    }

    /// Reports every model whose name an earlier model already has, naming the earlier one.
    private static func checkUniqueNames(of models: [Node], at path: FieldPath, with reader: inout ConfigurationReader)
    {
        var first: [String: (index: Int, node: Node)] = [:]
        for (index, model) in models.enumerated() {
            guard let node = model.mapping?["name"], case .scalar(let name) = node else { continue }
            guard let earlier = first[name.string] else {
                first[name.string] = (index, node)
                continue
            }
            reader.report(
                "duplicate model name '\(name.string)'; models[\(earlier.index)] has it already"
                    + (earlier.node.mark.map { " (line \($0.line))" } ?? ""),
                at: node,
                path.appending(index: index).appending("name")
            )
        }
    }

    /// The problem a YAML syntax error describes, at its line.
    private static func problem(from error: any Error, file: String) -> ConfigurationProblem {
        guard let yamlError = error as? YamlError else {
            return ConfigurationProblem(file: file, line: nil, path: "", message: "\(error)")
        }
        let (line, message): (Int?, String) =
            switch yamlError {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                (mark.line, "invalid YAML: \(problem)" + (context.map { " \($0.text) at line \($0.mark.line)" } ?? ""))
            case .duplicatedKeysInMapping(let duplicates, let context):
                (context.mark.line, "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", "))
            default:
                (nil, "invalid YAML: \(yamlError)")
            }
        return ConfigurationProblem(file: file, line: line, path: "", message: message)
    }
}
