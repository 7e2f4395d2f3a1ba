/// A `/metrics` page in Prometheus text format, read back for assertions.
struct MetricsScrape {
    private struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    private let samples: [Sample]
    /// The names of the metric families (`# TYPE` lines).
    let families: Set<String>

    init(_ text: String) {
        var samples: [Sample] = []
        var families: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                families.insert(String(line.split(separator: " ")[2]))
                continue
            }
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...])
            else { continue }
            let series = line[..<space]
            let name = String(series.prefix { $0 != "{" })
            var labels: [String: String] = [:]
            if let open = series.firstIndex(of: "{") {
                // Label values here hold no commas or quotes.
                for pair in series[series.index(after: open)..<series.index(before: series.endIndex)]
                    .split(separator: ",")
                {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { labels[String(parts[0])] = String(parts[1].dropFirst().dropLast()) }
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        self.samples = samples
        self.families = families
    }

    /// The sum of the samples named `name` whose labels include `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    /// The label sets of the samples named `name`.
    func series(_ name: String) -> [[String: String]] {
        samples.filter { $0.name == name }.map(\.labels)
    }
}
