import Foundation
import Testing

@testable import DriftEngine

@Suite("Alert policy")
struct AlertPolicyTests {
    private typealias F = PolicyFixtures

    @Test func firesAfterConsecutiveBreachingWindows() {
        var policy = AlertPolicy(settings: AlertSettings(consecutive: 3))
        let events = F.run(
            &policy,
            [
                F.psi(0.3, at: 5), F.psi(0.3, at: 10), F.psi(0.05, at: 15),
                F.psi(0.3, at: 20), F.psi(0.15, at: 25), F.psi(0.3, at: 30),
            ])
        #expect(events.count == 1)
        #expect(events.first?.status == .firing)
        #expect(events.first?.severity == .critical)
        #expect(events.first?.startedAt == F.time(30))
        #expect(events.first?.sequence == 1)
    }

    @Test func firesOnlyOncePerDedupKeyWhileFiring() {
        var policy = AlertPolicy()
        let events = F.run(&policy, (1...6).map { F.psi(0.3, at: 5 * $0) } + [F.psi(0.4, at: 35, feature: "age")])
        #expect(events.map(\.dedupKey) == ["fraud/3/data_drift/amount", "fraud/3/data_drift/age"])
        #expect(policy.firingKeys == ["fraud/3/data_drift/age", "fraud/3/data_drift/amount"])
    }

    @Test func resolvesAfterResolveAfterCleanWindowsInARow() throws {
        var policy = AlertPolicy(settings: AlertSettings(resolveAfter: 3))
        let events = F.run(
            &policy,
            [
                F.psi(0.3, at: 5), F.psi(0.05, at: 10), F.psi(0.05, at: 15), F.psi(0.3, at: 20),
                F.psi(0.05, at: 25), F.psi(0.05, at: 30), F.psi(0.02, at: 35),
            ])
        #expect(events.map(\.status) == [.firing, .resolved])
        let resolved = try #require(events.last)
        #expect(resolved.time == F.time(35))
        #expect(resolved.value == 0.02)
        #expect(resolved.severity == .critical)
        #expect(resolved.startedAt == F.time(5))
        #expect(resolved.sequence == 1)
        #expect(policy.firingKeys.isEmpty)
    }

    @Test func cooldownHoldsBackTheNextFiringByEventTime() {
        var policy = AlertPolicy(settings: AlertSettings(cooldown: 10 * F.minute))
        let events = F.run(
            &policy,
            [
                F.psi(0.3, at: 5), F.psi(0.05, at: 10), F.psi(0.3, at: 15), F.psi(0.3, at: 20), F.psi(0.3, at: 25),
            ])
        #expect(events.map(\.status) == [.firing, .resolved, .firing])
        #expect(events.map(\.time) == [F.time(5), F.time(10), F.time(20)])
        #expect(events.map(\.sequence) == [1, 1, 2])
    }

    @Test func breachesDuringTheCooldownCountTowardsConsecutive() {
        var policy = AlertPolicy(settings: AlertSettings(consecutive: 2, cooldown: 12 * F.minute))
        let events = F.run(
            &policy,
            [
                F.psi(0.3, at: 5), F.psi(0.3, at: 10), F.psi(0.05, at: 15),
                F.psi(0.3, at: 20), F.psi(0.3, at: 25), F.psi(0.3, at: 30),
            ])
        #expect(events.map(\.status) == [.firing, .resolved, .firing])
        #expect(events.last?.time == F.time(30))
    }

    @Test func sequentialDriftFiresAtOnceAndResolvesByItsChecks() {
        var policy = AlertPolicy(settings: AlertSettings(consecutive: 3, cooldown: 20 * F.minute, resolveAfter: 2))
        let events = F.run(
            &policy,
            [
                F.ddm(.critical, at: 5), F.ddm(nil, at: 10, errorRate: 0.1), F.ddm(.critical, at: 15),
                F.ddm(nil, at: 20, errorRate: 0.1), F.ddm(nil, at: 25, errorRate: 0.09),
                F.ddm(.critical, at: 30), F.ddm(.critical, at: 50),
            ])
        #expect(events.map(\.status) == [.firing, .resolved, .firing])
        #expect(events.map(\.time) == [F.time(5), F.time(25), F.time(50)])
        #expect(events.first?.subject == "fraud")
        #expect(events.first?.feature == nil)
    }

