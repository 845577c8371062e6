/// Writes a diagram description as DOT text, Graphviz's graph language.
///
/// Node ids come from nnviz; every piece of user text goes into an HTML-like label through
/// `escapedHTML`, so a name such as `a" -> b [label="x` or `<b>` is drawn literally and can
/// never change the graph. The same description always gives the same bytes.
public enum DOTWriter {
    public static func write(_ diagram: DiagramDescription) -> String {
        let scale = diagram.fontSize / Theme.defaultFontSize
        var out = "digraph nnviz {\n"
        var graph: [String] = [
            "bgcolor=\(quoted(diagram.background.hexString))",
            "fontcolor=\(quoted(diagram.foreground.hexString))",
            "fontname=\(quoted(diagram.fontFamily))",
            "fontsize=\(number(diagram.fontSize))",
            "rankdir=\(diagram.rankDirection.rawValue)",
            "nodesep=\(number(diagram.nodeSeparation))",
            "ranksep=\(number(diagram.rankSeparation))",
            "outputorder=edgesfirst",
            "pad=0.2",
        ]
        if diagram.straightEdges { graph.append("splines=line") }
        // Pinned nodes: Graphviz's nop engine keeps every position and only routes the edges.
        if diagram.pinned { graph.append("layout=nop") }
        if let dpi = diagram.dpi { graph.append("dpi=\(dpi)") }
        // The title goes above the diagram with the caption under it; a caption alone goes below.
        // (A cluster could carry the title separately, but clusters undo the order of neurons in a rank.)
        if let title = diagram.title {
            var label = "<table border=\"0\" cellspacing=\"0\" cellpadding=\"2\"><tr><td>"
                + htmlLine([TextRun(title, bold: true, size: 15)], scale: scale) + "</td></tr>"
            if let caption = diagram.caption { label += "<tr><td>" + htmlBody(caption, scale: scale) + "</td></tr>" }
            graph += ["label=<" + label + "</table>>", "labelloc=t", "labeljust=c"]
        } else if let caption = diagram.caption {
            graph += ["label=\(html(caption, scale: scale))", "labelloc=b", "labeljust=c"]
        }
        out += "\tgraph [\(graph.joined(separator: " "))]\n"
        out += "\tnode [fontname=\(quoted(diagram.fontFamily)) fontsize=\(number(diagram.fontSize)) fontcolor=\(quoted(diagram.foreground.hexString))"
            + " color=\(quoted(diagram.lineColor.hexString)) penwidth=1]\n"
        out += "\tedge [color=\(quoted(diagram.lineColor.hexString)) penwidth=1 arrowsize=0.7]\n"
        for node in diagram.nodes {
            out += "\t" + node.id + " [" + attributes(of: node, scale: scale).joined(separator: " ") + "]\n"
        }
        for rank in diagram.ranks where !rank.isEmpty {
            out += "\t{ rank=same; " + rank.joined(separator: "; ") + " }\n"
        }
        for edge in diagram.edges {
            let list = attributes(of: edge)
            out += "\t\(edge.from) -> \(edge.to)" + (list.isEmpty ? "" : " [" + list.joined(separator: " ") + "]") + "\n"
        }
        out += "}\n"
        return out
    }

    static func attributes(of node: DiagramNode, scale: Double = 1) -> [String] {
        var list: [String] = []
        var style: [String] = []
        switch node.shape {
        case .none: list += ["shape=none", "margin=0"]
        case .box: list.append("shape=box")
        case .roundedBox:
            list.append("shape=box")
            style.append("rounded")
        case .circle: list.append("shape=circle")
        }
        if node.dashed { style.append("dashed") }
        if let fill = node.fill {
            style.append("filled")
            list.append("fillcolor=\(quoted(fill.hexString))")
        }
        if !style.isEmpty { list.append("style=\(quoted(style.joined(separator: ",")))") }
        if let border = node.border { list.append("color=\(quoted(border.hexString))") }
        if let textColor = node.textColor { list.append("fontcolor=\(quoted(textColor.hexString))") }
        if let size = node.size {
            list += ["fixedsize=true", "width=\(number(size.width))", "height=\(number(size.height))"]
        }
        if let fontSize = node.fontSize { list.append("fontsize=\(number(fontSize * scale))") }
        if let position = node.position { list.append("pos=\"\(number(position.x)),\(number(position.y))\"") }
        if let width = node.minimumWidth, case .lines = node.label { list.append("width=\(number(width / 72))") }
        list.append("label=<" + htmlBody(node.label, scale: scale, minimumWidth: node.minimumWidth) + ">")
        return list
    }

    static func attributes(of edge: DiagramEdge) -> [String] {
        if edge.invisible { return ["style=invis"] }
        var list: [String] = []
        if edge.color != nil || edge.opacity < 1 {
            list.append("color=\(quoted(colorWithOpacity(edge.color, edge.opacity)))")
        }
        if edge.penWidth != 1 { list.append("penwidth=\(number(edge.penWidth))") }
        if edge.dashed { list.append("style=dashed") }
        if !edge.arrowhead { list.append("arrowhead=none") }
        if let port = edge.tailPort { list.append("tailport=\(port.rawValue)") }
        if let port = edge.headPort { list.append("headport=\(port.rawValue)") }
        return list
    }

