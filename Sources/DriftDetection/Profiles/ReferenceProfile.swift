/// The reference a model's live traffic is compared with, stored as versioned JSON.
///
/// See ``ProfileBuilder`` for how one is built and the README for the JSON format. Version 2 added the features'
/// ``FeatureProfile/calibrations``; version 1 profiles still decode (without them), other versions are rejected.
public struct ReferenceProfile: Codable, Equatable, Sendable {
    /// The format version this code writes.
    public static let formatVersion = 2
    /// The format versions this code reads.
    public static let readableFormatVersions = 1...2

    /// The model the profile describes.
    public var model: String
    /// The model version, when every profiled event named the same one.
    public var modelVersion: String?
    /// The events profiled.
    public var events: Int
    /// The profile of each input feature, by name.
    public var features: [String: FeatureProfile]
    /// The profiles of the model's outputs.
    public var prediction: PredictionProfile
    /// The profile of the true label (or regression target), when the events carried one.
    public var label: FeatureProfile?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case model
        case modelVersion = "model_version"
        case events, features, prediction, label
    }

    /// Creates a profile.
    public init(
        model: String,
        modelVersion: String?,
        events: Int,
        features: [String: FeatureProfile],
        prediction: PredictionProfile,
        label: FeatureProfile?
    ) {
        self.model = model
        self.modelVersion = modelVersion
        self.events = events
        self.features = features
        self.prediction = prediction
        self.label = label
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .formatVersion)
        guard Self.readableFormatVersions.contains(version) else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion,
                in: container,
                debugDescription: "profile format_version \(version) is not supported; this driftwatch reads "
                    + "versions 1 and 2: rebuild the profile with `driftwatch profile build`"
            )
        }
        model = try container.decode(String.self, forKey: .model)
        modelVersion = try container.decodeIfPresent(String.self, forKey: .modelVersion)
        events = try container.decode(Int.self, forKey: .events)
        features = try container.decode([String: FeatureProfile].self, forKey: .features)
        prediction = try container.decode(PredictionProfile.self, forKey: .prediction)
        label = try container.decodeIfPresent(FeatureProfile.self, forKey: .label)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(modelVersion, forKey: .modelVersion)
        try container.encode(events, forKey: .events)
        try container.encode(features, forKey: .features)
        try container.encode(prediction, forKey: .prediction)
        try container.encodeIfPresent(label, forKey: .label)
    }
}
