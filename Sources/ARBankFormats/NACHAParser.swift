/// Placeholder until the parser lands: reading this format is not available yet.
public enum NACHAParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        throw BankFileError(line: 1, message: "NACHAParser is not implemented yet")
    }
}
