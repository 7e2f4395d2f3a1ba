import DriftDetection
import Foundation

/// Times every catalog detector, with its default parameters, on one stream of numbers and prints one
/// JSON line per detector.
///
/// Usage: `DetectorBenchmarks STREAM_FILE [REPETITIONS]`. The file holds one number per line; binary
/// detectors read the bits `value > 1` of the same numbers, exactly as the reference benchmark
/// (`Benchmarks/scripts/bench_reference_detectors.py`) does, so both time the same updates; both report the
/// best of `REPETITIONS` runs (3 by default, as the reference does).
let arguments = CommandLine.arguments
guard arguments.count >= 2, let text = try? String(contentsOfFile: arguments[1], encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: DetectorBenchmarks STREAM_FILE [REPETITIONS]\n".utf8))
    exit(2)
}
let repetitions = max(1, arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3)
let values = text.split(whereSeparator: \.isNewline).compactMap { Double($0) }
let bits = values.map { $0 > 1 ? 1.0 : 0.0 }

for descriptor in DetectorCatalog.all {
    let stream = descriptor.input == .binary ? bits : values
    var best = Duration.seconds(Int64.max)
    var drifts = 0
    for _ in 1...repetitions {
        var detector = try descriptor.makeDetector()
        drifts = 0
        let elapsed = ContinuousClock().measure {
            for value in stream where detector.update(value) == .drift {
                drifts += 1
            }
        }
        best = min(best, elapsed)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
    let rate = Double(stream.count) / seconds
    print(
        "{\"detector\": \"\(descriptor.name)\", \"updates\": \(stream.count), \"drifts\": \(drifts), "
            + "\"updates_per_second\": \(rate.rounded())}"
    )
}
