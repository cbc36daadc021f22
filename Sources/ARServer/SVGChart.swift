import ARCore

/// Charts drawn on the server as inline SVG: no JavaScript, nothing to load, readable on a phone
/// and printable. Every text a chart writes goes through ``escape(_:)``, which is what makes it
/// safe for the one kind of unescaped template value (`{{{chart}}}`) the pages use.
enum SVGChart {
    struct Bar {
        var label: String
        /// Minor units (or any integer measure); bars scale to the largest.
        var value: Int64
        var caption: String
    }

    static let width = 640
    static let height = 220
    static let margin = (top: 16, right: 12, bottom: 40, left: 12)

    /// Vertical bars with the label below and the caption (the formatted amount) above each bar.
    static func bars(_ bars: [Bar], title: String) -> String {
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        let plotHeight = height - margin.top - margin.bottom
        let slot = bars.isEmpty ? 0 : (width - margin.left - margin.right) / bars.count
        var svg = open(title)
        for (index, bar) in bars.enumerated() {
            let barHeight = Int(Int128(max(bar.value, 0)) * Int128(plotHeight - 14) / Int128(largest))
            let x = margin.left + index * slot + slot / 8
            let y = margin.top + plotHeight - barHeight
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(slot * 3 / 4)\" height=\"\(barHeight)\" fill=\"\(index == 0 ? "#7a9cc6" : "#c0504d")\" opacity=\"\(index == 0 ? "1" : "0.\(5 + min(index, 4))")\"><title>\(escape(bar.label)): \(escape(bar.caption))</title></rect>"
            svg += "<text x=\"\(x + slot * 3 / 8)\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"11\">\(escape(bar.caption))</text>"
            svg += "<text x=\"\(x + slot * 3 / 8)\" y=\"\(height - margin.bottom + 16)\" text-anchor=\"middle\" font-size=\"11\">\(escape(bar.label))</text>"
        }
        return svg + "</svg>"
    }

    struct Point {
        var label: String
        /// Hundredths (days, percent); nil where the month has no figure.
        var value: Int64?
    }

    /// A line through the months that have a figure, with each point's value as a tooltip and
    /// the first and last labels on the axis.
    static func line(_ points: [Point], title: String, unit: String) -> String {
        let values = points.compactMap(\.value)
        var svg = open(title, height: 140)
        guard let low = values.min(), let high = values.max() else {
            return svg + "<text x=\"\(width / 2)\" y=\"70\" text-anchor=\"middle\" font-size=\"12\">no figures yet</text></svg>"
        }
        let plotHeight = 140 - 24 - 30
        let span = max(high - low, 1)
        let step = points.count > 1 ? (width - 60) / (points.count - 1) : 0
        var path = ""
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            let x = 30 + index * step
            let y = 24 + plotHeight - Int(Int128(value - low) * Int128(plotHeight) / Int128(span))
            path += path.isEmpty ? "M\(x),\(y)" : " L\(x),\(y)"
            svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"3\" fill=\"#1d4e89\"><title>\(escape(point.label)): \(escape(format(value))) \(escape(unit))</title></circle>"
        }
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#1d4e89\" stroke-width=\"2\"/>"
        svg += "<text x=\"4\" y=\"14\" font-size=\"11\">\(escape(title)): \(escape(format(values.last ?? 0))) \(escape(unit)) (range \(escape(format(low)))–\(escape(format(high))))</text>"
        if let first = points.first, let last = points.last {
            svg += "<text x=\"30\" y=\"132\" font-size=\"10\">\(escape(first.label))</text>"
            svg += "<text x=\"\(width - 30)\" y=\"132\" font-size=\"10\" text-anchor=\"end\">\(escape(last.label))</text>"
        }
        return svg + "</svg>"
    }

    private static func open(_ title: String, height: Int = SVGChart.height) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\" class=\"chart\">"
    }

    private static func format(_ hundredths: Int64) -> String { Hundredths(value: hundredths).description }

    /// XML text and attribute escaping: the five characters that could end a text or an attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
