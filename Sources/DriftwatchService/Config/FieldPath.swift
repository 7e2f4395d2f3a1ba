/// The path of a configuration field from the document's root, as printed in problems:
/// `models[0].features.amount.test`.
struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    private var text = ""

    /// The document's root, whose path prints as nothing.
    static let root = FieldPath()

    /// The path of the field `name` inside this one; names that are not plain words are quoted
    /// (`features["user.age"]`) so the path stays unambiguous.
    func appending(_ name: String) -> FieldPath {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        var path = self
        if !plain {
            path.text += "[\"\(name)\"]"
        } else {
            path.text += text.isEmpty ? name : ".\(name)"
        }
        return path
    }

    /// The path of the element at `index` of this sequence.
    func appending(index: Int) -> FieldPath {
        var path = self
        path.text += "[\(index)]"
        return path
    }

    var description: String { text }
}
