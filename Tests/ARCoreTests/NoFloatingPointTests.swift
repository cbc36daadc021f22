import Foundation
import Testing

/// Money never passes through floating point: no `Double` or `Float` in the code that parses,
/// stores, computes or reports amounts. (Progress rates and benchmark timings in ARCommands are
/// durations, not money.)
@Suite("No floating point on money paths")
struct NoFloatingPointTests {
    @Test("ARCore, ARAgent and ARStore use no Double or Float", arguments: ["ARCore", "ARAgent", "ARStore"])
    func noFloatingPoint(module: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/\(module)")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let pattern = try Regex(#"\b(Double|Float|Float32|Float64|CGFloat)\b"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && line.contains(pattern) {
                Issue.record("\(module)/\(file):\(number + 1) uses floating point: \(line)")
            }
        }
    }
}
