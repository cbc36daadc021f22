// Fuzz target: the RFC 4180 reader under `aragent import`, on its own, every field of every
// record read back (ImportParser stops at a bad header, which would hide most of the reader).
// A CSVSyntaxError is the expected answer to bad quoting; a trap or a sanitizer report is a bug.
import ARAgent

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    var fields = 0
    do {
        try CSVReader(bytes: bytes).forEachRecord { record, _ in
            for index in 0...record.count { fields &+= record.string(index).utf8.count }
            _ = record.isBlank
            return true
        }
    } catch { _ = String(describing: error) }
    _ = fields
    return 0
}
