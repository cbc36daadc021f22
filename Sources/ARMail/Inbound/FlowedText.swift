/// `format=flowed` plain text (RFC 3676): lines ending in a space continue on the next line
/// (soft breaks, joined here), a leading space stuffed before `>`, `From ` or a space is
/// removed, and with `delsp=yes` the space before a soft break is deleted too.
public enum FlowedText {
    public static func unflow(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph: String?
        var paragraphDepth = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine.last == "\r" ? rawLine.dropLast() : rawLine)
            let depth = line.prefix(while: { $0 == ">" }).count
            line = line.dropFirst(depth)
            if line.first == " " { line = line.dropFirst() }
            let isSignature = line == "-- "
            let soft = line.last == " " && !isSignature
            var content = String(line)
            if soft && deleteSpace { content.removeLast() }
            if var current = paragraph, depth == paragraphDepth {
                current += content
                paragraph = current
            } else {
                if let current = paragraph { output.append(String(repeating: ">", count: paragraphDepth) + (paragraphDepth > 0 ? " " : "") + current) }
                paragraph = content
                paragraphDepth = depth
            }
            if !soft {
                if let current = paragraph { output.append(String(repeating: ">", count: depth) + (depth > 0 ? " " : "") + current) }
                paragraph = nil
            }
        }
        if let current = paragraph { output.append(String(repeating: ">", count: paragraphDepth) + (paragraphDepth > 0 ? " " : "") + current) }
        return output.joined(separator: "\n")
    }
}
