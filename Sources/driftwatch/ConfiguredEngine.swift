import ArgumentParser
import DriftEngine
import DriftwatchService

/// A configuration and the engine it describes, as `run` and `replay` both start from.
struct ConfiguredEngine {
    var configuration: DriftwatchConfiguration
    var engine: MonitoringEngine

    /// Loads `path` and builds its engine; every problem is written to standard error and the command exits 2.
    static func load(_ path: String, instance: String) throws
        -> ConfiguredEngine
    {
        do {
            let configuration = try DriftwatchConfiguration.load(contentsOf: path)
            let engine = try configuration.makeEngine(instance: instance)
            return ConfiguredEngine(configuration: configuration, engine: engine)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        }
    }
}
