import Testing

@testable import DriftDetection

/// KSWIN samples at random, so it is held to River's statistical behaviour rather than exact indices.
@Suite("KSWIN behaves like River's")
struct KSWINTests {
    private struct Behaviour: Decodable {
        let scale: Double
        let streams: [[Int]]
        let riverFalseAlarms: Int
        let riverRuns: Int
    }

    /// The shift comes once the window holds a full window of the old concept (100 values). River's KSWIN
    /// detects 98% of such shifts (1,000 runs); with a longer stationary lead-in, false alarms just
    /// before the shift empty the window and River's rate drops to about 95%.
    @Test("detects a 1σ mean shift within 300 updates in at least 95% of 200 seeded runs")
    func detectsMeanShift() throws {
        let change = KSWIN.Parameters().windowSize
        var detected = 0
        for run in 0..<200 {
            var generator = SplitMix64(seed: UInt64(9000 + run))
            var detector = try KSWIN(KSWIN.Parameters(seed: run))
            var found = false
            for index in 0..<(change + 300) {
                let value = generator.nextGaussian() + (index >= change ? 1 : 0)
                if detector.update(value) == .drift && index >= change {
                    found = true
                    break
                }
            }
            if found {
                detected += 1
            }
        }
        #expect(detected >= 190, "detected \(detected) of 200 shifts")
    }

    /// River's rate comes from the fixture generator: River's KSWIN on the same stored stationary streams,
    /// several seeds each. Both counts are Poisson-like, so the bound allows three standard errors of the
    /// difference of two such counts over the same number of runs.
    @Test("raises no more false alarms on stationary streams than River's KSWIN")
    func falseAlarmsLikeRiver() throws {
        let behaviour: Behaviour = DetectorFixtures.load("kswin_behaviour")
        let seedsPerStream = behaviour.riverRuns / behaviour.streams.count
        var alarms = 0
        for (offset, stream) in behaviour.streams.enumerated() {
            let values = stream.map { Double($0) / behaviour.scale }
            for seed in 0..<seedsPerStream {
                var detector = try KSWIN(KSWIN.Parameters(seed: 31 * offset + seed))
                alarms += values.reduce(0) { count, value in count + (detector.update(value) == .drift ? 1 : 0) }
            }
        }
        let river = Double(behaviour.riverFalseAlarms)
        #expect(river > 0, "the fixture should measure some false alarms")
        let tolerance = 3 * (2 * river).squareRoot()
        #expect(
            Double(alarms) <= river + tolerance,
            "\(alarms) false alarms against River's \(behaviour.riverFalseAlarms)"
        )
    }

    @Test("the exact p-value matches known values of the two-sample distribution")
    func exactPValue() {
        // P(D ≥ 1) for n = 1 is 1; for n = 2 and D = 1 the two samples are fully separated: 2 of 6 orderings.
        #expect(TwoSampleKSTest.exactPValue(statistic: 1, size: 1) == 1)
        #expect(abs(TwoSampleKSTest.exactPValue(statistic: 1, size: 2) - 2.0 / 6.0) < 1e-15)
        // SciPy 1.14: ks_2samp(method="exact") with n = 30 and D = 0.5 gives 0.0008995776840176799.
        #expect(abs(TwoSampleKSTest.exactPValue(statistic: 0.5, size: 30) - 0.000_899_577_684_017_68) < 1e-15)
        #expect(TwoSampleKSTest.exactPValue(statistic: 0, size: 30) == 1)
    }
}
