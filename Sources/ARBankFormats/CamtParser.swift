/// Placeholder until the parser lands: reading this format is not available yet.
public enum CamtParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        throw BankFileError(line: 1, message: "CamtParser is not implemented yet")
    }
}
