// Fuzz target: the BAI2 (cash-management balance and transaction report) parser called directly,
// so that inputs the format detection would turn away (damaged headers, fragments) still reach it.
// A thrown BankFileError is the expected answer to bad input; a trap, an overflow or a sanitizer
// report is a bug.
import ARBankFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    do { _ = try BAI2Parser.parse(bytes) } catch { _ = String(describing: error) }
    return 0
}
