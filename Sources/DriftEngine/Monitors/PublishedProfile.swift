import DriftDetection

/// A model version's reference profile as published on the profiles topic (`driftwatch profile publish`), for a
/// model whose reference is ``MonitorSettings/Reference/published(fallbackWarmupEvents:)``.
public struct PublishedProfile: Sendable {
    public var model: String
    public var modelVersion: String
    public var profile: ReferenceProfile
    /// A digest of the published bytes: a monitor already on this profile (restored, or the topic read again after
    /// a restart) keeps its windows; another digest replaces them.
    public var digest: String

    /// - Parameter bytes: the record's value, which `profile` was decoded from.
    public init(model: String, modelVersion: String, profile: ReferenceProfile, bytes: some Sequence<UInt8>) {
        self.model = model
        self.modelVersion = modelVersion
        self.profile = profile
        digest = String(FNV1a128.hash(bytes: bytes), radix: 16)
    }
}

extension PublishedProfile {
    /// This profile with the calibrations that a model's `auto` tests need (see
    /// ``ReferenceProfile/calibrated(for:)``); the digest stays that of the published bytes.
    ///
    /// - Throws: `DriftDetectionError` when a test of the settings does not apply to the profile.
    func calibrated(for settings: MonitorSettings) throws -> PublishedProfile {
        var calibrated = self
        calibrated.profile = try profile.calibrated(for: settings)
        return calibrated
    }
}
