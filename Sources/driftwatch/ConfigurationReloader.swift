import DriftEngine
import DriftwatchService
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration file on SIGHUP: a new engine of the file's models takes over the running one's state
/// between two batches (see ARCHITECTURE.md, "Reloading the configuration"). A file with problems is reported and
/// the running configuration kept. Only `models` is reloaded; the other sections take effect at the next restart,
/// and a reload that changes them says so.
///
/// Its description is its name: the service group logs it, and the configuration it holds has secrets.
struct ConfigurationReloader: Service, CustomStringConvertible {
    var description: String { "ConfigurationReloader" }

    /// SIGHUP, trapped from the start of `run` (its default action ends the process), so that a signal sent
    /// during start-up reloads once the pipeline runs.
    let hangups: UnixSignalsSequence
    let path: String
    let instance: String
    /// The configuration running at start.
    let running: DriftwatchConfiguration
    let updates: EngineUpdates
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var current = running
            for await _ in hangups {
                current = reload(over: current)
            }
        }
    }

    /// Loads the file and hands its engine to the pipeline; returns the configuration now running.
    private func reload(over current: DriftwatchConfiguration) -> DriftwatchConfiguration {
        var next = current
        let engine: MonitoringEngine
        do {
            let file = try DriftwatchConfiguration.load(contentsOf: path)
            next.models = file.models
            SecretValues.process.insert(file.secretValues)
            engine = try next.makeEngine(instance: instance)
            let pending = Self.restartOnlySections.filter { !$0.isUnchanged(file, current) }.map(\.name)
            if !pending.isEmpty {
                logger.warning(
                    "Only the models are reloaded: the other changed sections take effect at the next restart",
                    metadata: ["sections": "\(pending.joined(separator: ", "))"])
            }
            // Without retrain sinks, the retrain topic's reader runs only for approvals; it starts with the process.
            if next.hasApprovalRequired, !current.hasApprovalRequired, current.sinks.retrain.isEmpty {
                logger.warning(
                    """
                    A model now has retrain mode 'approval_required': its triggers are on the retrain topic, and \
                    `driftwatch retrain pending` lists them; the status page lists them from the next restart
                    """)
            }
            if next.readsProfilesTopic, !current.readsProfilesTopic {
                logger.warning(
                    """
                    A model now has 'reference: topic': the profiles topic is read from the next restart; until \
                    then its versions warm up (or wait, without a warm-up)
                    """)
            }
        } catch {
            logger.error(
                "The reloaded configuration has problems; driftwatch keeps running on the previous one",
                metadata: ["file": "\(path)", "problems": "\(error)"])
            return current
        }
        let (before, after) = (Set(current.models.map(\.name)), Set(next.models.map(\.name)))
        let changed = next.models.filter { model in current.models.contains { $0.name == model.name && $0 != model } }
        logger.info(
            "Reloading the configuration",
            metadata: [
                "file": "\(path)", "models_added": "\(after.subtracting(before).sorted().joined(separator: ","))",
                "models_removed": "\(before.subtracting(after).sorted().joined(separator: ","))",
                "models_changed": "\(changed.map(\.name).joined(separator: ","))",
            ])
        updates.post(.configuration(engine))
        return next
    }

    /// A section a reload does not apply, and how to tell whether it changed.
    private struct Section: Sendable {
        var name: String
        var isUnchanged: @Sendable (DriftwatchConfiguration, DriftwatchConfiguration) -> Bool
    }

    private static let restartOnlySections = [
        Section(name: "kafka") { $0.kafka == $1.kafka }, Section(name: "join") { $0.join == $1.join },
        Section(name: "http") { $0.http == $1.http }, Section(name: "sinks") { $0.sinks == $1.sinks },
        Section(name: "state") { $0.state == $1.state }, Section(name: "limits") { $0.limits == $1.limits },
        Section(name: "shutdown_timeout") { $0.shutdownTimeout == $1.shutdownTimeout },
    ]
}
