/// Placeholder until the parser lands: reading this format is not available yet.
public enum BAI2Parser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        throw BankFileError(line: 1, message: "BAI2Parser is not implemented yet")
    }
}