    /// `#rrggbb`, or `#rrggbbaa` when the colour is translucent.
    static func colorWithOpacity(_ color: RGB?, _ opacity: Double) -> String {
        let base = (color ?? RGB(0, 0, 0)).hexString
        guard opacity < 1 else { return base }
        let alpha = String(Int((min(max(opacity, 0), 1) * 255).rounded()), radix: 16)
        return base + (alpha.count == 1 ? "0" + alpha : alpha)
    }

    /// A label as Graphviz's HTML-like label: `<…>`.
    /// A label as Graphviz's HTML-like label, its text sizes times `scale`.
    static func html(_ label: DiagramLabel, scale: Double = 1) -> String {
        "<" + htmlBody(label, scale: scale) + ">"
    }

    /// The label's HTML, its text sizes times `scale`; a table `minimumWidth` points wide (border
    /// included) when one is given.
    static func htmlBody(_ label: DiagramLabel, scale: Double = 1, minimumWidth: Double? = nil) -> String {
        switch label {
        case let .lines(lines):
            return lines.map { htmlLine($0, scale: scale) }.joined(separator: "<br/>")
        case let .table(rows, border, fill):
            var table = "<table border=\"\(border == nil ? 0 : 1)\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"4\""
            if let border { table += " color=\"\(border.hexString)\" style=\"rounded\"" }
            if let fill { table += " bgcolor=\"\(fill.hexString)\"" }
            table += ">"
            // Graphviz leaves a wider table's extra width empty at its right, but spreads a wider cell's
            // over the columns it spans: so the width goes on the first cell spanning every column.
            let columns = rows.map { row in if case let .cells(cells) = row { cells.reduce(0) { $0 + $1.columnSpan } } else { 0 } }.max() ?? 0
            let spanning = minimumWidth == nil ? nil : rows.firstIndex { row in
                if case let .cells(cells) = row { cells.count == 1 && cells[0].columnSpan == columns } else { false }
            }
            if let minimumWidth, spanning == nil { table = String(table.dropLast()) + " width=\"\(Int(minimumWidth.rounded(.up)))\">" }
            var previousWasRule = true
            for (index, row) in rows.enumerated() {
                switch row {
                case .rule:
                    // Graphviz allows a rule only between two rows.
                    let rowFollows = rows[(index + 1)...].contains { if case .cells = $0 { return true } else { return false } }
                    if !previousWasRule, rowFollows { table += "<hr/>" }
                    previousWasRule = true
                case let .cells(cells):
                    if index == spanning, let minimumWidth {
                        let width = Int(minimumWidth.rounded(.up)) - (border == nil ? 0 : 2)
                        table += "<tr>" + htmlCell(cells[0], scale: scale, width: width) + "</tr>"
                    } else {
                        table += "<tr>" + cells.map { htmlCell($0, scale: scale) }.joined() + "</tr>"
                    }
                    previousWasRule = false
                }
            }
            return table + "</table>"
        }
    }

    static func htmlCell(_ cell: DiagramCell, scale: Double = 1, width: Int? = nil) -> String {
        var td = "<td"
        if cell.columnSpan > 1 { td += " colspan=\"\(cell.columnSpan)\"" }
        if let width { td += " width=\"\(width)\"" }
        if cell.alignment != .center { td += " align=\"\(cell.alignment.rawValue)\" balign=\"\(cell.alignment.rawValue)\"" }
        if let fill = cell.fill { td += " bgcolor=\"\(fill.hexString)\"" }
        td += ">"
        // An empty cell still needs text for Graphviz to size it; a space keeps it empty to the eye.
        let body = cell.lines.map { htmlLine($0, scale: scale) }.joined(separator: "<br/>")
        return td + (body.isEmpty ? " " : body) + "</td>"
    }

    static func htmlLine(_ line: TextLine, scale: Double = 1) -> String {
        line.map { run in
            var text = escapedHTML(run.text)
            if run.bold { text = "<b>" + text + "</b>" }
            var font: [String] = []
            if let color = run.color { font.append("color=\"\(color.hexString)\"") }
            if let size = run.size { font.append("point-size=\"\(number(size * scale))\"") }
            if !font.isEmpty { text = "<font " + font.joined(separator: " ") + ">" + text + "</font>" }
            return text
        }.joined()
    }

    /// Text made safe inside an HTML-like label: markup characters become entities, a backslash is
    /// doubled, and control characters (which Graphviz cannot draw, and a NUL would cut the DOT short) become U+FFFD.
    public static func escapedHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Graphviz expands \N, \G, \L, … even in HTML-like labels; a doubled backslash draws one.
            case "\\": out += "\\\\"
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A number with at most three decimals and no trailing zeros: 0.3, 1.25, 2.
    static func number(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let whole = thousandths / 1000
        var fraction = abs(thousandths % 1000)
        guard fraction != 0 else { return String(whole) }
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        let sign = thousandths < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
    }
}
