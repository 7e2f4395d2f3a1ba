import DriftDetection
import Yams

/// How one input feature is watched: its type and its window test (`features.NAME`).
package struct FeatureConfiguration: Sendable, Equatable {
    /// Numeric or categorical (`type`); `nil`: as in the reference profile, or as the warm-up values show.
    package var type: FeatureType?
    /// The window test and its thresholds; default `psi` at 0.1 / 0.25.
    package var test: DistributionTestConfiguration

    /// The fields of a feature.
    static let fields = ["type"] + DistributionTestConfiguration.fields
}

extension FeatureConfiguration {
    /// Reads one entry of `features`; a null entry (`amount: ~`) takes every default.
    init?(reading node: Node?, at path: FieldPath, with reader: inout ConfigurationReader) {
        let fields = node.flatMap { reader.mapping($0, at: path, fields: Self.fields) }
        if node != nil, fields == nil { return nil }
        type = reader.choice(fields, "type")
        guard
            let test = DistributionTestConfiguration(
                reading: fields,
                defaultTest: ConfigurationDefaults.featureTest,
                categorical: type == .categorical,
                with: &reader
            )
        else { return nil }
        self.test = test
    }
}
