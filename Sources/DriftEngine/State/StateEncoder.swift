/// Encodes `Encodable` values in the durable state's compact binary form (``StateDecoder`` reads it back): a tree of
/// tagged values, with arrays of numbers written as their raw little-endian bytes.
///
/// Hand-written because checkpoints write every model version that saw events, and Foundation's coders spend
/// milliseconds on each (its binary property lists no less than JSON): most of a version is arrays of numbers
/// (bins, counts, sketch items), which this writes in one copy each. See ARCHITECTURE.md, "Durable state".
struct StateEncoder {
    /// Bytes that begin every value this encoder writes; JSON state never starts with them.
    static let magic: [UInt8] = [0x00, 0x44, 0x57, 0x53]  // "\0DWS"

    /// The binary form of `value`, ``magic`` first.
    func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let root = StateEncodingNode(parent: nil, key: nil)
        try root.encodeValue(value)
        var writer = StateBytesWriter(capacity: 4096)
        for byte in Self.magic { writer.write(byte) }
        root.write(to: &writer)
        return writer.bytes
    }
}

/// The tags of the binary form, one byte before each value.
enum StateValueTag: UInt8 {
    case null = 0
    case `false` = 1
    case `true` = 2
    case integer = 3
    case unsigned = 4
    case double = 5
    case string = 6
    case keyed = 7
    case unkeyed = 8
    case doubles = 9
    case integers = 10
}

/// A value without children, as both the encoder's and the decoder's trees hold it.
enum StateScalar {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case doubles([Double])
    case integers([Int])

    func write(to writer: inout StateBytesWriter) {
        switch self {
        case .null: writer.write(StateValueTag.null.rawValue)
        case .bool(let flag): writer.write((flag ? StateValueTag.true : .false).rawValue)
        case .integer(let number):
            writer.write(StateValueTag.integer.rawValue)
            writer.writeZigzag(number)
        case .unsigned(let number):
            writer.write(StateValueTag.unsigned.rawValue)
            writer.writeVarint(number)
        case .double(let number):
            writer.write(StateValueTag.double.rawValue)
            writer.write(number)
        case .string(let text):
            writer.write(StateValueTag.string.rawValue)
            writer.writeCompact(text)
        case .doubles(let numbers):
            writer.write(StateValueTag.doubles.rawValue)
            writer.writeVarint(UInt64(numbers.count))
            for number in numbers { writer.write(number) }
        case .integers(let numbers):
            writer.write(StateValueTag.integers.rawValue)
            writer.writeVarint(UInt64(numbers.count))
            for number in numbers { writer.writeZigzag(Int64(number)) }
        }
    }
}

/// What one `encode(to:)` produced: set by the first container it asks for.
private enum EncodedValue {
    case scalar(StateScalar)
    case keyed(KeyedEntries)
    case unkeyed(UnkeyedEntries)
    case nested(StateEncodingNode)
}

private final class KeyedEntries {
    var entries: [(key: String, value: EncodedValue)] = []
}

private final class UnkeyedEntries {
    var values: [EncodedValue] = []
}

/// One value being encoded: the `Encoder` its `encode(to:)` receives.
private final class StateEncodingNode: Encoder {
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var value: EncodedValue = .scalar(.null)
    /// The node this one's value is in, and its key there: the coding path, built only when asked for.
    private let parent: StateEncodingNode?
    private let key: (any CodingKey)?

    init(parent: StateEncodingNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: StateEncodingNode? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed(let entries) = value { return KeyedEncodingContainer(KeyedContainer(node: self, entries)) }
        let entries = KeyedEntries()
        value = .keyed(entries)
        return KeyedEncodingContainer(KeyedContainer(node: self, entries))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed(let entries) = value { return UnkeyedContainer(node: self, entries: entries) }
        let entries = UnkeyedEntries()
        value = .unkeyed(entries)
        return UnkeyedContainer(node: self, entries: entries)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(node: self) }

