import Foundation
import NNCore

/// The formats an explanation can be written in.
public enum ExplanationFormat: String, CaseIterable, Sendable {
    case text, markdown, html, latex

    /// The format a file name's extension asks for: .txt, .md, .html, .tex.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "txt", "text": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        case "tex", "latex": self = .latex
        default: return nil
        }
    }
}

extension Explanation {
    /// The explanation in `format`; `fragment` leaves out the HTML page or the LaTeX document around it,
    /// and starts Markdown headings one level down, so that a report (or a paper) can embed it.
    public func rendered(as format: ExplanationFormat, fragment: Bool = false) -> String {
        switch format {
        case .text: return TextExplanationWriter(explanation: self).write()
        case .markdown: return MarkdownExplanationWriter(explanation: self).write(fragment: fragment)
        case .html: return HTMLExplanationWriter(explanation: self).write(fragment: fragment)
        case .latex: return LaTeXExplanationWriter(explanation: self).write(fragment: fragment)
        }
    }

    /// The CSS the HTML fragment expects, in `colors`; the whole page includes it.
    public static func htmlStyleSheet(_ colors: PageColors = .light) -> String {
        """
        .nnviz-explanation { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.5; color: \(colors.text.hexString); max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
        .nnviz-explanation h1 { font-size: 1.6rem; border-bottom: 2px solid \(colors.rule.hexString); padding-bottom: .3rem; }
        .nnviz-explanation h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid \(colors.rule.hexString); padding-bottom: .2rem; }
        .nnviz-explanation h3 { font-size: 1.05rem; margin-top: 1.4rem; color: \(colors.subheading.hexString); }
        .nnviz-explanation p { overflow-wrap: anywhere; }
        .nnviz-explanation math { font-size: 1.1em; }
        .nnviz-explanation math[display="block"] { margin: .6rem 0; }
        .nnviz-explanation mtable.cases > mtr > mtd { text-align: left; padding-right: 1em; }
        .nnviz-explanation table.equation { margin: .6rem auto; border-collapse: collapse; }
        .nnviz-explanation table.equation td { padding: .1rem 0; vertical-align: middle; }
        .nnviz-explanation table.equation td.left { text-align: right; padding-right: .3em; }
        .nnviz-explanation table.equation td.right { text-align: left; }
        .nnviz-explanation table.values { border-collapse: collapse; margin: .8rem 0; }
        .nnviz-explanation table.values caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .3rem; }
        .nnviz-explanation table.values th, .nnviz-explanation table.values td { border: 1px solid \(colors.rule.hexString); padding: .25rem .6rem; }
        .nnviz-explanation table.values th { background: \(colors.fill.hexString); }
        .nnviz-explanation table.values td.num { text-align: right; font-variant-numeric: tabular-nums; }
        /* On a narrow screen wide equations and tables scroll in their own frame rather than widen the page. */
        .nnviz-explanation table.equation, .nnviz-explanation table.values {
          display: block; width: fit-content; max-width: 100%; overflow-x: auto; }
        .nnviz-explanation math[display="block"] { display: block math; max-width: 100%; overflow-x: auto; }
        """
    }
}

/// Plain text for a terminal: Unicode maths, aligned equations and columns.
struct TextExplanationWriter {
    var explanation: Explanation
    var width = 100

    var math: UnicodeMathWriter { UnicodeMathWriter(digits: explanation.precision) }

