import Testing

/// The end-to-end suites, run one at a time: each loads both cores of the machine they were written on (a broker,
/// one or more driftwatch processes, the test's producers and readers), and timing must not decide their results.
@Suite(.serialized)
enum EndToEnd {}
