/// Placeholder until the parser lands: reading this format is not available yet.
public enum MT940Parser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        throw BankFileError(line: 1, message: "MT940Parser is not implemented yet")
    }
}
