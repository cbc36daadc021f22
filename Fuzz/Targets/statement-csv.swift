// Fuzz target: the canonical statement CSV of CONTRACTS.md, called directly (detection
// needs a transaction_id header), with and without --ignore-unknown-columns. A thrown
// BankFileError is the expected answer to bad input; a trap or a sanitizer report is a bug.
import ARBankFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    for ignoring in [false, true] {
        do { _ = try StatementCSVParser.parse(bytes, ignoringUnknownColumns: ignoring) } catch { _ = String(describing: error) }
    }
    return 0
}
