import Foundation
import Testing
import WireFormat

@testable import DriftEngine

@Suite("Retrain policy")
struct RetrainPolicyTests {
    private typealias F = PolicyFixtures

    /// The firing alert a fresh alert policy emits for `evaluation`.
    private func firing(_ evaluation: SignalEvaluation) throws -> AlertEvent {
        var policy = AlertPolicy()
        let alert = policy.evaluate(evaluation)
        return try #require(alert)
    }

    @Test func conditionsParseKindsAndSeverities() {
        #expect(RetrainCondition(rawValue: "concept_drift") == .kind(.conceptDrift))
        #expect(RetrainCondition(rawValue: "critical") == .severity(.critical))
        #expect(RetrainCondition(rawValue: "drift") == nil)
        #expect(RetrainCondition.severity(.warning).rawValue == "warning")
    }

    @Test func matchesByKind() throws {
        var policy = RetrainPolicy(settings: RetrainSettings(mode: .automatic, on: [.kind(.conceptDrift)]))
        let dataDrift = policy.evaluate(try firing(F.psi(0.4, at: 5)), offsets: [0: 10], since: F.time(0))
        #expect(dataDrift.isEmpty)
        let concept = try firing(F.ddm(.warning, at: 10))
        let triggers = policy.evaluate(concept, offsets: [0: 20], since: F.time(5))
        #expect(triggers.count == 1)
        #expect(triggers.first?.reasons == [RetrainReason(alert: concept)])
        #expect(triggers.first?.reasons.first?.feature == nil)
        #expect(triggers.first?.since == F.time(5))
    }

    @Test func matchesBySeverityIncludingAnUpgrade() throws {
        var alerts = AlertPolicy()
        var policy = RetrainPolicy(settings: RetrainSettings(mode: .automatic, on: [.severity(.critical)]))
        let warned = alerts.evaluate(F.psi(0.15, at: 5))
        let warning = try #require(warned)
        let untriggered = policy.evaluate(warning, offsets: [0: 10], since: F.time(0))
        #expect(untriggered.isEmpty)
        let upgraded = alerts.evaluate(F.psi(0.3, at: 10))
        let upgrade = try #require(upgraded)
        let triggers = policy.evaluate(upgrade, offsets: [0: 10], since: F.time(0))
        #expect(triggers.map(\.reasons) == [[RetrainReason(alert: upgrade)]])
        #expect(triggers.first?.reasons.first?.alertID == upgrade.id)
    }

    @Test func anEpisodeCountsOnceAndResolvedAlertsNever() throws {
        var alerts = AlertPolicy()
        var policy = RetrainPolicy(settings: RetrainSettings(mode: .automatic, on: [.kind(.dataDrift)]))
        let counts = try [F.psi(0.15, at: 5), F.psi(0.3, at: 10), F.psi(0.01, at: 15), F.psi(0.3, at: 20)].map {
            let evaluated = alerts.evaluate($0)
            let alert = try #require(evaluated)
            return policy.evaluate(alert, offsets: [0: 1], since: alert.time).count
        }
        #expect(counts == [1, 0, 0, 1])
    }

