/// The null distribution of one test of one feature at one window size, as a profile stores it.
public struct Calibration: Codable, Equatable, Sendable {
    /// The distance or test calibrated.
    public var metric: DistanceMetric
    /// The values per window the windows were simulated with.
    public var windowValues: Int
    /// The windows simulated.
    public var simulations: Int
    /// The seed of the simulation.
    public var seed: UInt64
    /// The statistic's distribution over the simulated windows.
    public var null: NullDistribution

    enum CodingKeys: String, CodingKey {
        case metric
        case windowValues = "window_values"
        case simulations, seed, null
    }

    /// A calibration from its parts.
    public init(metric: DistanceMetric, windowValues: Int, simulations: Int, seed: UInt64, null: NullDistribution) {
        self.metric = metric
        self.windowValues = windowValues
        self.simulations = simulations
        self.seed = seed
        self.null = null
    }

    /// Simulates the calibration of `metric` for `feature` (whose reference is `profile`) at `windowValues`
    /// values per window, with ``NullSimulation``'s default simulations and seed.
    public init(_ metric: DistanceMetric, feature: String, profile: FeatureProfile, windowValues: Int) throws {
        let cells = profile.numeric?.binCounts.count ?? profile.categorical.map { $0.counts.count + 1 } ?? 1
        let simulations = NullSimulation.defaultSimulations(metric, windowValues: windowValues, cells: cells)
        let seed = NullSimulation.seed(feature: feature, metric: metric, windowValues: windowValues)
        self.init(
            metric: metric, windowValues: windowValues, simulations: simulations, seed: seed,
            null: try NullSimulation.null(
                metric, profile: profile, windowValues: windowValues, simulations: simulations, seed: seed))
    }

    /// How a threshold at `windowValues` values per window is rescaled to a window of `values` values compared
    /// with a reference of `referenceValues`: the statistic's spread grows with 1/n + 1/N, linearly for the
    /// divergences (PSI, KL), as its square root for the distances and KS, and not at all for the chi-square
    /// statistic, whose null does not depend on the sample sizes.
    public func scale(toWindowValues values: Int, referenceValues: Int) -> Double {
        guard values != windowValues, values > 0 else { return 1 }
        let reference = 1 / Double(max(referenceValues, 1))
        let ratio = (1 / Double(values) + reference) / (1 / Double(windowValues) + reference)
        switch metric {
        case .psi, .kl: return ratio
        case .js, .hellinger, .tvd, .ks, .wasserstein: return ratio.squareRoot()
        case .chi2: return 1
        }
    }
}

extension FeatureProfile {
    /// The values a feature's reference holds for its tests: finite numbers or counted categories.
    public var comparableValues: Int { numeric?.count ?? categorical?.total ?? 0 }

    /// The calibration of `metric` nearest to `windowValues` values per window, if any.
    public func calibration(_ metric: DistanceMetric, windowValues: Int) -> Calibration? {
        calibrations.filter { $0.metric == metric }.min {
            abs($0.windowValues - windowValues) < abs($1.windowValues - windowValues)
        }
    }

    /// Adds the calibration of `metric` at `windowValues` values per window unless the profile has it already.
    public mutating func calibrate(_ metric: DistanceMetric, feature: String, windowValues: Int) throws {
        guard !calibrations.contains(where: { $0.metric == metric && $0.windowValues == windowValues }) else {
            return
        }
        calibrations.append(try Calibration(metric, feature: feature, profile: self, windowValues: windowValues))
    }
}
