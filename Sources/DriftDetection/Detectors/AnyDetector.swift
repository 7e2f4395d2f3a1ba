/// Any of driftwatch's detectors, chosen at run time, with value semantics.
///
/// The detector lives in one heap box allocated when it is built; updates mutate it in place
/// (copy-on-write, like `Array`), so the per-event path allocates nothing and costs one indirect call
/// into code specialised for the detector's type. It encodes as `{"detector": name, "state": …}` and
/// decodes back to the same detector.
public struct AnyDetector: SequentialDetector, Equatable {
    private var box: AnyDetectorBox
    /// Updates the box, which must be a `DetectorBox` of the type this was built with.
    private let step: @Sendable (AnyDetectorBox, Double) -> DriftSignal

    init<Detector: CatalogedDetector>(_ detector: Detector) {
        box = DetectorBox(detector)
        step = { box, value in unsafeDowncast(box, to: DetectorBox<Detector>.self).update(value) }
    }

    /// The catalog entry of the detector held.
    public var descriptor: DetectorDescriptor { box.descriptor }

    /// The detector held, if it is a `Detector`.
    public func detector<Detector: SequentialDetector>(as type: Detector.Type) -> Detector? {
        box.detector as? Detector
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        if !isKnownUniquelyReferenced(&box) {
            box = box.copy()
        }
        return step(box, value)
    }

    public mutating func reset() {
        if !isKnownUniquelyReferenced(&box) {
            box = box.copy()
        }
        box.reset()
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.box.isEqual(to: rhs.box)
    }

    private enum CodingKeys: String, CodingKey {
        case detector
        case state
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .detector)
        guard let descriptor = DetectorCatalog.all.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .detector,
                in: container,
                debugDescription: "unknown detector '\(name)'; valid detectors: "
                    + DetectorCatalog.names.joined(separator: ", ")
            )
        }
        self = try descriptor.decodeState(container.superDecoder(forKey: .state))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(box.descriptor.name, forKey: .detector)
        try box.encodeState(to: container.superEncoder(forKey: .state))
    }
}

/// A detector that has a catalog entry.
protocol CatalogedDetector: SequentialDetector, Equatable {
    /// The detector's catalog entry.
    static var descriptor: DetectorDescriptor { get }
}

/// The type-erased heap box behind `AnyDetector`.
///
/// `@unchecked Sendable`: a box is only mutated through `AnyDetector`'s copy-on-write, that is while
/// exactly one `AnyDetector` refers to it, so no two threads ever share a box that changes.
class AnyDetectorBox: @unchecked Sendable {
    var descriptor: DetectorDescriptor { fatalError("abstract") }
    var detector: any SequentialDetector { fatalError("abstract") }
    func update(_ value: Double) -> DriftSignal { fatalError("abstract") }
    func reset() { fatalError("abstract") }
    func copy() -> AnyDetectorBox { fatalError("abstract") }
    func isEqual(to other: AnyDetectorBox) -> Bool { fatalError("abstract") }
    func encodeState(to encoder: any Encoder) throws { fatalError("abstract") }
}

final class DetectorBox<Detector: CatalogedDetector>: AnyDetectorBox, @unchecked Sendable {
    /// The detector, behind a pointer rather than in a stored property so that updating it needs no
    /// dynamic exclusivity check; the box owns the memory.
    private let storage: UnsafeMutablePointer<Detector>

    init(_ detector: Detector) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: detector)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    override var descriptor: DetectorDescriptor { Detector.descriptor }
    override var detector: any SequentialDetector { storage.pointee }
    override func update(_ value: Double) -> DriftSignal { storage.pointee.update(value) }
    override func reset() { storage.pointee.reset() }
    override func copy() -> AnyDetectorBox { DetectorBox(storage.pointee) }
    override func isEqual(to other: AnyDetectorBox) -> Bool {
        (other as? DetectorBox<Detector>)?.storage.pointee == storage.pointee
    }
    override func encodeState(to encoder: any Encoder) throws { try storage.pointee.encode(to: encoder) }
}