    /// Encodes `value` into this node: numbers and strings directly, arrays of numbers as one block.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
        self.value = try encoded(value, key: nil)
    }

    /// `value`, at `key` of this node, as an encoded value: a primitive, a block of numbers, or a node its own
    /// `encode(to:)` filled. The types are compared, not cast: a dynamic cast per value would cost more than the
    /// rest of its encoding.
    func encoded<Value: Encodable>(_ value: Value, key: (any CodingKey)?) throws -> EncodedValue {
        if Value.self == [Double].self { return .scalar(.doubles(value as! [Double])) }
        if Value.self == Double.self { return .scalar(.double(value as! Double)) }
        if Value.self == Int.self { return .scalar(.integer(Int64(value as! Int))) }
        if Value.self == String.self { return .scalar(.string(value as! String)) }
        if Value.self == [Int].self { return .scalar(.integers(value as! [Int])) }
        if Value.self == Bool.self { return .scalar(.bool(value as! Bool)) }
        let node = StateEncodingNode(parent: self, key: key)
        try value.encode(to: node)
        return .nested(node)
    }

    func write(to writer: inout StateBytesWriter) {
        Self.write(value, to: &writer)
    }

    private static func write(_ value: EncodedValue, to writer: inout StateBytesWriter) {
        switch value {
        case .scalar(let scalar): scalar.write(to: &writer)
        case .keyed(let keyed):
            writer.write(StateValueTag.keyed.rawValue)
            writer.writeVarint(UInt64(keyed.entries.count))
            for (key, entry) in keyed.entries {
                writer.writeCompact(key)
                write(entry, to: &writer)
            }
        case .unkeyed(let unkeyed):
            writer.write(StateValueTag.unkeyed.rawValue)
            writer.writeVarint(UInt64(unkeyed.values.count))
            for entry in unkeyed.values { write(entry, to: &writer) }
        case .nested(let node): node.write(to: &writer)
        }
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: StateEncodingNode
        let entries: KeyedEntries
        var codingPath: [any CodingKey] { node.codingPath }

        init(node: StateEncodingNode, _ entries: KeyedEntries) {
            self.node = node
            self.entries = entries
        }

        private func add(_ value: EncodedValue, _ key: Key) { entries.entries.append((key.stringValue, value)) }

        mutating func encodeNil(forKey key: Key) throws { add(.scalar(.null), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { add(.scalar(.bool(value)), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { add(.scalar(.string(value)), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { add(.scalar(.double(value)), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { add(.scalar(.double(Double(value))), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { add(.scalar(.integer(Int64(value))), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { add(.scalar(.integer(Int64(value))), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { add(.scalar(.integer(Int64(value))), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { add(.scalar(.integer(Int64(value))), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { add(.scalar(.integer(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { add(.scalar(.unsigned(UInt64(value))), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { add(.scalar(.unsigned(UInt64(value))), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { add(.scalar(.unsigned(UInt64(value))), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { add(.scalar(.unsigned(UInt64(value))), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { add(.scalar(.unsigned(value)), key) }

        mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
            add(try node.encoded(value, key: key), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = StateEncodingNode(parent: node, key: key)
            add(.nested(nested), key)
            return nested.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = StateEncodingNode(parent: node, key: key)
            add(.nested(nested), key)
            return nested.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let nested = StateEncodingNode(parent: node, key: key)
            add(.nested(nested), key)
            return nested
        }
    }

    private struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: StateEncodingNode
        let entries: UnkeyedEntries
        var codingPath: [any CodingKey] { node.codingPath }
        var count: Int { entries.values.count }

        private func add(_ value: EncodedValue) { entries.values.append(value) }

        mutating func encodeNil() throws { add(.scalar(.null)) }
        mutating func encode(_ value: Bool) throws { add(.scalar(.bool(value))) }
        mutating func encode(_ value: String) throws { add(.scalar(.string(value))) }
        mutating func encode(_ value: Double) throws { add(.scalar(.double(value))) }
        mutating func encode(_ value: Float) throws { add(.scalar(.double(Double(value)))) }
        mutating func encode(_ value: Int) throws { add(.scalar(.integer(Int64(value)))) }
        mutating func encode(_ value: Int8) throws { add(.scalar(.integer(Int64(value)))) }
        mutating func encode(_ value: Int16) throws { add(.scalar(.integer(Int64(value)))) }
        mutating func encode(_ value: Int32) throws { add(.scalar(.integer(Int64(value)))) }
        mutating func encode(_ value: Int64) throws { add(.scalar(.integer(value))) }
        mutating func encode(_ value: UInt) throws { add(.scalar(.unsigned(UInt64(value)))) }
        mutating func encode(_ value: UInt8) throws { add(.scalar(.unsigned(UInt64(value)))) }
        mutating func encode(_ value: UInt16) throws { add(.scalar(.unsigned(UInt64(value)))) }
        mutating func encode(_ value: UInt32) throws { add(.scalar(.unsigned(UInt64(value)))) }
        mutating func encode(_ value: UInt64) throws { add(.scalar(.unsigned(value))) }

        mutating func encode<Value: Encodable>(_ value: Value) throws {
            add(try node.encoded(value, key: nil))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = StateEncodingNode(parent: node, key: nil)
            add(.nested(nested))
            return nested.container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = StateEncodingNode(parent: node, key: nil)
            add(.nested(nested))
            return nested.unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let nested = StateEncodingNode(parent: node, key: nil)
            add(.nested(nested))
            return nested
        }
    }

    private struct SingleValueContainer: SingleValueEncodingContainer {
        let node: StateEncodingNode
        var codingPath: [any CodingKey] { node.codingPath }

        mutating func encodeNil() throws { node.value = .scalar(.null) }
        mutating func encode(_ value: Bool) throws { node.value = .scalar(.bool(value)) }
        mutating func encode(_ value: String) throws { node.value = .scalar(.string(value)) }
        mutating func encode(_ value: Double) throws { node.value = .scalar(.double(value)) }
        mutating func encode(_ value: Float) throws { node.value = .scalar(.double(Double(value))) }
        mutating func encode(_ value: Int) throws { node.value = .scalar(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { node.value = .scalar(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { node.value = .scalar(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { node.value = .scalar(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { node.value = .scalar(.integer(value)) }
        mutating func encode(_ value: UInt) throws { node.value = .scalar(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { node.value = .scalar(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt16) throws { node.value = .scalar(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt32) throws { node.value = .scalar(.unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt64) throws { node.value = .scalar(.unsigned(value)) }
        mutating func encode<Value: Encodable>(_ value: Value) throws { try node.encodeValue(value) }
    }
}
