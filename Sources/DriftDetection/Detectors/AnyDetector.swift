/// Any of driftwatch's detectors, held by value without an existential box.
///
/// Updating dispatches with one `switch` and no allocation, so a monitor can hold a detector chosen
/// at run time on its per-event hot path. It is `Codable` like the detectors it holds.
public enum AnyDetector: SequentialDetector, Equatable {
    case adwin(ADWIN)
    case pageHinkley(PageHinkley)
    case kswin(KSWIN)
    case ddm(DDM)
    case eddm(EDDM)
    case hddmA(HDDMA)
    case hddmW(HDDMW)
    case fhddm(FHDDM)
    case cusum(CUSUM)
    case geometricMovingAverage(GeometricMovingAverage)
    case rddm(RDDM)
    case stepd(STEPD)
    case ecddWT(ECDDWT)

    /// The catalog entry of the detector held.
    public var descriptor: DetectorDescriptor {
        switch self {
        case .adwin: ADWIN.descriptor
        case .pageHinkley: PageHinkley.descriptor
        case .kswin: KSWIN.descriptor
        case .ddm: DDM.descriptor
        case .eddm: EDDM.descriptor
        case .hddmA: HDDMA.descriptor
        case .hddmW: HDDMW.descriptor
        case .fhddm: FHDDM.descriptor
        case .cusum: CUSUM.descriptor
        case .geometricMovingAverage: GeometricMovingAverage.descriptor
        case .rddm: RDDM.descriptor
        case .stepd: STEPD.descriptor
        case .ecddWT: ECDDWT.descriptor
        }
    }

    public mutating func update(_ value: Double) -> DriftSignal {
        // Consuming `self` moves the payload out, so its storage stays uniquely referenced and is
        // mutated in place rather than copied.
        switch consume self {
        case .adwin(var detector): defer { self = .adwin(detector) }; return detector.update(value)
        case .pageHinkley(var detector): defer { self = .pageHinkley(detector) }; return detector.update(value)
        case .kswin(var detector): defer { self = .kswin(detector) }; return detector.update(value)
        case .ddm(var detector): defer { self = .ddm(detector) }; return detector.update(value)
        case .eddm(var detector): defer { self = .eddm(detector) }; return detector.update(value)
        case .hddmA(var detector): defer { self = .hddmA(detector) }; return detector.update(value)
        case .hddmW(var detector): defer { self = .hddmW(detector) }; return detector.update(value)
        case .fhddm(var detector): defer { self = .fhddm(detector) }; return detector.update(value)
        case .cusum(var detector): defer { self = .cusum(detector) }; return detector.update(value)
        case .geometricMovingAverage(var detector):
            defer { self = .geometricMovingAverage(detector) }
            return detector.update(value)
        case .rddm(var detector): defer { self = .rddm(detector) }; return detector.update(value)
        case .stepd(var detector): defer { self = .stepd(detector) }; return detector.update(value)
        case .ecddWT(var detector): defer { self = .ecddWT(detector) }; return detector.update(value)
        }
    }

    public mutating func reset() {
        switch consume self {
        case .adwin(var detector): detector.reset(); self = .adwin(detector)
        case .pageHinkley(var detector): detector.reset(); self = .pageHinkley(detector)
        case .kswin(var detector): detector.reset(); self = .kswin(detector)
        case .ddm(var detector): detector.reset(); self = .ddm(detector)
        case .eddm(var detector): detector.reset(); self = .eddm(detector)
        case .hddmA(var detector): detector.reset(); self = .hddmA(detector)
        case .hddmW(var detector): detector.reset(); self = .hddmW(detector)
        case .fhddm(var detector): detector.reset(); self = .fhddm(detector)
        case .cusum(var detector): detector.reset(); self = .cusum(detector)
        case .geometricMovingAverage(var detector): detector.reset(); self = .geometricMovingAverage(detector)
        case .rddm(var detector): detector.reset(); self = .rddm(detector)
        case .stepd(var detector): detector.reset(); self = .stepd(detector)
        case .ecddWT(var detector): detector.reset(); self = .ecddWT(detector)
        }
    }
}
