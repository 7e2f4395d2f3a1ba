import DriftDetection

extension DistanceResult {
    /// The one-line JSON object `driftwatch distance` prints:
    /// `{"metric": "ks", "value": 0.12, "p_value": 0.003}`, with `p_value` only for the tests.
    ///
    /// Numbers are printed with the shortest decimal form that reads back to the same double.
    var jsonLine: String {
        var line = "{\"metric\": \"\(metric.rawValue)\", \"value\": \(value)"
        if let pValue {
            line += ", \"p_value\": \(pValue)"
        }
        return line + "}"
    }
}
