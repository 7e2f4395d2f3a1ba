/// What a model predicts, which decides how its error stream is watched.
package enum ModelTask: String, Sendable, Equatable, CaseIterable {
    /// Labels: the error is a 0/1 bit, watched by a binary detector.
    case classification
    /// Numbers: the error is the absolute difference, watched by a numeric detector.
    case regression
}
