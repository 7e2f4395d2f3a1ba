/// Decodes what ``StateEncoder`` wrote: the bytes are read into a tree of values once, then any number of
/// `Decodable` types are decoded from it (a model version's header, policies and monitors, say).
struct StateDecoder {
    /// The bytes are not a binary state value: too short, a tag this driftwatch does not know, or an impossible length.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Passed to every value's `init(from:)`.
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    private let root: DecodedValue

    /// Whether `bytes` begin with ``StateEncoder/magic``: binary state rather than JSON.
    static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.starts(with: StateEncoder.magic) }

    /// Reads the tree of values in `bytes`, which begin with ``StateEncoder/magic``.
    init(_ bytes: [UInt8]) throws(Malformed) {
        guard Self.isBinary(bytes) else { throw Malformed(description: "not binary state") }
        var reader = StateBytesReader(Array(bytes.dropFirst(StateEncoder.magic.count)))
        do {
            root = try DecodedValue.read(from: &reader, depth: 0)
        } catch let error as Malformed {
            throw error
        } catch {
            throw Malformed(description: "the bytes end early or hold an impossible length")
        }
        guard reader.isAtEnd else { throw Malformed(description: "bytes follow the value") }
    }

    /// Decodes a `Value` from the tree.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try Value(from: StateDecodingNode(root, userInfo: userInfo, codingPath: []))
    }
}

/// One value read from the binary form.
private indirect enum DecodedValue {
    case scalar(StateScalar)
    case keyed(keys: [String], values: [String: DecodedValue])
    case unkeyed([DecodedValue])

    /// Nesting deeper than this is refused, so that corrupt bytes cannot exhaust the stack.
    static let maximumDepth = 256

    static func read(from reader: inout StateBytesReader, depth: Int) throws -> DecodedValue {
        guard depth < maximumDepth else { throw StateDecoder.Malformed(description: "nested too deeply") }
        let byte = try reader.readByte()
        guard let tag = StateValueTag(rawValue: byte) else {
            throw StateDecoder.Malformed(description: "unknown tag \(byte)")
        }
        switch tag {
        case .keyed:
            let count = try readCount(&reader, bytesEach: 2)
            var keys: [String] = []
            var values: [String: DecodedValue] = [:]
            keys.reserveCapacity(count)
            for _ in 0..<count {
                let key = try reader.readCompactString()
                if values.updateValue(try read(from: &reader, depth: depth + 1), forKey: key) == nil {
                    keys.append(key)
                }
            }
            return .keyed(keys: keys, values: values)
        case .unkeyed:
            let count = try readCount(&reader, bytesEach: 1)
            return .unkeyed(try (0..<count).map { _ in try read(from: &reader, depth: depth + 1) })
        case .null: return .scalar(.null)
        case .false: return .scalar(.bool(false))
        case .true: return .scalar(.bool(true))
        case .integer: return .scalar(.integer(try reader.readZigzag()))
        case .unsigned: return .scalar(.unsigned(try reader.readVarint()))
        case .double: return .scalar(.double(try reader.readDouble()))
        case .string: return .scalar(.string(try reader.readCompactString()))
        case .doubles:
            let count = try readCount(&reader, bytesEach: 8)
            return .scalar(.doubles(try (0..<count).map { _ in try reader.readDouble() }))
        case .integers:
            let count = try readCount(&reader, bytesEach: 1)
            return .scalar(
                .integers(
                    try (0..<count).map { _ in
                        guard let number = Int(exactly: try reader.readZigzag()) else {
                            throw StateDecoder.Malformed(description: "an integer does not fit")
                        }
                        return number
                    }))
        }
    }

    /// A count of elements, each at least `bytesEach` long, that the remaining bytes can hold.
    private static func readCount(_ reader: inout StateBytesReader, bytesEach: Int) throws -> Int {
        let count = try reader.readVarint()
        guard count <= UInt64(reader.remaining / bytesEach) else {
            throw StateDecoder.Malformed(description: "a count of \(count) is more than the bytes hold")
        }
        return Int(count)
    }

    var kind: String {
        switch self {
        case .scalar(.null): "null"
        case .scalar(.bool): "a boolean"
        case .scalar(.integer), .scalar(.unsigned): "an integer"
        case .scalar(.double): "a number"
        case .scalar(.string): "a string"
        case .scalar(.doubles), .scalar(.integers), .unkeyed: "an array"
        case .keyed: "an object"
        }
    }
}

/// One value being decoded: the `Decoder` its `init(from:)` receives.
private struct StateDecodingNode: Decoder {
    let value: DecodedValue
    let userInfo: [CodingUserInfoKey: Any]
    let codingPath: [any CodingKey]

