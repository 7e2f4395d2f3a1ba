import CRdKafka

/// The librdkafka the process loaded, which may be newer than the headers it was built with: the dynamic linker
/// picks `librdkafka.so.1` at start (`LD_LIBRARY_PATH` first).
public enum KafkaLibrary {
    /// librdkafka's version, e.g. `2.0.2` (`rd_kafka_version_str`).
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
