import Yams

/// A YAML mapping of a configuration section, with its path, ready to be read field by field.
///
/// Fields whose value is null (`field:` or `field: ~`) count as absent, so they take their defaults.
struct YAMLMapping {
    /// The mapping's own node, whose line stands for fields that are missing from it.
    let node: Node
    /// The mapping's path from the document's root.
    let path: FieldPath
    /// Each key in document order with its key and value nodes.
    let entries: [(name: String, key: Node, value: Node)]

    /// The value of the field `name`, or `nil` when it is absent or null.
    subscript(name: String) -> Node? {
        guard let value = entry(name)?.value, !value.isNull else { return nil }
        return value
    }

    /// The key and value nodes of the field `name`, even when its value is null; `nil` when it is absent.
    func entry(_ name: String) -> (key: Node, value: Node)? {
        entries.first(where: { $0.name == name }).map { ($0.key, $0.value) }
    }

    /// The path of the field `name` in this mapping.
    func path(_ name: String) -> FieldPath {
        path.appending(name)
    }
}

extension Node {
    /// Whether the node is a null scalar (`~`, `null` or nothing at all).
    var isNull: Bool {
        if case .scalar = self { return tag.rawValue == Tag.Name.null.rawValue }
        return false
    }

    /// What kind of YAML node this is, for messages: `a mapping`, `a list`, `a scalar`.
    var kindDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar: "a single value"
        case .alias: "an alias"
        }
    }
}
