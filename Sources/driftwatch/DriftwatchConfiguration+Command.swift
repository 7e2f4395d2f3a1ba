import ArgumentParser
import DriftwatchService

extension DriftwatchConfiguration {
    /// Loads a command's `--config` file; every problem is written to standard error and the command exits 2.
    static func loadForCommand(_ path: String) throws -> DriftwatchConfiguration {
        do {
            return try DriftwatchConfiguration.load(contentsOf: path)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        }
    }
}
