import Foundation
import Logging
import ServiceLifecycle

/// Ends the process with exit status 1 when a graceful shutdown takes longer than `limit`.
///
/// Put it last in the service group: the group shuts services down from the last to the first, so it learns of
/// the shutdown first and arms its timer before the pipeline starts finishing. The timer runs on a thread of its
/// own, so that it fires even when a blocking call never returns and the cooperative pool is stuck.
package struct ShutdownDeadline: Service {
    private let limit: Duration
    private let logger: Logger

    package init(limit: Duration, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    package func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group is stopping because a service failed
        }
        let (limit, logger) = (limit, logger)
        let timer = Thread {
            Thread.sleep(forTimeInterval: limit.seconds)
            logger.error(
                """
                Graceful shutdown did not finish within \(limit) (shutdown_timeout): exiting with status 1. \
                Input processed since the last commit is read again after a restart; nothing is lost.
                """)
            exit(1)
        }
        timer.start()
    }
}
