// Fuzz target: any bytes through format detection and the detected parser, as
// `aragent import statement` and `cash-apply --statement` read them. A thrown BankFileError is
// the expected answer to bad input; a trap, an overflow or a sanitizer report is a bug.
import ARBankFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = BankFileReader.detect(bytes)
    do { _ = try BankFileReader.read(bytes) } catch { _ = String(describing: error) }
    return 0
}
