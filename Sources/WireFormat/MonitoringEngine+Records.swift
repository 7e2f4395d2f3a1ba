import DriftDetection
import DriftEngine

/// The engine fed with records as they are on the topics: bytes decoded by ``EventDecoder`` with the engine's
/// models and limits, and outputs encoded as CloudEvents (README, "Events in and out").
extension MonitoringEngine {
    /// The decoder of the engine's events: its models, its event limits.
    public var decoder: EventDecoder {
        EventDecoder(knownModels: modelNames, limits: limits.events)
    }

    /// Decodes a prediction record's value and handles the event, or rejects the record with the decoder's reason.
    ///
    /// - Parameters:
    ///   - fallbackTime: the record's Kafka timestamp: the event time when the event has no `ts`.
    ///   - partition, offset: where the record came from.
    public mutating func ingestPrediction(_ bytes: [UInt8], fallbackTime: Int64?, partition: Int32, offset: Int64)
        -> Result
    {
        let position = InputPosition(partition: partition, offset: offset)
        do throws(EventError) {
            let (event, features) = try decoder.decodePrediction(
                bytes, fallbackTime: fallbackTime ?? 0, layouts: featureLayouts)
            return ingest(event, features: features, recordTime: fallbackTime, at: position)
        } catch {
            return reject(error, of: .predictions, at: position)
        }
    }

    /// Decodes an outcome record's value and handles the event, or rejects the record with the decoder's reason.
    ///
    /// - Parameters:
    ///   - fallbackTime: the record's Kafka timestamp: the event time when the event has no `ts`.
    ///   - partition, offset: where the record came from.
    public mutating func ingestOutcome(_ bytes: [UInt8], fallbackTime: Int64?, partition: Int32, offset: Int64)
        -> Result
    {
        let position = InputPosition(partition: partition, offset: offset)
        do throws(EventError) {
            let event = try decoder.decodeOutcome(bytes, fallbackTime: fallbackTime ?? 0)
            return ingest(event, recordTime: fallbackTime, at: position)
        } catch {
            return reject(error, of: .outcomes, at: position)
        }
    }

    /// An output as a Kafka record's key and CloudEvents JSON value: alerts keyed by `dedup_key`, retrain
    /// triggers by model.
    public func encode(_ output: Output) -> (key: String, value: [UInt8]) {
        switch output {
        case .alert(let alert): (alert.dedupKey, Array(alert.cloudEventJSON(instance: instance).utf8))
        case .retrain(let trigger): (trigger.model, Array(trigger.cloudEventJSON(instance: instance).utf8))
        }
    }
}
