import ARTestSupport
import Foundation

/// The third-party sample files in `../shared/data` and their `.expected.json` sidecars.
enum SharedSamples {
    /// The sample files (not sidecars or licences) in `folder`, sorted by name.
    static func files(in folder: String) throws -> [String] {
        let url = try TestEnvironment.sharedFile(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { !$0.hasSuffix(".json") && !$0.hasPrefix("LICENSE") }
            .sorted()
            .map { folder + "/" + $0 }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestEnvironment.sharedFile(path)))
    }

    static func sidecar(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: TestEnvironment.sharedFile(path + ".expected.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SidecarError("\(path).expected.json is not a JSON object")
        }
        return object
    }

    /// The file names the shared data would give when it is present; one placeholder otherwise,
    /// so that parameterized tests still have an argument (and are skipped).
    static func names(_ folders: String...) -> [String] {
        guard TestEnvironment.hasSharedData else { return ["(absent)"] }
        return (try? folders.flatMap { try files(in: $0) }) ?? ["(unreadable)"]
    }
}

struct SidecarError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Typed access into parsed JSON, failing with the path when the sidecar does not have the shape
/// the test expects.
extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) throws -> [String: Any] {
        guard let value = self[key] as? [String: Any] else { throw SidecarError("no object at \(key)") }
        return value
    }

    func objects(_ key: String) throws -> [[String: Any]] {
        guard let value = self[key] as? [[String: Any]] else { throw SidecarError("no list of objects at \(key)") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = self[key] as? String else { throw SidecarError("no string at \(key)") }
        return value
    }

    func int(_ key: String) throws -> Int {
        guard let value = self[key] as? Int else { throw SidecarError("no integer at \(key)") }
        return value
    }
}