    func inline(_ pieces: [Inline]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text), let .strong(text): return text
            case let .math(m): return math.write(m).trimmingCharacters(in: .whitespaces)
            }
        }.joined()
    }

    func wrap(_ text: String, indent: String = "") -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width - indent.count {
                lines.append(indent + line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append(indent + line) }
        return lines
    }

    func display(_ rows: [DisplayRow]) -> [String] {
        let lefts = rows.map { math.write($0.left).trimmingCharacters(in: .whitespaces) }
        let rights = rows.map { math.write($0.right).trimmingCharacters(in: .whitespaces) }
        let leftWidth = lefts.map(\.count).max() ?? 0
        return zip(lefts, rights).map { left, right in
            let padded = String(repeating: " ", count: leftWidth - left.count) + left
            return ("    " + padded + " " + right).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    func table(_ table: ExplanationTable) -> [String] {
        let header = table.columns.map { inline($0.title) }
        let cells = table.rows.map { $0.map(inline) }
        let widths = table.columns.indices.map { column in
            ([header[column]] + cells.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            let parts = values.enumerated().map { column, value in
                let padding = String(repeating: " ", count: widths[column] - value.count)
                return table.columns[column].numeric ? padding + value : value + padding
            }
            return ("    " + parts.joined(separator: "   ")).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = ["  " + table.caption + ":", line(header)]
        lines.append("    " + widths.map { String(repeating: "─", count: $0) }.joined(separator: "   "))
        lines += cells.map(line)
        return lines
    }

    func write() -> String {
        var lines = [explanation.title, String(repeating: "═", count: explanation.title.count), ""]
        for paragraph in explanation.introduction {
            lines += wrap(inline(paragraph))
            lines.append("")
        }
        for (number, section) in explanation.sections.enumerated() {
            let title = "\(number + 1). \(section.title)"
            lines += [title, String(repeating: "─", count: title.count), ""]
            for block in section.blocks {
                switch block {
                case let .heading(text): lines.append("▸ " + text)
                case let .paragraph(pieces): lines += wrap(inline(pieces), indent: "  ")
                case let .display(rows): lines += display(rows)
                case let .table(table): lines += self.table(table)
                }
                lines.append("")
            }
        }
        while lines.last == "" { lines.removeLast() }
        // Names from the model file reach the terminal: no control character goes with them.
        return lines.map(Sanitized.text).joined(separator: "\n") + "\n"
    }
}

/// Markdown with `$…$` and `$$…$$` maths, as GitHub and most static-site generators render it.
struct MarkdownExplanationWriter {
    var explanation: Explanation

    var math: LaTeXMathWriter { LaTeXMathWriter(digits: explanation.precision) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in Sanitized.text(text) {
            if "\\`*_[]<>|$#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    func inline(_ pieces: [Inline]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return Self.escape(text)
            case let .strong(text): return "**" + Self.escape(text) + "**"
            case let .math(m): return "$" + math.write(m).trimmingCharacters(in: .whitespaces) + "$"
            }
        }.joined()
    }

    func write(fragment: Bool) -> String {
        let level = fragment ? "#" : ""
        var out = level + "# " + Self.escape(explanation.title) + "\n\n"
        for paragraph in explanation.introduction { out += inline(paragraph) + "\n\n" }
        for (number, section) in explanation.sections.enumerated() {
            out += level + "## \(number + 1). " + Self.escape(section.title) + "\n\n"
            for block in section.blocks {
                switch block {
                case let .heading(text): out += level + "### " + Self.escape(text) + "\n\n"
                case let .paragraph(pieces): out += inline(pieces) + "\n\n"
                case let .display(rows): out += "$$\n" + math.display(rows) + "\n$$\n\n"
                case let .table(table):
                    out += "**" + Self.escape(table.caption) + "**\n\n"
                    out += "| " + table.columns.map { inline($0.title) }.joined(separator: " | ") + " |\n"
                    out += "|" + table.columns.map { $0.numeric ? " ---: |" : " --- |" }.joined() + "\n"
                    for row in table.rows { out += "| " + row.map(inline).joined(separator: " | ") + " |\n" }
                    out += "\n"
                }
            }
        }
        return out.trimmingCharacters(in: .newlines) + "\n"
    }
}

/// A LaTeX document (amsmath), or its body alone as a fragment.
struct LaTeXExplanationWriter {
    var explanation: Explanation

    var math: LaTeXMathWriter { LaTeXMathWriter(digits: explanation.precision) }

    func inline(_ pieces: [Inline]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return LaTeXText.escapeRunning(text)
            case let .strong(text): return "\\textbf{" + LaTeXText.escapeRunning(text) + "}"
            case let .math(m): return "$" + math.write(m) + "$"
            }
        }.joined()
    }

    func display(_ rows: [DisplayRow]) -> String {
        if rows.count == 1 { return "\\[\n  " + math.display(rows) + "\n\\]" }
        return "\\begin{align*}\n" + rows.map { "  " + math.alignedRow($0) }.joined(separator: " \\\\\n") + "\n\\end{align*}"
    }

    func write(fragment: Bool) -> String {
        var out = ""
        if !fragment {
            out += """
                \\documentclass[11pt]{article}
                \\usepackage[utf8]{inputenc}
                \\usepackage[T1]{fontenc}
                \\usepackage{amsmath,amssymb}
                \\usepackage[margin=2cm]{geometry}
                \\allowdisplaybreaks
                \\title{\(LaTeXText.escapeRunning(explanation.title))}
                \\date{}
                \\begin{document}
                \\maketitle

                """
        } else {
            out += "\\section*{\(LaTeXText.escapeRunning(explanation.title))}\n\n"
        }
        for paragraph in explanation.introduction { out += inline(paragraph) + "\n\n" }
        for (number, section) in explanation.sections.enumerated() {
            out += "\\subsection*{\(number + 1). \(LaTeXText.escapeRunning(section.title))}\n\n"
            for block in section.blocks {
                switch block {
                case let .heading(text): out += "\\subsubsection*{\(LaTeXText.escapeRunning(text))}\n\n"
                case let .paragraph(pieces): out += inline(pieces) + "\n\n"
                case let .display(rows): out += display(rows) + "\n\n"
                case let .table(table):
                    let spec = table.columns.map { $0.numeric ? "r" : "l" }.joined()
                    out += "\\begin{center}\n\\textbf{\(LaTeXText.escapeRunning(table.caption))}\\\\[4pt]\n"
                    out += "\\begin{tabular}{\(spec)}\n\\hline\n"
                    out += table.columns.map { inline($0.title) }.joined(separator: " & ") + " \\\\\n\\hline\n"
                    for row in table.rows { out += row.map(inline).joined(separator: " & ") + " \\\\\n" }
                    out += "\\hline\n\\end{tabular}\n\\end{center}\n\n"
                }
            }
        }
        if !fragment { out += "\\end{document}\n" }
        return out.trimmingCharacters(in: .newlines) + "\n"
    }
}

