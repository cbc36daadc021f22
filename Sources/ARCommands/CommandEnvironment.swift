import Foundation

/// The environment variables the delivery settings read: the process's, with a task's own
/// values laid over them, so that tests run commands with their settings side by side without
/// changing the process environment that other tests read. An empty value counts as unset.
enum CommandEnvironment {
    @TaskLocal static var overrides: [String: String] = [:]

    static subscript(_ name: String) -> String? {
        let value = overrides[name] ?? ProcessInfo.processInfo.environment[name]
        return value?.isEmpty == true ? nil : value
    }
}
