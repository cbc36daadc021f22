import ARAgent
import Foundation

/// The optional configuration file (`--config aragent.toml`): the same settings as the
/// environment variables, in the TOML subset the policy file uses. A key `k` at the top maps to
/// `ARAGENT_K`, a key `k` in table `[t]` to `ARAGENT_T_K`; so `[smtp] host = "mail"` is
/// `ARAGENT_SMTP_HOST=mail`, and the README's list of variables is also the list of keys.
/// An unknown key is an error at its line, never ignored: a typo would otherwise silently
/// leave a default in force.
public struct ConfigFile: Sendable, Equatable {
    /// Environment-variable name → value, as read from the file.
    public let values: [String: String]
    public let path: String?

    public static let empty = ConfigFile(values: [:], path: nil)

    public init(values: [String: String], path: String?) {
        self.values = values
        self.path = path
    }

    /// Every key a file may set, as its environment variable.
    public static let knownVariables: Set<String> = [
        "ARAGENT_DB", "ARAGENT_TIMEZONE",
        "ARAGENT_SERVER_HOST", "ARAGENT_SERVER_PORT", "ARAGENT_SERVER_PUBLIC_URL", "ARAGENT_SERVER_CYCLE_HOUR", "ARAGENT_SERVER_DELIVERY_MINUTES",
        "ARAGENT_SMTP_HOST", "ARAGENT_SMTP_PORT", "ARAGENT_SMTP_TLS", "ARAGENT_SMTP_USER", "ARAGENT_SMTP_PASSWORD", "ARAGENT_SMTP_CA",
        "ARAGENT_MAIL_FROM", "ARAGENT_MAIL_FROM_NAME",
        "ARAGENT_SMS_URL", "ARAGENT_SMS_ACCOUNT", "ARAGENT_SMS_FROM", "ARAGENT_SMS_TOKEN",
        "ARAGENT_COMPANY_NAME", "ARAGENT_COMPANY_PROFILE", "ARAGENT_SENDER_NAME", "ARAGENT_PAYMENT_URL", "ARAGENT_PORTAL_URL", "ARAGENT_TRACKING_URL",
        "ARAGENT_IMAP_URL", "ARAGENT_IMAP_PASSWORD", "ARAGENT_IMAP_MOVE_TO", "ARAGENT_IMAP_MINUTES",
    ]

    public static func load(path: String) throws -> ConfigFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationFileError(file: path, line: 0, message: "cannot read the configuration file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationFileError) -> ConfigFile {
        var values: [String: String] = [:]
        var table: String?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = DunningPolicyFile.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw ConfigurationFileError(file: file, line: number, message: "'\(line)' is not a table header; write [server], [smtp], [mail], [sms], [imap] or [company]")
                }
                table = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationFileError(file: file, line: number, message: "'\(line)' is not `key = value`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let valueText = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let variable = "ARAGENT_" + ([table, key].compactMap { $0 }.joined(separator: "_")).uppercased()
            guard knownVariables.contains(variable) else {
                let shown = [table, key].compactMap { $0 }.joined(separator: ".")
                throw ConfigurationFileError(file: file, line: number, message: "unknown setting '\(shown)'; the README's Server section lists every key")
            }
            guard values[variable] == nil else {
                throw ConfigurationFileError(file: file, line: number, message: "'\(key)' is set twice")
            }
            switch try DunningPolicyFile.parseValue(valueText, line: number, key: key, file: file) {
            case .string(let text): values[variable] = text
            case .integer(let integer): values[variable] = String(integer)
            case .boolean(let flag): values[variable] = flag ? "true" : "false"
            case .array: throw ConfigurationFileError(file: file, line: number, message: "'\(key)' takes one value, not a list")
            }
        }
        return ConfigFile(values: values, path: file)
    }
}

/// The settings every command reads, layered: a flag (read by the command itself) over the
/// process environment over the configuration file. Tests lay their own values over the
/// environment per task, without touching the process environment other tests read. An empty
/// value counts as unset. Values are never logged: some are secrets.
public enum Settings {
    @TaskLocal public static var overrides: [String: String] = [:]
    @TaskLocal public static var file: ConfigFile = .empty

    public static subscript(_ name: String) -> String? {
        let value = overrides[name] ?? ProcessInfo.processInfo.environment[name] ?? file.values[name]
        return value?.isEmpty == true ? nil : value
    }
}
