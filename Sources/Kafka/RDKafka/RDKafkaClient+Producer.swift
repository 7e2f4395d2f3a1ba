import CRdKafka

/// The producer calls of librdkafka, with Swift values in and failures as `KafkaError`.
extension RDKafkaClient {
    /// Hands a record to librdkafka (`rd_kafka_produceva`), which copies its bytes; its delivery report carries
    /// `opaque`.
    ///
    /// - Throws: `KafkaError.Code.request` when librdkafka rejects the record (full queue, unknown partition, record
    ///   too large ...).
    func produce(_ message: KafkaProducerMessage, opaque: UInt) throws(KafkaError) {
        let headers = message.headers.isEmpty ? nil : rd_kafka_headers_new(message.headers.count)
        for header in message.headers {
            if let value = header.value {
                value.withUnsafeBytes { _ = rd_kafka_header_add(headers, header.key, -1, $0.baseAddress, $0.count) }
            } else {
                _ = rd_kafka_header_add(headers, header.key, -1, nil, 0)
            }
        }
        var fields: [rd_kafka_vu_t] = []
        func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
            var field = rd_kafka_vu_t()
            field.vtype = type
            fill(&field)
            fields.append(field)
        }
        let error: OpaquePointer? = message.topic.withCString { topic in
            withOptionalBytes(message.key) { key in
                withOptionalBytes(message.value) { value in
                    add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                    add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = message.partition ?? RD_KAFKA_PARTITION_UA }
                    add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                    add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
                    if let key {
                        add(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count)
                        }
                    }
                    if let value {
                        add(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem = .init(
                                ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count)
                        }
                    }
                    if let timestamp = message.timestampMilliseconds {
                        add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp }
                    }
                    if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
                    return rd_kafka_produceva(handle, fields, fields.count)
                }
            }
        }
        guard let error else { return }
        if let headers { rd_kafka_headers_destroy(headers) }
        throw KafkaError(code: .request, consuming: error, context: "Cannot send a record to \(message.topic)")
    }

    /// Waits up to `timeout` until librdkafka has a result for every record handed to it (`rd_kafka_flush`).
    ///
    /// - Throws: `KafkaError.Code.request` with `RD_KAFKA_RESP_ERR__TIMED_OUT` if records are still outstanding.
    func flush(timeout: Duration) throws(KafkaError) {
        let result = KafkaErrorCode(rd_kafka_flush(handle, Int32(clamping: timeout.milliseconds)))
        guard result == .noError else {
            throw KafkaError(
                code: .request, result,
                context: "\(rd_kafka_outq_len(handle)) records were not delivered within \(timeout)"
            )
        }
    }
}

/// Calls `body` with a pointer to the bytes, or with `nil` when there are none; empty bytes get a valid pointer.
private func withOptionalBytes<Result>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { buffer in
        if buffer.baseAddress != nil { return body(buffer) }
        return withUnsafeBytes(of: UInt8(0)) { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
    }
}
