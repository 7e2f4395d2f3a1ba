import ArgumentParser
import DriftwatchService
import Foundation

/// `driftwatch validate`: checks a configuration file and explains every problem in it.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks a configuration file and explains every problem in it.",
        discussion: """
            Prints 'FILE: ok (N models)' and exits 0 when the configuration is valid. Otherwise prints every \
            problem to standard error, one a line as FILE:LINE: FIELD.PATH: MESSAGE, and exits 2; a file that \
            cannot be read also exits 2.
            """
    )

    @Option(help: "The configuration file (YAML).")
    var config: String

    func run() async throws {
        let configuration = try DriftwatchConfiguration.loadForCommand(config)
        let count = configuration.models.count
        StandardOutput.writeLine("\(config): ok (\(count) \(count == 1 ? "model" : "models"))")
    }
}
