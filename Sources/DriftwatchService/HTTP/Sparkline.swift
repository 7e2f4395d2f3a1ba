/// A small server-rendered SVG line chart of a signal's recent values, with its threshold dashed.
enum Sparkline {
    static let width = 160.0
    static let height = 28.0

    /// The SVG element; the vertical scale spans the values and the threshold.
    static func svg(values: [Double], threshold: Double, breached: Bool) -> String {
        let finite = values.filter(\.isFinite)
        let bounds = (finite + (threshold.isFinite ? [threshold] : []))
        let low = bounds.min() ?? 0
        let high = bounds.max() ?? 1
        let span = high > low ? high - low : 1
        func y(_ value: Double) -> String { format(height - 2 - (value - low) / span * (height - 4)) }
        let step = finite.count > 1 ? width / Double(finite.count - 1) : 0
        let points = finite.enumerated().map { "\(format(Double($0.offset) * step)),\(y($0.element))" }
        var svg =
            "<svg class=\"spark\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        if threshold.isFinite {
            svg +=
                "<line x1=\"0\" x2=\"\(Int(width))\" y1=\"\(y(threshold))\" y2=\"\(y(threshold))\" "
                + "stroke=\"#999\" stroke-dasharray=\"3,3\"/>"
        }
        svg +=
            "<polyline fill=\"none\" stroke=\"\(breached ? "#c62828" : "#2e7d32")\" stroke-width=\"1.5\" "
            + "points=\"\(points.joined(separator: " "))\"/></svg>"
        return svg
    }

    private static func format(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }
}
