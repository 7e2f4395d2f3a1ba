import DriftEngine
import Synchronization

/// Changes for the engine from outside the pipeline (published profiles, a reloaded configuration), handed over
/// between batches: the engine is the pipeline's alone, so others post and the pipeline applies.
package final class EngineUpdates: Sendable {
    /// A change for the engine.
    package enum Update: Sendable {
        /// A version's profile arrived on the profiles topic.
        case profile(PublishedProfile)
        /// A version's profile was deleted from the profiles topic (a tombstone).
        case withdrawal(model: String, modelVersion: String)
        /// The configuration file was reloaded: this engine, of the new configuration, takes over.
        case configuration(MonitoringEngine)
    }

    private let pending = Mutex<[Update]>([])

    package init() {}

    /// Hands a change to the pipeline, which applies it before its next batch.
    package func post(_ update: Update) {
        pending.withLock { $0.append(update) }
    }

    /// The changes posted since the last call, oldest first.
    package func take() -> [Update] {
        pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
