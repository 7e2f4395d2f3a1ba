import DriftDetection

/// The classic concept-drift generators (SEA, STAGGER, Agrawal), as the error stream of a model that learnt the
/// first concept and is not retrained: the situation driftwatch watches in production.
///
/// Each draw is an example of the current concept (with its label noise); the error bit is 1 when the first
/// concept's rule disagrees with the example's label. A gradual drift draws the new concept with a probability that
/// rises linearly over its transition, as MOA's and River's `ConceptDriftStream` mix two concepts (linearly here
/// rather than along a sigmoid, so that the change point is where the mixing starts). Written here, from the papers'
/// definitions, because no package generates them in Swift.
enum ConceptDriftGenerator: Sendable {
    /// Street and Kim (2001): three features in [0, 10], the label is `f1 + f2 ≤ θ`; concepts θ = 8, 9, 7, 9.5;
    /// 10% label noise. The drift goes from θ = 8 to θ = 9.5.
    case sea
    /// Schlimmer and Granger (1986): size, colour and shape; concept 1 is `small ∧ red`, concept 2
    /// `green ∨ circle`.
    case stagger
    /// Agrawal, Imielinski and Swami (1993): loan applicants; function 1 (`age < 40 ∨ age ≥ 60`) drifts to
    /// function 2 (age bands with salary bands), over the attributes they read (age uniform in 20–80, salary in
    /// 20,000–150,000); 5% label noise.
    case agrawal

    /// The generator's name in a scenario.
    var name: String {
        switch self {
        case .sea: "SEA"
        case .stagger: "STAGGER"
        case .agrawal: "Agrawal"
        }
    }

    /// The error bit of the first concept's rule on an example of the first (`drifted` false) or the second
    /// concept.
    func errorBit(drifted: Bool, _ generator: inout SplitMix64) -> Double {
        switch self {
        case .sea:
            let (f1, f2) = (10 * generator.nextUnitDouble(), 10 * generator.nextUnitDouble())
            _ = generator.nextUnitDouble()  // f3, which no concept reads
            var label = f1 + f2 <= (drifted ? 9.5 : 8)
            if generator.nextUnitDouble() < 0.1 { label.toggle() }
            return (f1 + f2 <= 8) == label ? 0 : 1
        case .stagger:
            let (size, color, shape) = (generator.next(below: 3), generator.next(below: 3), generator.next(below: 3))
            // size 0 = small, colour 0 = red and 1 = green, shape 1 = circle.
            let first = size == 0 && color == 0
            let label = drifted ? color == 1 || shape == 1 : first
            return first == label ? 0 : 1
        case .agrawal:
            let age = 20 + Double(generator.next(below: 61))
            let salary = 20_000 + 130_000 * generator.nextUnitDouble()
            let first = age < 40 || age >= 60
            var label = first
            if drifted {
                label =
                    age < 40
                    ? (50_000...100_000).contains(salary)
                    : age < 60 ? (75_000...125_000).contains(salary) : (25_000...75_000).contains(salary)
            }
            if generator.nextUnitDouble() < 0.05 { label.toggle() }
            return first == label ? 0 : 1
        }
    }
}
