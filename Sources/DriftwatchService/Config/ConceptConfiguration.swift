import DriftDetection
import DriftEngine
import Yams

/// The sequential detector on a model's error stream: the `concept` section.
///
/// Classification feeds it the error bit, so it must be a binary detector (`ddm`, `eddm`, `hddm_a`, `hddm_w`,
/// `fhddm`, `rddm`, `stepd`, `ecdd_wt`); regression feeds it the absolute error, so it must be a numeric one
/// (`adwin`, `page_hinkley`, `kswin`, `cusum`, `geometric_moving_average`).
package struct ConceptConfiguration: Sendable, Equatable {
    /// A detector name from ``DetectorCatalog`` (`detector`); default `ddm` for classification, `adwin` for
    /// regression.
    package var detector: String
    /// Its parameters as `driftwatch detect --param` takes them (`params`); absent ones take the reference
    /// library's defaults.
    package var parameters: [String: String]

    /// The section's fields.
    static let fields = ["detector", "params"]
}

extension ConceptConfiguration {
    /// Reads a `concept` section for a model of `task` (`nil` when the task is invalid), checking the detector's
    /// name, its fit to the task and every parameter with ``DetectorCatalog``.
    init?(reading fields: YAMLMapping?, task: MonitorSettings.Task?, with reader: inout ConfigurationReader) {
        let detector: String
        if let fields, fields["detector"] != nil {
            guard let named = reader.string(fields, "detector") else { return nil }
            detector = named
        } else {
            guard let task else { return nil }
            detector = ConfigurationDefaults.conceptDetector(for: task)
        }
        self.detector = detector
        parameters = [:]
        let detectorPath = fields?.path("detector") ?? .root
        let descriptor: DetectorDescriptor
        do {
            descriptor = try DetectorCatalog.descriptor(named: detector)
        } catch {
            reader.report(error.message, at: fields?["detector"], detectorPath)
            return nil
        }
        if let task, descriptor.input != Self.input(for: task) {
            let fitting = DetectorCatalog.all.filter { $0.input == Self.input(for: task) }.map(\.name)
            reader.report(
                "\(detector) reads \(descriptor.input.rawValue) values, but a \(task.rawValue) model's error stream "
                    + "needs a \(Self.input(for: task).rawValue) detector: one of "
                    + fitting.joined(separator: ", "),
                at: fields?["detector"],
                detectorPath
            )
        }
        guard let fields, let node = fields["params"], let params = reader.openMapping(node, at: fields.path("params"))
        else { return }
        var valid = true
        for entry in params.entries {
            // A null value stands for `none`, the absent value of an optional whole-number parameter.
            guard let text = entry.value.isNull ? "none" : reader.text(entry.value, at: params.path(entry.name)) else {
                valid = false
                continue
            }
            do {
                _ = try descriptor.makeDetector([entry.name: text])
                parameters[entry.name] = text
            } catch {
                valid = false
                reader.report(
                    error.message, at: error.code == .unknownParameter ? entry.key : entry.value,
                    params.path(entry.name))
            }
        }
        // Each parameter is valid alone; some constraints tie several together (a warning level below the drift
        // level, for instance).
        if valid {
            do {
                _ = try descriptor.makeDetector(parameters)
            } catch {
                reader.report(error.message, at: node, params.path)
            }
        }
    }

    /// The kind of value a model of `task` feeds its concept detector.
    static func input(for task: MonitorSettings.Task) -> DetectorInput {
        switch task {
        case .classification: .binary
        case .regression: .numeric
        }
    }
}
