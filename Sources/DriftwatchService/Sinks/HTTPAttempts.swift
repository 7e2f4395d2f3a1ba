import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One notification's tries at an HTTP sink, as alert and retrain sinks share them: a connection error, a timeout,
/// 408, 429 or a 5xx status is retried with exponential backoff; another 4xx is a refusal, not retried.
struct HTTPAttempts: Sendable {
    /// How the tries ended.
    enum Outcome: Equatable {
        case delivered
        /// The last failure, and whether the receiver refused the request (a 4xx other than 408 and 429).
        case failed(String, refused: Bool)
    }

    /// Tries per notification, at least 1.
    let attempts: Int
    /// The wait before the first retry, doubled for each further one (at most a minute).
    let backoff: Duration
    let transport: AlertNotifier.Transport

    init(attempts: Int, backoff: Duration, transport: @escaping AlertNotifier.Transport) {
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.transport = transport
    }

    /// Sends the request `makeRequest` builds (anew for each try) until it is delivered, refused or out of tries; no
    /// further try starts once `isStopping` says so.
    ///
    /// - Parameters:
    ///   - isDelivered: whether a response status means delivered; default any 2xx.
    ///   - onRetry: called before each retry, for a metric.
    func send(
        _ makeRequest: () throws -> URLRequest, isDelivered: (Int) -> Bool = { (200..<300).contains($0) },
        isStopping: () -> Bool, onRetry: () -> Void = {}
    ) async -> Outcome {
        var failure = ""
        for attempt in 1...attempts {
            if attempt > 1 {
                guard !isStopping() else { break }
                onRetry()
                try? await Task.sleep(for: min(backoff * (1 << min(attempt - 2, 20)), .seconds(60)))
            }
            do {
                let status = try await transport(makeRequest())
                if isDelivered(status) { return .delivered }
                failure = "HTTP status \(status)"
                if (400..<500).contains(status), status != 408, status != 429 { return .failed(failure, refused: true) }
            } catch {
                failure = "\(error.localizedDescription)"
            }
        }
        return .failed(failure, refused: false)
    }
}
