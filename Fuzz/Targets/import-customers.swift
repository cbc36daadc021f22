// Fuzz target: `aragent import customers` parsing and validation (ImportParser) with the
// canonical columns, as given, with --skip-invalid and with --ignore-unknown-columns.
// ImportRejected is the expected answer to bad input; a trap or a sanitizer report is a bug.
import ARAgent

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    for options in [ImportOptions(), ImportOptions(skipInvalid: true), ImportOptions(ignoreUnknownColumns: true)] {
        do { _ = try ImportParser(kind: .customers, options: options).parse(bytes: bytes, file: "fuzz.csv") } catch { _ = String(describing: error) }
    }
    return 0
}