/// A self-contained HTML page whose maths is MathML: no script, no network. Also well-formed XML.
struct HTMLExplanationWriter {
    var explanation: Explanation

    var math: MathMLWriter { MathMLWriter(digits: explanation.precision) }

    func inline(_ pieces: [Inline]) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): return HTMLText.escape(text)
            case let .strong(text): return "<strong>" + HTMLText.escape(text) + "</strong>"
            case let .math(m): return math.inline(m)
            }
        }.joined()
    }

    func write(fragment: Bool) -> String {
        var body = "<section class=\"nnviz-explanation\">\n"
        body += "<h1>\(HTMLText.escape(explanation.title))</h1>\n"
        for paragraph in explanation.introduction { body += "<p>\(inline(paragraph))</p>\n" }
        for (number, section) in explanation.sections.enumerated() {
            body += "<h2 id=\"explain-\(HTMLText.escape(section.anchor))\">\(number + 1). \(HTMLText.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case let .heading(text): body += "<h3>\(HTMLText.escape(text))</h3>\n"
                case let .paragraph(pieces): body += "<p>\(inline(pieces))</p>\n"
                case let .display(rows): body += math.display(rows) + "\n"
                case let .table(table):
                    body += "<table class=\"values\">\n<caption>\(HTMLText.escape(table.caption))</caption>\n<thead><tr>"
                    body += table.columns.map { "<th>\(inline($0.title))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                    for row in table.rows {
                        body += "<tr>" + zip(table.columns, row).map { column, cell in
                            "<td\(column.numeric ? " class=\"num\"" : "")>\(inline(cell))</td>"
                        }.joined() + "</tr>\n"
                    }
                    body += "</tbody>\n</table>\n"
                }
            }
        }
        body += "</section>\n"
        if fragment { return body }
        return HTMLText.page(title: explanation.title, styleSheet: Explanation.htmlStyleSheet(), body: body)
    }
}
