import CRdKafka

/// A librdkafka topic-partition list (`rd_kafka_topic_partition_list_t`) that this value owns: the list is destroyed
/// with it.
struct RDKafkaTopicPartitionList: ~Copyable {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of partitions at the given offsets (`rd_kafka_topic_partition_list_new`).
    init(_ entries: [(KafkaTopicPartition, offset: Int64)]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(entries.count, 1)))!
        for (topicPartition, offset) in entries {
            let element = rd_kafka_topic_partition_list_add(pointer, topicPartition.topic, topicPartition.partition)!
            element.pointee.offset = offset
        }
    }

    /// A list of partitions with no offset (`RD_KAFKA_OFFSET_INVALID`).
    init(_ partitions: [KafkaTopicPartition]) {
        self.init(partitions.map { ($0, offset: RDKafkaOffset.invalid) })
    }

    /// A copy of a list librdkafka owns (`rd_kafka_topic_partition_list_copy`).
    init(copying list: UnsafePointer<rd_kafka_topic_partition_list_t>) {
        pointer = rd_kafka_topic_partition_list_copy(list)!
    }

    /// Takes over a list librdkafka handed to the caller.
    init(adopting pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// The elements, in the list's order.
    var elements: [(KafkaTopicPartition, offset: Int64, error: KafkaErrorCode)] { Self.elements(of: pointer) }

    /// The offset of every partition that has one and no error.
    var validOffsets: [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        for (partition, offset, error) in elements where error == .noError && offset >= 0 {
            result[partition] = offset
        }
        return result
    }

    /// Sets the offset of every partition in `offsets`; the others keep theirs.
    mutating func setOffsets(_ offsets: [KafkaTopicPartition: Int64]) {
        for index in 0..<Int(pointer.pointee.cnt) {
            let element = pointer.pointee.elems[index]
            let partition = KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
            if let offset = offsets[partition] { pointer.pointee.elems[index].offset = offset }
        }
    }

    /// Replaces every logical (negative) offset with `offset`.
    mutating func replaceLogicalOffsets(with offset: Int64) {
        for index in 0..<Int(pointer.pointee.cnt) where pointer.pointee.elems[index].offset < 0 {
            pointer.pointee.elems[index].offset = offset
        }
    }

    /// The elements of any list, in its order.
    static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(KafkaTopicPartition, offset: Int64, error: KafkaErrorCode)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (
                KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                element.offset, KafkaErrorCode(element.err)
            )
        }
    }
}
