import DriftDetection

/// One comparison of two files of values, as `driftwatch distance` asks for it.
struct DistanceRequest: Sendable {
    /// The metric to compute.
    var metric: DistanceMetric
    /// The number of bins for numeric data and proportion-based metrics or chi-square.
    var bins: Int
    /// Whether the values are category labels rather than numbers.
    var categorical: Bool

    /// Creates a request.
    ///
    /// - Throws: ``DriftDetectionError`` when `bins` is below 2 or a numeric-only metric is
    ///   asked for categorical data.
    init(metric: DistanceMetric, bins: Int = DistanceCalculator.defaultBinCount, categorical: Bool = false)
        throws
    {
        guard bins >= 2 else {
            throw DriftDetectionError(.invalidArgument, "--bins must be at least 2, not \(bins)", field: "bins")
        }
        guard !categorical || metric.supportsCategorical else {
            throw DriftDetectionError(
                .invalidArgument,
                "\(metric.rawValue) compares numbers; use psi, kl, js, hellinger, tvd or chi2 with --categorical",
                field: "metric"
            )
        }
        self.metric = metric
        self.bins = bins
        self.categorical = categorical
    }

    /// Reads both files' values (one per line) and compares them.
    ///
    /// - Parameters:
    ///   - referenceText: The reference file's contents.
    ///   - referenceSource: The reference file's name, for error messages.
    ///   - currentText: The current file's contents.
    ///   - currentSource: The current file's name, for error messages.
    /// - Throws: ``DriftDetectionError`` naming the file and line of a value that cannot be read.
    func evaluate(
        referenceText: String,
        referenceSource: String,
        currentText: String,
        currentSource: String
    ) throws -> DistanceResult {
        if categorical {
            return try DistanceCalculator.categorical(
                metric,
                reference: ValueListParser.categories(in: referenceText, source: referenceSource),
                current: ValueListParser.categories(in: currentText, source: currentSource)
            )
        }
        return try DistanceCalculator.numeric(
            metric,
            reference: ValueListParser.numbers(in: referenceText, source: referenceSource),
            current: ValueListParser.numbers(in: currentText, source: currentSource),
            bins: bins
        )
    }
}
