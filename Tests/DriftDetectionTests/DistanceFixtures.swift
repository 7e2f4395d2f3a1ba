import DriftDetection
import Foundation
import Testing

/// The distance fixtures that Benchmarks/scripts/generate_distance_fixtures.py writes from numpy and SciPy.
enum DistanceFixtures {
    /// The proportion-based metrics and the chi-square p-value that numpy and SciPy computed for one case.
    struct ProportionMetrics: Decodable, Sendable {
        var psi: Double
        var kl: Double
        var js: Double
        var hellinger: Double
        var tvd: Double
        var chi2: Double
        var chi2P: Double

        /// Each metric with its expected value.
        var byMetric: [(DistanceMetric, Double)] {
            [(.psi, psi), (.kl, kl), (.js, js), (.hellinger, hellinger), (.tvd, tvd), (.chi2, chi2)]
        }
    }

    struct BinnedExpectation: Decodable, Sendable {
        var edges: [Double]
        var referenceCounts: [Int]
        var currentCounts: [Int]
        /// Read from the same JSON object as the counts.
        var metrics: ProportionMetrics

        private enum CodingKeys: String, CodingKey {
            case edges, referenceCounts, currentCounts
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            edges = try container.decode([Double].self, forKey: .edges)
            referenceCounts = try container.decode([Int].self, forKey: .referenceCounts)
            currentCounts = try container.decode([Int].self, forKey: .currentCounts)
            metrics = try ProportionMetrics(from: decoder)
        }
    }

    struct NumericCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var reference: [Double]
        var current: [Double]
        var bins: [String: BinnedExpectation]
        var ks: Double
        var ksP: Double
        var wasserstein: Double
        var testDescription: String { name }
    }

    struct CategoricalCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var reference: [String: Int]
        var current: [String: Int]
        /// Read from the same JSON object as the counts.
        var metrics: ProportionMetrics
        var testDescription: String { name }

        private enum CodingKeys: String, CodingKey {
            case name, reference, current
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            reference = try container.decode([String: Int].self, forKey: .reference)
            current = try container.decode([String: Int].self, forKey: .current)
            metrics = try ProportionMetrics(from: decoder)
        }
    }

    struct KolmogorovCase: Decodable, Sendable, CustomTestStringConvertible {
        var n: Int
        var x: Double
        var sf: Double
        var testDescription: String { "n=\(n) x=\(x)" }
    }

    struct ChiSquareSurvivalCase: Decodable, Sendable, CustomTestStringConvertible {
        var dof: Int
        var x: Double
        var sf: Double
        var testDescription: String { "dof=\(dof) x=\(x)" }
    }

    private struct File<Case: Decodable>: Decodable {
        var cases: [Case]
    }

    static func load<Case: Decodable>(_ name: String, as _: Case.Type = Case.self) -> [Case] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/distances")
        else {
            fatalError("fixture \(name).json is missing; run Benchmarks/scripts/generate_distance_fixtures.py")
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(File<Case>.self, from: Data(contentsOf: url)).cases
        } catch {
            fatalError("fixture \(name).json cannot be read: \(error)")
        }
    }

    static let numeric: [NumericCase] = load("numeric")
    static let categorical: [CategoricalCase] = load("categorical")
    static let kolmogorov: [KolmogorovCase] = load("kolmogorov")
    static let chiSquareSurvival: [ChiSquareSurvivalCase] = load("chi2_sf")

    /// Whether `actual` is within `relative` of `expected`, relative to the larger magnitude.
    static func agrees(_ actual: Double?, _ expected: Double, relative: Double) -> Bool {
        guard let actual else { return false }
        if actual == expected { return true }
        return abs(actual - expected) <= relative * max(abs(actual), abs(expected))
    }
}