    init(_ value: DecodedValue, userInfo: [CodingUserInfoKey: Any], codingPath: [any CodingKey]) {
        self.value = value
        self.userInfo = userInfo
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .keyed(let keys, let values) = value else { throw mismatch(Key.self, "an object") }
        return KeyedDecodingContainer(KeyedContainer(node: self, keys: keys, values: values))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .unkeyed(let values): return UnkeyedContainer(node: self, values: values)
        case .scalar(.doubles(let numbers)):
            return UnkeyedContainer(node: self, values: numbers.map { .scalar(.double($0)) })
        case .scalar(.integers(let numbers)):
            return UnkeyedContainer(node: self, values: numbers.map { .scalar(.integer(Int64($0))) })
        default: throw mismatch([Any].self, "an array")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(node: self) }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        .typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kind)"))
    }

    /// Decodes `Value` from this node: primitives and arrays of numbers directly, the rest by its `init(from:)`.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        // The types are compared, not cast (see `StateEncodingNode.encoded`).
        if type == [Double].self, case .scalar(.doubles(let numbers)) = value { return numbers as! Value }
        if type == Double.self { return try number() as! Value }
        if type == Int.self { return try integer(Int.self) as! Value }
        if type == String.self { return try text() as! Value }
        if type == [Int].self, case .scalar(.integers(let numbers)) = value { return numbers as! Value }
        if type == Bool.self { return try flag() as! Value }
        return try Value(from: self)
    }

    func number() throws -> Double {
        switch value {
        case .scalar(.double(let number)): return number
        case .scalar(.integer(let number)): return Double(number)
        case .scalar(.unsigned(let number)): return Double(number)
        default: throw mismatch(Double.self, "a number")
        }
    }

    func integer<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        let converted: Integer?
        switch value {
        case .scalar(.integer(let number)): converted = Integer(exactly: number)
        case .scalar(.unsigned(let number)): converted = Integer(exactly: number)
        default: throw mismatch(type, "an integer")
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "the integer does not fit \(type)"))
        }
        return converted
    }

    func text() throws -> String {
        guard case .scalar(.string(let text)) = value else { throw mismatch(String.self, "a string") }
        return text
    }

    func flag() throws -> Bool {
        guard case .scalar(.bool(let flag)) = value else { throw mismatch(Bool.self, "a boolean") }
        return flag
    }

    var isNull: Bool {
        if case .scalar(.null) = value { return true }
        return false
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let node: StateDecodingNode
        let keys: [String]
        let values: [String: DecodedValue]
        var codingPath: [any CodingKey] { node.codingPath }
        var allKeys: [Key] { keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

        private func child(_ key: Key) throws -> StateDecodingNode {
            guard let value = values[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
            }
            return StateDecodingNode(value, userInfo: node.userInfo, codingPath: codingPath + [key])
        }

        func decodeNil(forKey key: Key) throws -> Bool { try child(key).isNull }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).flag() }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).text() }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).number() }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try child(key).number()) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).integer(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).integer(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).integer(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).integer(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).integer(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).integer(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).integer(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).integer(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).integer(type) }
        func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
            try child(key).decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { try child(Key(stringValue: "super")!) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
    }

    private struct UnkeyedContainer: UnkeyedDecodingContainer {
        let node: StateDecodingNode
        let values: [DecodedValue]
        private(set) var currentIndex = 0
        var codingPath: [any CodingKey] { node.codingPath }
        var count: Int? { values.count }
        var isAtEnd: Bool { currentIndex >= values.count }

        init(node: StateDecodingNode, values: [DecodedValue]) {
            self.node = node
            self.values = values
        }

        private mutating func next() throws -> StateDecodingNode {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more values"))
            }
            defer { currentIndex += 1 }
            return StateDecodingNode(values[currentIndex], userInfo: node.userInfo, codingPath: codingPath)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, case .scalar(.null) = values[currentIndex] else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try next().flag() }
        mutating func decode(_ type: String.Type) throws -> String { try next().text() }
        mutating func decode(_ type: Double.Type) throws -> Double { try next().number() }
        mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().number()) }
        mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().integer(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().integer(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next().integer(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().integer(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().integer(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(type) }
        mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try next().decode(type) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next().unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { try next() }
    }

    private struct SingleValueContainer: SingleValueDecodingContainer {
        let node: StateDecodingNode
        var codingPath: [any CodingKey] { node.codingPath }

        func decodeNil() -> Bool { node.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try node.flag() }
        func decode(_ type: String.Type) throws -> String { try node.text() }
        func decode(_ type: Double.Type) throws -> Double { try node.number() }
        func decode(_ type: Float.Type) throws -> Float { Float(try node.number()) }
        func decode(_ type: Int.Type) throws -> Int { try node.integer(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try node.integer(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try node.integer(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try node.integer(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try node.integer(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try node.integer(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try node.integer(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try node.integer(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try node.integer(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try node.integer(type) }
        func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try node.decode(type) }
    }
}
