import DriftDetection
import DriftEngine
import Foundation

/// A record of the profiles topic: key `model/version`, value a profile as `driftwatch profile build` writes it, or
/// no value (a tombstone: the version's profile was withdrawn).
package enum ProfileTopicRecord: Sendable {
    case profile(PublishedProfile)
    case withdrawal(model: String, modelVersion: String)

    /// The record's key for a model version.
    package static func key(model: String, modelVersion: String) -> [UInt8] {
        Array("\(model)/\(modelVersion)".utf8)
    }

    /// Reads a record.
    ///
    /// - Throws: ``ProfileTopicError`` naming what is wrong: a key that is not `model/version`, a value that is not
    ///   a profile, a profile of another model.
    package init(key: [UInt8]?, value: [UInt8]?) throws(ProfileTopicError) {
        let text = key.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else {
            throw ProfileTopicError("the key '\(text)' is not 'model/version'")
        }
        let (model, version) = (String(text[..<slash]), String(text[text.index(after: slash)...]))
        guard let value else {
            self = .withdrawal(model: model, modelVersion: version)
            return
        }
        let profile: ReferenceProfile
        do {
            profile = try JSONDecoder().decode(ReferenceProfile.self, from: Data(value))
        } catch {
            throw ProfileTopicError(
                "the value of '\(text)' is not a profile of 'driftwatch profile build' (\(error))")
        }
        guard profile.model == model else {
            throw ProfileTopicError("the profile under '\(text)' is of model '\(profile.model)', not '\(model)'")
        }
        self = .profile(PublishedProfile(model: model, modelVersion: version, profile: profile, bytes: value))
    }
}

/// Why a record of the profiles topic cannot be used.
package struct ProfileTopicError: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) {
        self.description = description
    }
}
