import Foundation
import Yams

/// Walks a composed YAML document, turns its nodes into typed values and collects every problem on the way,
/// so that one run of `driftwatch validate` explains them all.
///
/// Readers of optional fields return `nil` when the field is absent or invalid; the caller then applies the
/// default from ``ConfigurationDefaults``. An invalid value has already been reported, so the configuration as a
/// whole is rejected.
struct ConfigurationReader {
    /// The file name the problems name.
    let file: String
    /// Every problem found so far.
    private(set) var problems: [ConfigurationProblem] = []
    /// Every value read from `${env:…}` or `${file:…}`, with the reference it came from.
    private(set) var secrets: [(value: String, reference: String)] = []
    /// Where `${env:NAME}` is looked up.
    private let environment: [String: String]
    /// The directory a relative `${file:PATH}` is resolved against; empty keeps it as written.
    private let baseDirectory: String

    /// Creates a reader whose problems name `file`.
    init(file: String, environment: [String: String] = [:], baseDirectory: String = "") {
        self.file = file
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    /// Records a problem at `node`'s line. A secret the message quotes is replaced by its reference.
    mutating func report(_ message: String, at node: Node?, _ path: FieldPath) {
        let message = secrets.reduce(message) { text, secret in
            text.replacingOccurrences(of: secret.value, with: secret.reference)
        }
        problems.append(
            ConfigurationProblem(file: file, line: node?.mark?.line, path: path.description, message: message))
    }

    /// Reads `node` as a mapping that may hold only `fields`; reports any other field with the valid ones.
    /// - Returns: `nil` (after reporting) when `node` is not a mapping.
    mutating func mapping(_ node: Node, at path: FieldPath, fields: [String]) -> YAMLMapping? {
        guard let mapping = openMapping(node, at: path) else { return nil }
        for entry in mapping.entries where !fields.contains(entry.name) {
            report(
                "unknown field '\(entry.name)'; valid fields: " + fields.joined(separator: ", "),
                at: entry.key,
                path.appending(entry.name)
            )
        }
        return mapping
    }

    /// Reads `node` as a mapping whose keys are free (feature names, Kafka properties, detector parameters).
    /// - Returns: `nil` (after reporting) when `node` is not a mapping or a key is not a single value.
    mutating func openMapping(_ node: Node, at path: FieldPath) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            report("must be a mapping of fields, found \(node.kindDescription)", at: node, path)
            return nil
        }
        var entries: [(name: String, key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report("keys must be single values, found \(key.kindDescription)", at: key, path)
                continue
            }
            entries.append((scalar.string, key, value))
        }
        return YAMLMapping(node: node, path: path, entries: entries)
    }

    /// Reads the section `name` of `parent` as a mapping of `fields`; `nil` when absent or not a mapping.
    mutating func section(_ name: String, of parent: YAMLMapping?, fields: [String]) -> YAMLMapping? {
        guard let parent, let node = parent[name] else { return nil }
        return mapping(node, at: parent.path(name), fields: fields)
    }

    /// Reports that the required field `name` of `parent` is missing.
    mutating func reportMissing(_ name: String, in parent: YAMLMapping, _ hint: String = "") {
        report("missing required field '\(name)'" + hint, at: parent.node, parent.path(name))
    }

    /// Reads a single value as text, with every `${env:NAME}` and `${file:PATH}` in it replaced by the variable's
    /// value or the file's content (without a final line break); reports lists, mappings, empty text and
    /// references that cannot be resolved.
    mutating func text(_ node: Node, at path: FieldPath) -> String? {
        guard case .scalar(let scalar) = node else {
            report("must be a single value, found \(node.kindDescription)", at: node, path)
            return nil
        }
        guard let text = resolvingSecrets(in: scalar.string, at: node, path) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            report("must not be empty", at: node, path)
            return nil
        }
        return text
    }

    /// `text` with its secret references resolved; `nil` (after reporting) when one cannot be.
    private mutating func resolvingSecrets(in text: String, at node: Node, _ path: FieldPath) -> String? {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                report("'${' without a closing '}'; write ${env:NAME} or ${file:PATH}", at: node, path)
                return nil
            }
            let reference = String(rest[start.lowerBound...end])
            let body = rest[start.upperBound..<end]
            guard let value = resolve(body, reference: reference, at: node, path) else { return nil }
            if !value.isEmpty { secrets.append((value, reference)) }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// `path` as written when it is absolute or `directory` is empty, else inside `directory`.
    static func path(_ path: String, relativeTo directory: String) -> String {
        path.hasPrefix("/") || directory.isEmpty ? path : "\(directory)/\(path)"
    }

    /// The value `${env:NAME}` or `${file:PATH}` stands for.
    private mutating func resolve(_ body: Substring, reference: String, at node: Node, _ path: FieldPath) -> String? {
        if body.hasPrefix("env:") {
            let name = String(body.dropFirst(4))
            guard let value = environment[name] else {
                report("environment variable '\(name)' (\(reference)) is not set; export it", at: node, path)
                return nil
            }
            return value
        }
        if body.hasPrefix("file:") {
            let named = String(body.dropFirst(5))
            let file = Self.path(named, relativeTo: baseDirectory)
            guard let data = FileManager.default.contents(atPath: file), var value = String(data: data, encoding: .utf8)
            else {
                report(
                    "cannot read the file '\(file)' (\(reference)); check the path and its permissions", at: node, path)
                return nil
            }
            if value.last?.isNewline == true { value.removeLast() }
            return value
        }
        report("unknown reference \(reference); write ${env:NAME} or ${file:PATH}", at: node, path)
        return nil
    }

    /// Reads the field `name` of `fields` as non-empty text.
    mutating func string(_ fields: YAMLMapping?, _ name: String) -> String? {
        guard let fields, let node = fields[name] else { return nil }
        return text(node, at: fields.path(name))
    }

    /// Reads the field `name` as a whole number of at least `minimum`.
    mutating func integer(_ fields: YAMLMapping?, _ name: String, minimum: Int) -> Int? {
        guard let fields, let node = fields[name], let text = text(node, at: fields.path(name)) else { return nil }
        guard let value = node.int, !text.contains(".") else {
            report("must be a whole number, got '\(text)'", at: node, fields.path(name))
            return nil
        }
        guard value >= minimum else {
            report("must be at least \(minimum), got \(value)", at: node, fields.path(name))
            return nil
        }
        return value
    }

    /// Reads the field `name` as a finite number within `bound`.
    mutating func number(_ fields: YAMLMapping?, _ name: String, _ bound: NumberBound) -> Double? {
        guard let fields, let node = fields[name], let text = text(node, at: fields.path(name)) else { return nil }
        guard let value = node.float, value.isFinite else {
            report("must be a number, got '\(text)'", at: node, fields.path(name))
            return nil
        }
        guard bound.contains(value) else {
            report("must be \(bound), got \(text)", at: node, fields.path(name))
            return nil
        }
        return value
    }

    /// Reads the field `name` as a positive duration such as `500ms`, `10m`, `6h`, `1d` or `1h30m`; with
    /// `allowingZero`, `0s` too (e.g. no cooldown).
    mutating func duration(_ fields: YAMLMapping?, _ name: String, allowingZero: Bool = false) -> Duration? {
        guard let fields, let node = fields[name], let text = text(node, at: fields.path(name)) else { return nil }
        guard let value = Duration(configurationText: text) else {
            report(
                "'\(text)' is not a duration; write a whole number and a unit (ms, s, m, h, d), "
                    + "e.g. 500ms, 10m, 6h, 1d",
                at: node,
                fields.path(name)
            )
            return nil
        }
        guard value > .zero || (allowingZero && value == .zero) else {
            report("must be longer than 0, got '\(text)'", at: node, fields.path(name))
            return nil
        }
        return value
    }

    /// Reads the field `name` as one of `Choice`'s raw values; an unknown value is reported with the valid ones.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ fields: YAMLMapping?,
        _ name: String,
        as _: Choice.Type = Choice.self
    ) -> Choice? where Choice.RawValue == String {
        guard let fields, let node = fields[name], let text = text(node, at: fields.path(name)) else { return nil }
        return choice(text, at: node, fields.path(name), noun: name)
    }

    /// Reads `text` as one of `Choice`'s raw values; an unknown value is reported as an unknown `noun`.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ text: String,
        at node: Node,
        _ path: FieldPath,
        noun: String
    ) -> Choice? where Choice.RawValue == String {
        if let value = Choice(rawValue: text) { return value }
        let valid = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        report("unknown \(noun) '\(text)'; one of \(valid)", at: node, path)
        return nil
    }
}
