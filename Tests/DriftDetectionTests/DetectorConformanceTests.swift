import DriftDetection
import Testing

/// Every fixture written by the reference generator must be reproduced exactly: the same drift indices
/// and the same warning runs, for every stream and parameter set.
@Suite("Detectors agree with River and Frouros")
struct DetectorConformanceTests {
    @Test("signals equal the reference's", arguments: DetectorFixtures.deterministicDetectors)
    func matchesReference(detector name: String) throws {
        let file = DetectorFixtures.file(for: name)
        #expect(file.detector == name)
        #expect(file.cases.count >= 2 * 15, "expected at least two parameter sets over every stream")
        for fixture in file.cases {
            let values = try #require(DetectorFixtures.streams[fixture.stream], "unknown stream \(fixture.stream)")
            var detector = try DetectorCatalog.makeDetector(named: name, parameters: fixture.parameters)
            let record = SignalRecord.run(&detector, over: values)
            #expect(record.drifts == fixture.drifts, "\(name) drifts differ on \(fixture)")
            #expect(record.warnings == fixture.warnings, "\(name) warnings differ on \(fixture)")
        }
    }

    @Test("the fixtures cover every parameter set with at least one drift")
    func fixturesExerciseDrift() {
        for name in DetectorFixtures.deterministicDetectors {
            let cases = DetectorFixtures.file(for: name).cases
            let parameterSets = Set(cases.map(\.parameters))
            for parameters in parameterSets {
                let drifts = cases.filter { $0.parameters == parameters }.map(\.drifts.count).reduce(0, +)
                #expect(drifts > 0, "\(name) with \(parameters) never drifts on any fixture stream")
            }
        }
    }
}
