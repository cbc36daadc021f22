/// Files that pre-MIME clients (and some Outlook versions still) put into a plain-text body
/// as uuencoded blocks: `begin 644 name` … `end`. They are attachments, not text.
public enum UUEncodedFiles {
    public struct File: Sendable, Equatable {
        public let name: String
        public let bytes: [UInt8]
    }

    /// The text without its uuencoded blocks, and the files they held.
    public static func extract(from text: String) -> (text: String, files: [File]) {
        guard text.contains("begin ") else { return (text, []) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var files: [File] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingSuffix("\r")
            if let name = beginName(line), let end = lines[(index + 1)...].firstIndex(where: { $0.trimmingSuffix("\r") == "end" }) {
                var bytes: [UInt8] = []
                for body in lines[(index + 1)..<end] { bytes.append(contentsOf: decodeLine(body.trimmingSuffix("\r"))) }
                files.append(File(name: name, bytes: bytes))
                index = end + 1
                continue
            }
            kept.append(lines[index])
            index += 1
        }
        return (kept.joined(separator: "\n"), files)
    }

    /// `begin 644 name.png` → `name.png`.
    static func beginName(_ line: Substring) -> String? {
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[0] == "begin", parts[1].count >= 3, parts[1].count <= 4,
              parts[1].allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return String(parts[2])
    }

    /// One line: a length character, then groups of four characters for three bytes each.
    static func decodeLine(_ line: Substring) -> [UInt8] {
        let bytes = Array(line.utf8)
        guard let first = bytes.first else { return [] }
        let length = Int((first &- 0x20) & 0x3F)
        var output: [UInt8] = []
        var index = 1
        while output.count < length, index < bytes.count {
            var group: [UInt8] = []
            for offset in 0..<4 {
                let byte = index + offset < bytes.count ? bytes[index + offset] : 0x20
                group.append((byte &- 0x20) & 0x3F)
            }
            output.append(group[0] << 2 | group[1] >> 4)
            output.append((group[1] & 0x0F) << 4 | group[2] >> 2)
            output.append((group[2] & 0x03) << 6 | group[3])
            index += 4
        }
        return Array(output.prefix(length))
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: Character) -> Substring { last == suffix ? dropLast() : self }
}
