/// Reads SWIFT MT940 customer statements and MT942 interim transaction reports, with the bank
/// dialects seen in practice.
///
/// Several statements per file, with or without the `{1:…}{2:…}{4:` … `-}` envelope; `:61:`
/// statement lines parsed field by field; `:86:` read in the German (`?20`…), Dutch slash-keyed
/// (`/NAME/`, `/REMI/`, `/EREF/`) and free-text forms (see ``MT940Details``). Each statement's
/// currency comes from its `:60F:` opening balance (or, failing that, `:62F:`, `:64:`, `:34F:`),
/// and amounts are kept as exact digits until it is known. What real banks get wrong but can be
/// read unambiguously — 30 February, control characters, lines broken in odd places, overlong
/// `:86:` — is read and reported as a ``BankFileWarning``; what cannot (an amount that is not a
/// number, a statement line without a mark) is a ``BankFileError`` naming line and field.
public enum MT940Parser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = MT940Reader(bytes: buffer)
            return try reader.read()
        }
    }
}
