import DriftDetection
import Foundation

/// Judges a detector against the built-in labelled streams of `EvaluationSuite`.
///
/// Matching a detection to a change point: change point `c` is detected by the first drift signal at an
/// update `i` with `c ≤ i < c + detectionHorizon` and `i` before the next change point; its detection
/// delay is `i − c`. Every other drift signal — before the first change, after the horizon, or a second
/// signal for the same change — is a false alarm. Warnings are not scored. Then precision is
/// detected / all drift signals, recall is detected / change points, a missed drift is a change point
/// without a detection, and false alarms are counted per 10,000 updates. Every stream gets a fresh
/// detector.
enum DetectorEvaluation {
    /// How many updates after a change point a drift signal still counts as detecting it.
    static let detectionHorizon = 1000

    /// The scores of one scenario, or of all scenarios together.
    struct Score: Sendable, Equatable {
        /// The scenario's name, or `all`.
        var scenario: String
        /// How many streams were run.
        var streams = 0
        /// How many updates were fed in total.
        var updates = 0
        /// How many change points the streams hold.
        var changePoints = 0
        /// Change points detected within the horizon.
        var detected = 0
        /// Drift signals that detected no change point.
        var falseAlarms = 0
        /// The sum of the detection delays.
        var totalDelay = 0

        /// Change points that were not detected.
        var missed: Int { changePoints - detected }
        /// The mean updates from a change point to its detection; `nil` when nothing was detected.
        var meanDelay: Double? { detected == 0 ? nil : Double(totalDelay) / Double(detected) }
        /// False alarms per 10,000 updates.
        var falseAlarmsPer10k: Double { updates == 0 ? 0 : Double(falseAlarms) * 10_000 / Double(updates) }
        /// Detected change points over all drift signals; `nil` when there was no drift signal.
        var precision: Double? {
            detected + falseAlarms == 0 ? nil : Double(detected) / Double(detected + falseAlarms)
        }
        /// Detected change points over all change points; `nil` when there are none.
        var recall: Double? { changePoints == 0 ? nil : Double(detected) / Double(changePoints) }

        mutating func add(_ other: Score) {
            streams += other.streams
            updates += other.updates
            changePoints += other.changePoints
            detected += other.detected
            falseAlarms += other.falseAlarms
            totalDelay += other.totalDelay
        }
    }

    /// Runs the detector named `name` with `assignments` (`name=value`) over the suite for its input kind.
    /// - Returns: one score per scenario, in suite order, then the total under the name `all`.
    /// - Throws: `DriftDetectionError` for an unknown detector or parameter.
    static func evaluate(detector name: String, assignments: [String]) throws(DriftDetectionError) -> [Score] {
        let descriptor = try DetectorCatalog.descriptor(named: name)
        let parameters = try DetectorLineRunner.parseAssignments(assignments, for: descriptor)
        _ = try descriptor.makeDetector(parameters)
        var scores: [Score] = []
        var total = Score(scenario: "all")
        for stream in EvaluationSuite.streams(for: descriptor.input) {
            var detector = try descriptor.makeDetector(parameters)
            var drifts: [Int] = []
            // FHDDM watches a success rate: it reads 1 for a correct prediction, as `run` feeds it.
            let readsCorrectness = descriptor.name == "fhddm"
            for (index, value) in stream.values.enumerated()
            where detector.update(readsCorrectness ? 1 - value : value).isDrift {
                drifts.append(index)
            }
            let score = score(drifts: drifts, stream: stream)
            if let last = scores.indices.last, scores[last].scenario == stream.scenario {
                scores[last].add(score)
            } else {
                scores.append(score)
            }
            total.add(score)
        }
        return scores + [total]
    }

    /// Scores the drift signals of one stream against its change points.
    static func score(drifts: [Int], stream: LabelledStream) -> Score {
        var score = Score(scenario: stream.scenario)
        score.streams = 1
        score.updates = stream.values.count
        score.changePoints = stream.changePoints.count
        var matched = Set<Int>()
        for (offset, change) in stream.changePoints.enumerated() {
            let next = offset + 1 < stream.changePoints.count ? stream.changePoints[offset + 1] : Int.max
            let end = min(change + detectionHorizon, next)
            if let detection = drifts.first(where: { $0 >= change && $0 < end }) {
                matched.insert(detection)
                score.detected += 1
                score.totalDelay += detection - change
            }
        }
        score.falseAlarms = drifts.count - matched.count
        return score
    }

    /// The scores as an aligned plain-text table.
    static func table(_ scores: [Score]) -> String {
        let header = [
            "scenario", "streams", "changes", "detected", "missed", "mean delay", "false alarms/10k", "precision",
            "recall",
        ]
        let rows = scores.map { score in
            [
                score.scenario, "\(score.streams)", "\(score.changePoints)", "\(score.detected)", "\(score.missed)",
                format(score.meanDelay, digits: 1), format(score.falseAlarmsPer10k, digits: 2),
                format(score.precision, digits: 3), format(score.recall, digits: 3),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { cells in
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The scores as JSON lines, for scripts: `{"scenario", "streams", "changes", "detected", "missed",
    /// "mean_delay", "false_alarms_per_10k", "precision", "recall"}`, `null` where a score is undefined.
    static func jsonLines(_ scores: [Score]) -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }
        return scores.map { score in
            "{\"scenario\": \"\(score.scenario)\", \"streams\": \(score.streams), \"changes\": \(score.changePoints), "
                + "\"detected\": \(score.detected), \"missed\": \(score.missed), \"mean_delay\": \(number(score.meanDelay)), "
                + "\"false_alarms_per_10k\": \(score.falseAlarmsPer10k), \"precision\": \(number(score.precision)), "
                + "\"recall\": \(number(score.recall))}"
        }.joined(separator: "\n")
    }

    private static func format(_ value: Double?, digits: Int) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }
}