    @Test func minIntervalHoldsReasonsAndReleasesThemTogether() throws {
        let settings = RetrainSettings(mode: .automatic, on: [.kind(.dataDrift)], minInterval: 60 * F.minute)
        var policy = RetrainPolicy(settings: settings)
        let first = policy.evaluate(try firing(F.psi(0.3, at: 5)), offsets: [0: 100], since: F.time(0))
        #expect(first.map(\.sequence) == [1])
        let age = try firing(F.psi(0.3, at: 15, feature: "age"))
        let country = try firing(F.psi(0.3, at: 25, feature: "country"))
        let held =
            policy.evaluate(age, offsets: [0: 150, 1: 70], since: F.time(10))
            + policy.evaluate(country, offsets: [0: 200, 1: 60], since: F.time(20))
        #expect(held.isEmpty)
        var byAlert = policy
        let early = policy.advance(to: F.time(64))
        #expect(early.isEmpty)

        let released = policy.advance(to: F.time(70))
        #expect(released.count == 1)
        let trigger = try #require(released.first)
        #expect(trigger.sequence == 2)
        #expect(trigger.time == F.time(65))
        #expect(trigger.reasons == [RetrainReason(alert: age), RetrainReason(alert: country)])
        #expect(trigger.since == F.time(10))
        #expect(trigger.offsets == [0: 150, 1: 60])
        let later = policy.advance(to: F.time(200))
        #expect(later.isEmpty)

        let resolved = try #require(AlertPolicy().resolving(F.psi(0.3, at: 5), with: F.psi(0.01, at: 90)))
        let releasedByAlert = byAlert.evaluate(resolved, offsets: [:], since: F.time(0))
        #expect(releasedByAlert == released)
    }

    @Test func approvalRequiredModeIsCarriedIntoTheTrigger() throws {
        var policy = RetrainPolicy(settings: RetrainSettings(mode: .approvalRequired, on: [.severity(.warning)]))
        let triggers = policy.evaluate(try firing(F.psi(0.3, at: 5)), offsets: [:], since: 0)
        let trigger = try #require(triggers.first)
        #expect(trigger.mode == .approvalRequired)
        #expect(trigger.cloudEventJSON(instance: "a").contains(#""mode": "approval_required""#))
    }

    /// One call on a retrain policy.
    private enum Step {
        case alert(AlertEvent, offsets: [Int32: Int64], since: Int64)
        case advance(Int64)

        func apply(to policy: inout RetrainPolicy) -> [RetrainTrigger] {
            switch self {
            case .alert(let alert, let offsets, let since): policy.evaluate(alert, offsets: offsets, since: since)
            case .advance(let time): policy.advance(to: time)
            }
        }
    }

    @Test func snapshotAndRestoreMidStreamEqualsAnUninterruptedRun() throws {
        let settings = RetrainSettings(
            mode: .automatic, on: [.kind(.conceptDrift), .severity(.critical)], minInterval: 30 * F.minute)
        var alerts = AlertPolicy()
        let evaluations = [
            F.psi(0.15, at: 5), F.ddm(.critical, at: 7), F.psi(0.3, at: 10), F.psi(0.4, at: 12, feature: "age"),
            F.ddm(nil, at: 20), F.psi(0.01, at: 25), F.psi(0.3, at: 40), F.ddm(.warning, at: 45),
        ]
        var steps: [Step] = []
        for (index, evaluation) in evaluations.enumerated() {
            if let alert = alerts.evaluate(evaluation) {
                steps.append(.alert(alert, offsets: [0: Int64(10 * index), 3: Int64(index)], since: alert.time))
            }
            steps.append(.advance(evaluation.window.end))
        }
        steps.append(.advance(F.time(100)))
        var uninterrupted = RetrainPolicy(settings: settings)
        let expected = steps.flatMap { $0.apply(to: &uninterrupted) }
        #expect(expected.map(\.reasons.count) == [1, 2, 2])

        for cut in 1..<steps.count {
            var first = RetrainPolicy(settings: settings)
            var triggers = steps[..<cut].flatMap { $0.apply(to: &first) }
            var restored = try JSONDecoder().decode(RetrainPolicy.self, from: try JSONEncoder().encode(first))
            triggers += steps[cut...].flatMap { $0.apply(to: &restored) }
            #expect(triggers == expected, "cut at \(cut)")
            #expect(restored == uninterrupted, "cut at \(cut)")
        }
    }
}

extension AlertPolicy {
    /// The `resolved` event of an episode that `breach` opens and `clean` closes.
    fileprivate func resolving(_ breach: SignalEvaluation, with clean: SignalEvaluation) -> AlertEvent? {
        var policy = self
        _ = policy.evaluate(breach)
        return policy.evaluate(clean)
    }
}
