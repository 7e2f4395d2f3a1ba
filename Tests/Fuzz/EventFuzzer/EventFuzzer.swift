import EventFuzzing

/// The libFuzzer target for prediction and outcome messages: each input goes through ``EventFuzzInput/replay(_:)``,
/// and a broken promise it reports stops the run as a crash, so that libFuzzer saves the input.
///
/// Built only by `scripts/fuzz.sh` (`make fuzz`), with `-sanitize=fuzzer,address`.
@_cdecl("LLVMFuzzerTestOneInput")
func eventFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = EventFuzzInput.replay(input).violations.first {
        fatalError(violation)
    }
    return 0
}

/// The executable's entry point. The package manager links an executable with `main` renamed to `EventFuzzer_main`,
/// which hides libFuzzer's own `main`; this hands over to libFuzzer's driver instead.
@_cdecl("EventFuzzer_main")
func eventFuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzer(&count, &arguments) { eventFuzzerTestOneInput($0, $1) }
}

/// libFuzzer's driver: parses libFuzzer's flags and runs `testOneInput` on each input it makes or is given.
@_extern(c, "LLVMFuzzerRunDriver")
func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