    @Test func severityUpgradeRenotifiesAndDowngradeDoesNot() {
        var policy = AlertPolicy()
        let events = F.run(
            &policy,
            [
                F.psi(0.15, at: 5), F.psi(0.3, at: 10), F.psi(0.15, at: 15), F.psi(0.3, at: 20), F.psi(0.05, at: 25),
            ])
        #expect(events.map(\.status) == [.firing, .firing, .resolved])
        #expect(events.map(\.severity) == [.warning, .critical, .critical])
        #expect(events.map(\.sequence) == [1, 2, 2])
        #expect(events.map(\.startedAt) == [F.time(5), F.time(5), F.time(5)])
        #expect(Set(events.map(\.id)).count == 3)
    }

    @Test(arguments: [
        AlertSettings(),
        AlertSettings(consecutive: 2, cooldown: 15 * PolicyFixtures.minute, resolveAfter: 3),
        AlertSettings(consecutive: 4, cooldown: 0, resolveAfter: 2),
    ])
    func everyFiringIsEventuallyResolved(settings: AlertSettings) {
        var policy = AlertPolicy(settings: settings)
        var events: [AlertEvent] = []
        var seed: UInt64 = 42
        for step in 1...600 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = Double(seed >> 11) / Double(UInt64(1) << 53)
            let feature = ["amount", "age", "country"][step % 3]
            events += F.run(&policy, [F.psi(draw * 0.4, at: Int64(5 * step), feature: feature)])
            if step % 7 == 0 {
                events += F.run(&policy, [F.ddm(draw < 0.5 ? .critical : nil, at: Int64(5 * step))])
            }
        }
        let clean = (601...610).flatMap { step in
            ["amount", "age", "country"].map { F.psi(0.01, at: Int64(5 * step), feature: $0) }
                + [F.ddm(nil, at: Int64(5 * step))]
        }
        events += F.run(&policy, clean)
        #expect(events.contains { $0.status == .firing })
        for (key, keyEvents) in Dictionary(grouping: events, by: \.dedupKey) {
            var firing = false
            for event in keyEvents {
                #expect(firing || event.status == .firing, "\(key): resolved without firing")
                firing = event.status == .firing
            }
            #expect(!firing, "\(key) never resolved")
        }
        #expect(policy.firingKeys.isEmpty)
    }

    @Test func snapshotAndRestoreMidStreamEqualsAnUninterruptedRun() throws {
        let settings = AlertSettings(consecutive: 2, cooldown: 10 * F.minute, resolveAfter: 2)
        let stream = [
            F.psi(0.3, at: 5), F.ddm(.critical, at: 6), F.psi(0.3, at: 10), F.psi(0.05, at: 15),
            F.ddm(nil, at: 16), F.psi(0.05, at: 20), F.psi(0.3, at: 25), F.psi(0.3, at: 30), F.psi(0.3, at: 35),
            F.psi(0.05, at: 40), F.psi(0.05, at: 45), F.ddm(.warning, at: 46),
        ]
        var uninterrupted = AlertPolicy(settings: settings)
        let expected = F.run(&uninterrupted, stream)

        for cut in 1..<stream.count {
            var first = AlertPolicy(settings: settings)
            var events = F.run(&first, Array(stream[..<cut]))
            let snapshot = try JSONEncoder().encode(first)
            var restored = try JSONDecoder().decode(AlertPolicy.self, from: snapshot)
            events += F.run(&restored, Array(stream[cut...]))
            #expect(events == expected, "cut at \(cut)")
            #expect(restored == uninterrupted, "cut at \(cut)")
        }
    }
}
