import ArgumentParser
import DriftwatchService
import Logging

/// `--log-format` and `--log-level`, shared by the long-running commands.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Log records as human-readable text or as one JSON object per line (for log shippers).")
    var logFormat: Format = .text

    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// Sends every logger's records, the Kafka client's included, to standard error in the chosen format.
    func bootstrap() {
        let (format, level) = (logFormat, logLevel)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return RedactingLogHandler(wrapping: handler)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
