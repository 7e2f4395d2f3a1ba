/// State that a window accumulates and that two panes of one window can combine.
///
/// Merging must be associative and must give the state of the concatenated streams (up to
/// floating-point rounding and a sketch's documented error), so that a sliding window built
/// from panes equals the window computed directly.
public protocol MergeableWindowState: Codable, Sendable {
    /// Folds the state of a later pane into this one.
    ///
    /// - Throws: ``DriftDetectionError`` when the two states are of different references.
    mutating func merge(_ other: Self) throws
}

extension NumericWindow: MergeableWindowState {}
extension CategoricalWindow: MergeableWindowState {}
