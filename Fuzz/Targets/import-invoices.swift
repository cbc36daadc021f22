// Fuzz target: `aragent import invoices` parsing and validation (ImportParser), with the
// canonical columns and with every built-in preset (ibm, xero, quickbooks: US and European
// dates, thousands separators, stripped characters, header search, row filters, merged line
// items), and with --skip-invalid. ImportRejected is the expected answer to bad input; a trap
// or a sanitizer report is a bug.
import ARAgent

/// The canonical columns and every built-in invoice preset, parsed once (the presets are text
/// read by the same code as users' mapping files).
let mappings: [ColumnMapping] = {
    let presets = BuiltInPresets.all().filter { $0.value.kind == nil || $0.value.kind == .invoices }
    // An empty list would fuzz only the canonical layout and look like success: refuse.
    precondition(!presets.isEmpty, "the built-in presets did not parse")
    return [ColumnMapping.canonical] + presets.keys.sorted().compactMap { presets[$0] }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    // --skip-invalid only changes what happens after a problem, the same for every mapping:
    // once, with the canonical columns, is enough.
    let runs = mappings.map { ImportOptions(mapping: $0) } + [ImportOptions(skipInvalid: true)]
    for options in runs {
        do { _ = try ImportParser(kind: .invoices, options: options).parse(bytes: bytes, file: "fuzz.csv") } catch { _ = String(describing: error) }
    }
    return 0
}
