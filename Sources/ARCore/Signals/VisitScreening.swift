/// Tells a person's open or click from a machine's. Mail privacy proxies fetch every image of a
/// message as it arrives (Gmail's image proxy, Yahoo's, Apple Mail Privacy Protection), and
/// corporate link scanners follow every link (Microsoft Safe Links, Proofpoint, Mimecast,
/// Barracuda): counting those as opens would make every customer look engaged and steer the
/// planner wrong. Such visits are recorded, flagged with the reason, and not counted.
public enum VisitScreening {
    /// A fetch this soon after the message left is taken to be the receiving side's proxy or
    /// scanner: people do not open a message within seconds of its delivery often enough to
    /// outweigh the machines that always do.
    public static let prefetchWindowSeconds: Int64 = 30

    /// User-agent fragments (lowercased) of image proxies that fetch on the reader's behalf.
    public static let proxyAgents = ["googleimageproxy", "ggpht.com", "yahoomailproxy", "yahoo! slurp", "bingpreview", "outlook-ios-proxy"]
    /// User-agent fragments (lowercased) of link scanners and other programs.
    public static let scannerAgents = ["bot", "crawler", "spider", "scanner", "safelinks", "proofpoint", "urldefense", "mimecast", "barracuda",
                                       "symantec", "forcepoint", "python-requests", "curl/", "wget", "go-http-client", "java/", "okhttp",
                                       "libwww", "httpclient", "preview"]

    /// Why the visit is probably a machine's, or nil when it looks like a person's.
    /// - Parameters:
    ///   - userAgent: the request's `User-Agent`, nil when it sent none.
    ///   - method: `GET`, `HEAD`, …
    ///   - secondsSinceSent: seconds from the message leaving to this visit, nil when unknown.
    public static func automatedReason(userAgent: String?, method: String, secondsSinceSent: Int64?) -> String? {
        if method.uppercased() == "HEAD" { return "a HEAD request (link checkers ask for headers only)" }
        guard let userAgent, !userAgent.isEmpty else { return "no user agent (programs send none, browsers always do)" }
        // ASCII lower case, byte by byte: this runs for every fetch of the open image.
        let agent = userAgent.utf8.map { (65...90).contains($0) ? $0 | 0x20 : $0 }
        if let fragment = proxyAgents.first(where: { contains(agent, $0) }) { return "a mail privacy proxy (\(fragment))" }
        if let fragment = scannerAgents.first(where: { contains(agent, $0) }) { return "a link scanner or program (\(fragment))" }
        if let seconds = secondsSinceSent, seconds >= 0, seconds < prefetchWindowSeconds {
            return "\(seconds) s after delivery (within \(prefetchWindowSeconds) s: the receiving side's proxy or scanner)"
        }
        return nil
    }

    /// Whether `fragment` (lower-case ASCII) occurs in `text`.
    static func contains(_ text: [UInt8], _ fragment: String) -> Bool {
        let needle = Array(fragment.utf8)
        guard !needle.isEmpty, needle.count <= text.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = text.count - needle.count
        while index <= last {
            if text[index] == first {
                var matched = 1
                while matched < needle.count, text[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}
