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

        /// The version a profile or withdrawal is of (`model/version`); `nil` for a configuration.
        package var profileKey: String? {
            switch self {
            case .profile(let published): "\(published.model)/\(published.modelVersion)"
            case .withdrawal(let model, let version): "\(model)/\(version)"
            case .configuration: nil
            }
        }
    }

    private let pending = Mutex<[Update]>([])

    package init() {}

    /// Hands a change to the pipeline, which applies it before its next batch. A version's profile or withdrawal
    /// replaces one of the same version not yet applied: the pipeline calibrates each profile it applies, and a
    /// burst of one key's records (older copies not yet compacted away, or a flood) would hold the loop.
    package func post(_ update: Update) {
        pending.withLock { pending in
            if let key = update.profileKey { pending.removeAll { $0.profileKey == key } }
            pending.append(update)
        }
    }

    /// The changes posted since the last call, oldest first.
    package func take() -> [Update] {
        pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
    }
}
