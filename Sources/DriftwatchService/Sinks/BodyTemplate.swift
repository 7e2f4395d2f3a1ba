import Foundation
import Yams

/// A webhook's JSON body with `{{field}}` placeholders, filled from a retrain trigger (`sinks.retrain[].body`).
///
/// A string that is exactly one placeholder becomes the field's JSON value (`"{{reasons}}"` a list, `"{{data}}"`
/// an object); a placeholder inside other text is replaced by the field's text. Everything else is sent as written.
package indirect enum BodyTemplate: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([BodyTemplate])
    case object([Member])

    /// One member of an object, in the order written.
    package struct Member: Sendable, Equatable {
        package var name: String
        package var value: BodyTemplate
    }

    /// What a placeholder may name: the CloudEvent's attributes, `data` and `event` (the whole CloudEvent), the
    /// members of `data`, and the approval's `approved_by` and `approval_reason` (empty for automatic triggers).
    package static let fieldNames = [
        "id", "type", "source", "time", "subject", "data", "event", "model", "model_version", "mode", "since",
        "reasons", "offsets", "dedup_key", "approved_by", "approval_reason",
    ]

    /// The body as a JSON-serialisable value, with placeholders filled from `fields`.
    func rendered(with fields: [String: Any]) -> Any {
        switch self {
        case .text(let text):
            let placeholders = Self.placeholderTokens(in: text)
            if placeholders.count == 1, text.trimmingCharacters(in: .whitespaces) == placeholders[0].token {
                return fields[placeholders[0].name] ?? NSNull()
            }
            return placeholders.reduce(text) { text, placeholder in
                text.replacingOccurrences(of: placeholder.token, with: Self.text(of: fields[placeholder.name]))
            }
        case .number(let number): return number
        case .bool(let bool): return bool
        case .null: return NSNull()
        case .list(let elements): return elements.map { $0.rendered(with: fields) }
        case .object(let members):
            return Dictionary(members.map { ($0.name, $0.value.rendered(with: fields)) }) { _, last in last }
        }
    }

    /// The names between `{{` and `}}` in `text`, spaces trimmed; `{{ model }}` and `{{model}}` are the same.
    static func placeholders(in text: String) -> [String] {
        placeholderTokens(in: text).map(\.name)
    }

    /// Each placeholder as written (`{{ model }}`) with the name it holds.
    private static func placeholderTokens(in text: String) -> [(token: String, name: String)] {
        var placeholders: [(token: String, name: String)] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            placeholders.append(
                (
                    String(rest[open.lowerBound..<close.upperBound]),
                    rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                ))
            rest = rest[close.upperBound...]
        }
        return placeholders
    }

    /// A field's value inside text: strings as they are, anything else as JSON.
    private static func text(of value: Any?) -> String {
        switch value {
        case let string as String: return string
        case nil, is NSNull: return ""
        case let value?:
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}

extension BodyTemplate {
    /// Reads a YAML value as a template; reports placeholders that name no field.
    init?(reading node: Node, at path: FieldPath, with reader: inout ConfigurationReader) {
        switch node {
        case .scalar(let scalar):
            if node.isNull {
                self = .null
            } else if scalar.style == .plain, let bool = node.bool {
                self = .bool(bool)
            } else if scalar.style == .plain, let number = node.float, number.isFinite {
                self = .number(number)
            } else {
                guard let text = reader.text(node, at: path) else { return nil }
                for name in Self.placeholders(in: text) where !Self.fieldNames.contains(name) {
                    reader.report(
                        "unknown placeholder '{{\(name)}}'; one of "
                            + Self.fieldNames.map { "{{\($0)}}" }
                            .joined(separator: ", "), at: node, path)
                }
                self = .text(text)
            }
        case .sequence(let sequence):
            self = .list(
                sequence.enumerated().compactMap {
                    BodyTemplate(reading: $1, at: path.appending(index: $0), with: &reader)
                })
        case .mapping:
            guard let mapping = reader.openMapping(node, at: path) else { return nil }
            self = .object(
                mapping.entries.compactMap { entry in
                    BodyTemplate(reading: entry.value, at: mapping.path(entry.name), with: &reader).map {
                        Member(name: entry.name, value: $0)
                    }
                })
        case .alias:
            reader.report("YAML aliases are not supported here; write the value out", at: node, path)
            return nil
        }
    }
}
