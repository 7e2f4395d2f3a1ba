@testable import DriftEngine

/// Evaluations and helpers shared by the policy tests. Windows are five minutes long; `at` is the window's end in
/// minutes after `start`.
enum PolicyFixtures {
    /// 2026-11-22T10:00:00.000Z.
    static let start: Int64 = 1_795_341_600_000
    static let minute: Int64 = 60_000

    /// A PSI evaluation of feature `feature` of fraud v3: warning from 0.1, critical from 0.25.
    static func psi(_ value: Double, at minutes: Int64, feature: String = "amount") -> SignalEvaluation {
        let severity: Severity? = value >= 0.25 ? .critical : value >= 0.1 ? .warning : nil
        return SignalEvaluation(
            kind: .dataDrift, model: "fraud", modelVersion: "3", feature: feature, detector: "psi", value: value,
            threshold: severity == .critical ? 0.25 : 0.1, severity: severity, isSequential: false,
            window: SignalWindow(start: time(minutes - 5), end: time(minutes), events: 5000))
    }

    /// A DDM drift (`severity` non-nil) or resolution check (`nil`) of fraud v3's error stream.
    static func ddm(_ severity: Severity?, at minutes: Int64, errorRate: Double = 0.2) -> SignalEvaluation {
        SignalEvaluation(
            kind: .conceptDrift, model: "fraud", modelVersion: "3", feature: nil, detector: "ddm", value: errorRate,
            threshold: 0.12, severity: severity, isSequential: true,
            window: SignalWindow(start: time(minutes - 5), end: time(minutes), events: 1200))
    }

    static func time(_ minutes: Int64) -> Int64 { start + minutes * minute }

    /// The events a policy emits for `evaluations`, in order.
    static func run(_ policy: inout AlertPolicy, _ evaluations: [SignalEvaluation]) -> [AlertEvent] {
        evaluations.compactMap { policy.evaluate($0) }
    }

    /// The firing alert of feature `amount` of fraud v3 with PSI 0.31 over the window ending at 10:05:00.123Z.
    static func firingAmountAlert() -> AlertEvent? {
        var evaluation = psi(0.31, at: 5)
        evaluation.window.end += 123
        var policy = AlertPolicy()
        return policy.evaluate(evaluation)
    }
}
