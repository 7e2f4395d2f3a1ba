extension String {
    /// The text in a NUL-terminated C buffer that librdkafka filled (error strings).
    init(cBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
