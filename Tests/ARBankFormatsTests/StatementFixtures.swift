import ARBankFormats
import ARCore
import ARTestSupport
import Foundation
import Testing

/// The public statement samples in `../shared/data/statements` and their expected-result sidecars
/// (see `../shared/data/SOURCES.md`). The files are read in place, never copied into the repository.
enum StatementFixtures {
    /// Every sample file (sidecars and licences left out) under `folders`, as paths relative to the
    /// shared data folder, sorted; empty when the shared data is absent.
    static func samples(in folders: [String], extensions: [String]) -> [String] {
        guard let root = TestEnvironment.sharedData?.appendingPathComponent("statements") else { return [] }
        var found: [String] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let path as String in walker where extensions.contains(where: { path.hasSuffix("." + $0) }) {
                found.append("statements/\(folder)/\(path)")
            }
        }
        return found.sorted()
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: try TestEnvironment.sharedFile(path)))
    }

    /// The parsed JSON of `path + suffix` (`.expected.json`, `.facts.json`), or `nil` when absent.
    static func sidecar(_ path: String, suffix: String = ".expected.json") throws -> [String: Any]? {
        let url = try TestEnvironment.sharedFile(path + suffix)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    }

    /// The folder a sample sits in (`camt053`, `mt940`, `ofx`), which names its format.
    static func folder(of path: String) -> String {
        path.split(separator: "/").dropFirst().first.map(String.init) ?? ""
    }
}

/// Reading values out of untyped sidecar JSON.
extension Dictionary where Key == String, Value == Any {
    func text(_ key: String) -> String? { self[key] as? String }
    func dict(_ key: String) -> [String: Any]? { self[key] as? [String: Any] }
    func list(_ key: String) -> [Any]? { self[key] as? [Any] }
    /// A JSON number or string as text: `12`, `-754.25`, `"12.50"`.
    func number(_ key: String) -> String? {
        if let text = self[key] as? String { return text }
        if let number = self[key] as? NSNumber { return number.stringValue }
        return nil
    }
    func has(_ key: String) -> Bool { self[key] != nil && !(self[key] is NSNull) }
}

/// Converting the sidecars' amount conventions into minor units.
enum ExpectedAmount {
    /// A decimal string (`"-754.25"`, `"9"`, `"0.012"` only with trailing zeros) in `currency`.
    static func minorUnits(_ text: String, _ currency: Currency) throws -> Int64 {
        try MoneyFormat.parseMinorUnits(Array(text.utf8)[...], digits: currency.minorUnitDigits)
    }

    /// A JSON float from a Python golden file (`-754.25`, `2187`): its shortest decimal spelling,
    /// which is what the Python source wrote, read digit by digit. Only test expectations pass
    /// through floating point here, never parsed money.
    static func minorUnits(golden value: Any?, _ currency: Currency) throws -> Int64 {
        let number = try #require(value as? NSNumber, "expected a number, got \(String(describing: value))")
        let text = number.stringValue
        return try minorUnits(text.hasSuffix(".0") ? String(text.dropLast(2)) : text, currency)
    }

    static func currency(_ code: String?) throws -> Currency {
        try #require(code.flatMap { Currency(code: $0) }, "unknown currency \(code ?? "nil")")
    }
}

/// `YYYY-MM-DD…` as a date: the sidecars write dates with times and zones appended.
func expectedDate(_ text: String?) -> CalendarDate? {
    guard let text, text.count >= 10 else { return nil }
    return CalendarDate(iso: String(text.prefix(10)))
}
