import DriftDetection
import Testing

@Suite("Detector catalog")
struct DetectorCatalogTests {
    @Test("lists the thirteen detectors with their reference input kinds")
    func names() {
        let expected: [String: DetectorInput] = [
            "adwin": .numeric, "page_hinkley": .numeric, "kswin": .numeric, "cusum": .numeric,
            "geometric_moving_average": .numeric, "ddm": .binary, "eddm": .binary, "hddm_a": .binary,
            "hddm_w": .binary, "fhddm": .binary, "rddm": .binary, "stepd": .binary, "ecdd_wt": .binary,
        ]
        #expect(DetectorCatalog.all.count == 13)
        #expect(Dictionary(uniqueKeysWithValues: DetectorCatalog.all.map { ($0.name, $0.input) }) == expected)
    }

    @Test("defaults are the reference libraries'")
    func defaults() throws {
        func defaults(_ name: String) throws -> String {
            try DetectorCatalog.descriptor(named: name).parameterDefaults
        }
        #expect(try defaults("adwin") == "delta=0.002, clock=32, max_buckets=5, min_window_length=5, grace_period=10")
        #expect(
            try defaults("page_hinkley") == "min_instances=30, delta=0.005, threshold=50.0, alpha=0.9999, mode=both"
        )
        #expect(try defaults("kswin") == "alpha=0.005, window_size=100, stat_size=30, seed=1")
        #expect(try defaults("ddm") == "warm_start=30, warning_threshold=2.0, drift_threshold=3.0")
        #expect(try defaults("eddm") == "warm_start=30, alpha=0.95, beta=0.9")
        #expect(try defaults("hddm_a") == "drift_confidence=0.001, warning_confidence=0.005, two_sided_test=false")
        #expect(
            try defaults("hddm_w")
                == "drift_confidence=0.001, warning_confidence=0.005, lambda_val=0.05, two_sided_test=false"
        )
        #expect(try defaults("fhddm") == "sliding_window_size=100, confidence_level=1e-06, short_window_size=none")
        #expect(try defaults("cusum") == "delta=0.005, lambda_=50.0, min_num_instances=30")
        #expect(try defaults("geometric_moving_average") == "alpha=0.99, lambda_=1.0, min_num_instances=30")
        #expect(
            try defaults("rddm")
                == "warning_level=1.773, drift_level=2.258, max_concept_size=40000, min_concept_size=7000, "
                + "max_num_instances_warning=1400, min_num_instances=129"
        )
        #expect(try defaults("stepd") == "alpha_d=0.003, alpha_w=0.05, min_num_instances=30")
        #expect(
            try defaults("ecdd_wt") == "lambda_=0.2, average_run_length=400, warning_level=0.5, min_num_instances=30"
        )
    }

    @Test("an unknown detector lists the valid names")
    func unknownDetector() {
        #expect {
            try DetectorCatalog.makeDetector(named: "adwim")
        } throws: { error in
            guard let error = error as? DriftDetectionError else { return false }
            return error.code == .unknownDetector && error.message.contains("'adwim'")
                && DetectorCatalog.names.allSatisfy { error.message.contains($0) }
        }
    }

    @Test(
        "unknown or invalid parameters list the valid ones with defaults",
        arguments: [
            (["delta_": "0.1"], DriftDetectionError.Code.unknownParameter),
            (["delta": "abc"], .invalidParameter),
            (["delta": "nan"], .invalidParameter),
            (["clock": "1.5"], .invalidParameter),
            (["clock": "0"], .invalidParameter),
            (["delta": "2"], .invalidParameter),
        ]
    )
    func invalidParameter(parameters: [String: String], code: DriftDetectionError.Code) {
        #expect {
            try DetectorCatalog.makeDetector(named: "adwin", parameters: parameters)
        } throws: { error in
            guard let error = error as? DriftDetectionError else { return false }
            return error.code == code && error.message.contains("delta=0.002, clock=32")
        }
    }

    @Test("parameters parse by type: booleans, choices and optional integers")
    func parsing() throws {
        let hddm = try DetectorCatalog.makeDetector(named: "hddm_w", parameters: ["two_sided_test": "true"])
        #expect(hddm.detector(as: HDDMW.self) == (try HDDMW(HDDMW.Parameters(twoSidedTest: true))))
        #expect(throws: DriftDetectionError.self) {
            try DetectorCatalog.makeDetector(named: "hddm_w", parameters: ["two_sided_test": "yes"])
        }
        let ph = try DetectorCatalog.makeDetector(named: "page_hinkley", parameters: ["mode": "down"])
        #expect(ph.detector(as: PageHinkley.self) == (try PageHinkley(PageHinkley.Parameters(mode: .down))))
        #expect(throws: DriftDetectionError.self) {
            try DetectorCatalog.makeDetector(named: "page_hinkley", parameters: ["mode": "sideways"])
        }
        let fhddm = try DetectorCatalog.makeDetector(named: "fhddm", parameters: ["short_window_size": "20"])
        #expect(fhddm.detector(as: FHDDM.self) == (try FHDDM(FHDDM.Parameters(shortWindowSize: 20))))
        #expect(throws: DriftDetectionError.self) {
            try DetectorCatalog.makeDetector(named: "fhddm", parameters: ["short_window_size": "200"])
        }
        #expect(throws: DriftDetectionError.self) {
            try DetectorCatalog.makeDetector(named: "ecdd_wt", parameters: ["average_run_length": "500"])
        }
        #expect(throws: DriftDetectionError.self) {
            try DetectorCatalog.makeDetector(named: "eddm", parameters: ["alpha": "0.8", "beta": "0.9"])
        }
    }

    @Test("every catalog entry builds with its defaults and reports its own descriptor")
    func buildsWithDefaults() throws {
        for descriptor in DetectorCatalog.all {
            let detector = try descriptor.makeDetector()
            #expect(detector.descriptor.name == descriptor.name)
        }
    }
}
