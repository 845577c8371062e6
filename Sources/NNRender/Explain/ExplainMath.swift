import Foundation
import NNCore

/// Writes `Math` as plain Unicode text: subscripts and superscripts as Unicode characters where they
/// exist (z₁⁽¹⁾, e⁻ᶻ), otherwise as `_(…)` and `^(…)`.
struct UnicodeMathWriter {
    var digits: Int
    /// Operators without spaces around them, as inside subscripts and superscripts.
    var compact = false

    static let spacedOperators: Set<String> = ["=", "+", "−", "←", "≈", "∈", "⊙", "→", "<", ">", "∣", "×"]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "−": "₋", "=": "₌", "(": "₍", ")": "₎", ",": ",",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "o": "ₒ",
        "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "×": "ˣ",
        "a": "ᵃ", "b": "ᵇ", "e": "ᵉ", "i": "ⁱ", "j": "ʲ", "k": "ᵏ", "l": "ˡ", "n": "ⁿ", "x": "ˣ", "z": "ᶻ", "T": "ᵀ",
    ]

    func number(_ value: Double) -> String {
        let rounded = RoundedNumber(value, digits: digits)
        var text = (rounded.negative ? "−" : "") + rounded.mantissa
        if let exponent = rounded.exponent { text += "×10" + script(String(exponent).replacingOccurrences(of: "-", with: "−"), Self.superscripts, "^") }
        return text
    }

    func script(_ math: Math, _ table: [Character: Character], _ marker: String) -> String {
        var inner = self
        inner.compact = true
        return script(inner.write(math), table, marker)
    }

    func script(_ text: String, _ table: [Character: Character], _ marker: String) -> String {
        if !text.isEmpty, text.allSatisfy({ table[$0] != nil }) { return String(text.compactMap { table[$0] }) }
        return marker + (text.count == 1 ? text : "(" + text + ")")
    }

    func write(_ math: Math) -> String {
        switch math {
        case let .identifier(name): return name
        case let .number(value): return number(value)
        case let .literal(text): return text.replacingOccurrences(of: "-", with: "−")
        case let .integer(value): return value < 0 ? "−\(-value)" : String(value)
        case let .text(text): return text
        case let .op(op):
            if compact { return op }
            if op == "," { return ", " }
            return Self.spacedOperators.contains(op) ? " \(op) " : op
        case let .function(name): return name
        case let .negative(inner): return "−" + write(inner)
        case let .row(items): return row(items)
        case let .sub(base, index): return write(base) + script(index, Self.subscripts, "_")
        case let .sup(base, exponent): return write(base) + script(exponent, Self.superscripts, "^")
        case let .subSup(base, index, exponent):
            return write(base) + script(index, Self.subscripts, "_") + script(exponent, Self.superscripts, "^")
        case let .fraction(numerator, denominator):
            return grouped(write(numerator)) + "/" + grouped(write(denominator))
        case let .fenced(inner, open, close): return open + write(inner) + close
        case let .bigOperator(symbol, under, over):
            return symbol + (under.map { script($0, Self.subscripts, "_") } ?? "") + (over.map { script($0, Self.superscripts, "^") } ?? "")
        case let .cases(lines):
            return lines.map { line in
                write(line.value) + (line.condition.map { " if " + write($0) } ?? " otherwise")
            }.joined(separator: "; ")
        }
    }

    /// Brackets around a compound numerator or denominator.
    func grouped(_ text: String) -> String { text.contains(" ") ? "(" + text + ")" : text }

    /// Items one after another, with a space around function names and after big operators.
    func row(_ items: [Math]) -> String {
        var text = ""
        for (index, item) in items.enumerated() {
            let piece = write(item)
            switch item {
            case .function:
                if index > 0, !text.hasSuffix(" "), !text.hasSuffix("("), !text.hasSuffix("·") { text += " " }
                text += piece
                if index + 1 < items.count, case .fenced = items[index + 1] {} else if index + 1 < items.count { text += " " }
            case .bigOperator:
                text += piece + " "
            default:
                text += piece
            }
        }
        return text
    }
}

/// Writes `Math` as LaTeX, for the LaTeX document and for Markdown's `$…$` maths.
struct LaTeXMathWriter {
    var digits: Int

    static let symbols: [String: String] = [
        "η": "\\eta", "δ": "\\delta", "μ": "\\mu", "σ": "\\sigma", "Φ": "\\Phi", "ŷ": "\\hat{y}", "x′": "x'", "f′": "f'",
        "γ": "\\gamma", "β": "\\beta", "ε": "\\varepsilon", "√": "\\surd", "ℝ": "\\mathbb{R}", "Σ": "\\sum", "−": "-", "·": "\\cdot", "×": "\\times", "←": "\\leftarrow", "→": "\\rightarrow",
        "∈": "\\in", "⊙": "\\odot", "∣": "\\mid", "⋯": "\\cdots", "∂": "\\partial", "≈": "\\approx", "√2": "\\sqrt{2}",
        "∇": "\\nabla ", "‖": "\\Vert", "<": "<", ">": ">",
    ]
    static let knownFunctions: Set<String> = ["max", "min", "ln", "exp", "tanh", "log"]

    func number(_ value: Double) -> String {
        let rounded = RoundedNumber(value, digits: digits)
        var text = (rounded.negative ? "-" : "") + rounded.mantissa
        if rounded.mantissa == "∞" { text = (rounded.negative ? "-" : "") + "\\infty" }
        if let exponent = rounded.exponent { text += " \\times 10^{\(exponent)}" }
        return text
    }

    func write(_ math: Math) -> String {
        switch math {
        case let .identifier(name):
            if let symbol = Self.symbols[name] { return symbol }
            if name.count > 1, name.hasSuffix("′") { return write(.identifier(String(name.dropLast()))) + "'" }
            return name.count == 1 ? name : "\\mathit{\(LaTeXText.escape(name))}"
        case let .number(value): return number(value)
        case let .literal(text): return text
        case let .integer(value): return String(value)
        case let .text(text): return "\\text{\(LaTeXText.escape(text))}"
        case let .op(op):
            let symbol = Self.symbols[op] ?? LaTeXText.escape(op)
            if op == "," { return ", " }
            return UnicodeMathWriter.spacedOperators.contains(op) || op == "·" ? " \(symbol) " : symbol
        case let .function(name):
            return Self.knownFunctions.contains(name) ? "\\\(name)" : "\\operatorname{\(LaTeXText.escape(name))}"
        case let .negative(inner): return "-" + write(inner)
        case let .row(items): return row(items.map(write))
        case let .sub(base, index): return "\(nucleus(base))_{\(bare(index))}"
        case let .sup(base, exponent): return "\(nucleus(base))^{\(bare(exponent))}"
        case let .subSup(base, index, exponent): return "\(nucleus(base))_{\(bare(index))}^{\(bare(exponent))}"
        case let .fraction(numerator, denominator): return "\\frac{\(write(numerator))}{\(write(denominator))}"
        case let .fenced(inner, open, close):
            if inner.isTall { return "\\left\(delimiter(open)) \(write(inner)) \\right\(delimiter(close))" }
            return (open == "‖" ? "\\lVert " : delimiter(open)) + write(inner) + (close == "‖" ? "\\rVert " : delimiter(close))
        case let .bigOperator(symbol, under, over):
            return (Self.symbols[symbol] ?? symbol) + (under.map { "_{\(bare($0))}" } ?? "") + (over.map { "^{\(bare($0))}" } ?? "")
        case let .cases(lines):
            let body = lines.map { line in
                write(line.value) + " & " + (line.condition.map { "\\text{if } " + write($0) } ?? "\\text{otherwise}")
            }.joined(separator: " \\\\ ")
            return "\\begin{cases} \(body) \\end{cases}"
        }
    }

    /// Pieces one after another, with a space only where two letters would run together.
    func row(_ pieces: [String]) -> String {
        var out = ""
        for piece in pieces {
            if let last = out.last, let first = piece.first, last.isLetter, first.isLetter || first == "\\" {
                out += " "
            }
            out += piece
        }
        return out.replacingOccurrences(of: "  ", with: " ")
    }

    /// The base of a script, in braces unless it is one symbol.
    func nucleus(_ math: Math) -> String {
        let text = write(math)
        if case .identifier = math, !text.hasSuffix("'") { return text }
        return "{" + text + "}"
    }

    /// A script's contents without the spaces around operators.
    func bare(_ math: Math) -> String {
        write(math).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " = ", with: "=").replacingOccurrences(of: ", ", with: ",")
            .replacingOccurrences(of: " \\times ", with: "\\times ")
    }

    func delimiter(_ symbol: String) -> String {
        switch symbol {
        case "{": return "\\{"
        case "}": return "\\}"
        case "‖": return "\\Vert"
        default: return symbol
        }
    }

    /// Aligned rows: `left &right \\ …`, or one plain line.
    func display(_ rows: [DisplayRow]) -> String {
        if rows.count == 1 {
            return (write(rows[0].left).trimmingCharacters(in: .whitespaces) + " " + write(rows[0].right).trimmingCharacters(in: .whitespaces))
                .trimmingCharacters(in: .whitespaces)
        }
        return "\\begin{aligned}\n" + rows.map { "  " + alignedRow($0) }.joined(separator: " \\\\\n") + "\n\\end{aligned}"
    }

    /// `left &right`; a continuation line (empty left) is indented and keeps its leading operator binary.
    func alignedRow(_ row: DisplayRow) -> String {
        let left = write(row.left).trimmingCharacters(in: .whitespaces)
        let right = write(row.right).trimmingCharacters(in: .whitespaces)
        if left.isEmpty { return right.hasPrefix("=") ? "&" + right : "&\\quad {} " + right }
        return left + " &" + right
    }
}

/// Escaping of text for LaTeX.
enum LaTeXText {
    static let replacements: [Character: String] = [
        "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&", "#": "\\#", "%": "\\%",
        "_": "\\_", "^": "\\^{}", "~": "\\~{}", "<": "\\textless{}", ">": "\\textgreater{}",
    ]
    /// Characters that pdfLaTeX's default fonts lack, written as maths in running text.
    static let textSymbols: [Character: String] = [
        "→": "$\\rightarrow$", "←": "$\\leftarrow$", "−": "$-$", "×": "$\\times$", "·": "$\\cdot$", "⋯": "$\\cdots$",
        "η": "$\\eta$", "δ": "$\\delta$", "μ": "$\\mu$", "σ": "$\\sigma$", "‖": "$\\Vert$", "∇": "$\\nabla$",
        "γ": "$\\gamma$", "β": "$\\beta$", "ε": "$\\varepsilon$", "√": "$\\surd$", "²": "$^2$", "′": "'",
        "∂": "$\\partial$", "…": "\\ldots{}", "“": "``", "”": "''", "‘": "`", "’": "'", "–": "--", "—": "---",
    ]

    static func escape(_ text: String) -> String {
        var out = ""
        for character in Sanitized.text(text) {
            if let replacement = replacements[character] {
                out += replacement
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Escapes running text, writing symbols the default fonts lack as maths.
    static func escapeRunning(_ text: String) -> String {
        var out = ""
        for character in Sanitized.text(text) {
            if let replacement = replacements[character] {
                out += replacement
            } else if let symbol = textSymbols[character] {
                out += symbol
            } else {
                out.append(character)
            }
        }
        return out
    }
}

/// Writes `Math` as MathML Core elements.
struct MathMLWriter {
    var digits: Int

    func number(_ value: Double) -> String {
        let rounded = RoundedNumber(value, digits: digits)
        var body = "<mn>\(rounded.mantissa)</mn>"
        if let exponent = rounded.exponent {
            let power = exponent < 0 ? "<mrow><mo>−</mo><mn>\(-exponent)</mn></mrow>" : "<mn>\(exponent)</mn>"
            body = "<mrow>\(body)<mo>×</mo><msup><mn>10</mn>\(power)</msup></mrow>"
        }
        return rounded.negative ? "<mrow><mo>−</mo>\(body)</mrow>" : body
    }

    func write(_ math: Math) -> String {
        switch math {
        case let .identifier(name):
            if name.count > 1, name.hasSuffix("′") {
                return "<mrow><mi>\(HTMLText.escape(String(name.dropLast())))</mi><mo>′</mo></mrow>"
            }
            return "<mi>\(HTMLText.escape(name))</mi>"
        case let .number(value): return number(value)
        case let .literal(text):
            return text.hasPrefix("-") ? "<mrow><mo>−</mo><mn>\(HTMLText.escape(String(text.dropFirst())))</mn></mrow>" : "<mn>\(HTMLText.escape(text))</mn>"
        case let .integer(value): return value < 0 ? "<mrow><mo>−</mo><mn>\(-value)</mn></mrow>" : "<mn>\(value)</mn>"
        case let .text(text): return "<mtext>\(HTMLText.escape(text))</mtext>"
        case let .op(op):
            if op == "∂" || op == "∇" { return "<mo rspace=\"0\">\(op)</mo>" }
            if op == "√2" { return "<msqrt><mn>2</mn></msqrt>" }
            return "<mo>\(HTMLText.escape(op))</mo>"
        case let .function(name): return "<mi>\(HTMLText.escape(name))</mi><mo>&#x2061;</mo>"
        case let .negative(inner): return "<mrow><mo>−</mo>\(write(inner))</mrow>"
        case let .row(items): return "<mrow>" + row(items) + "</mrow>"
        case let .sub(base, index): return "<msub>\(group(base))\(group(index))</msub>"
        case let .sup(base, exponent): return "<msup>\(group(base))\(group(exponent))</msup>"
        case let .subSup(base, index, exponent): return "<msubsup>\(group(base))\(group(index))\(group(exponent))</msubsup>"
        case let .fraction(numerator, denominator): return "<mfrac>\(group(numerator))\(group(denominator))</mfrac>"
        case let .fenced(inner, open, close):
            let stretchy = inner.isTall ? "true" : "false"
            return "<mrow><mo form=\"prefix\" stretchy=\"\(stretchy)\">\(HTMLText.escape(open))</mo>\(write(inner))"
                + "<mo form=\"postfix\" stretchy=\"\(stretchy)\">\(HTMLText.escape(close))</mo></mrow>"
        case let .bigOperator(symbol, under, over):
            let op = "<mo largeop=\"true\">\(symbol == "Σ" ? "∑" : HTMLText.escape(symbol))</mo>"
            switch (under, over) {
            case let (under?, over?): return "<munderover>\(op)\(group(under))\(group(over))</munderover>"
            case let (under?, nil): return "<munder>\(op)\(group(under))</munder>"
            case let (nil, over?): return "<mover>\(op)\(group(over))</mover>"
            case (nil, nil): return op
            }
        case let .cases(lines):
            let rows = lines.map { line in
                "<mtr><mtd>\(write(line.value))</mtd><mtd>"
                    + (line.condition.map { "<mtext>if&#xA0;</mtext>" + write($0) } ?? "<mtext>otherwise</mtext>") + "</mtd></mtr>"
            }.joined()
            return "<mrow><mo form=\"prefix\" stretchy=\"true\">{</mo><mtable class=\"cases\">\(rows)</mtable></mrow>"
        }
    }

    /// Items one after another, with a thin space around a function name that is not followed by brackets.
    func row(_ items: [Math]) -> String {
        var out = ""
        for (index, item) in items.enumerated() {
            if case .function = item {
                let previousIsOperator: Bool
                if index > 0, case .op = items[index - 1] { previousIsOperator = true } else { previousIsOperator = index == 0 }
                if !previousIsOperator { out += "<mspace width=\"0.1667em\"/>" }
                out += write(item)
                if index + 1 < items.count, !items[index + 1].isFenced { out += "<mspace width=\"0.1667em\"/>" }
            } else {
                out += write(item)
            }
        }
        return out
    }

    /// One element, as the scripts and fractions need.
    func group(_ math: Math) -> String {
        let text = write(math)
        if case .row = math { return text }
        if case .function = math { return "<mrow>\(text)</mrow>" }
        return text
    }

    /// A whole formula: one row as block maths; several rows as an HTML table of maths, aligned on their
    /// relations (browsers do not align MathML table cells).
    func display(_ rows: [DisplayRow]) -> String {
        let open = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\""
        if rows.count == 1 { return open + " display=\"block\"><mrow>\(write(rows[0].left))\(write(rows[0].right))</mrow></math>" }
        let body = rows.map { row in
            var right = write(row.right)
            if case let .row(items) = row.right, items.first == .op("+") { right = "<mspace width=\"1em\"/>" + right }
            return "<tr><td class=\"left\">\(open) displaystyle=\"true\">\(write(row.left))</math></td>"
                + "<td class=\"right\">\(open) displaystyle=\"true\">\(right)</math></td></tr>"
        }.joined(separator: "\n")
        return "<table class=\"equation\">\n\(body)\n</table>"
    }

    func inline(_ math: Math) -> String {
        "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">\(write(math))</math>"
    }
}

/// Escaping of text for HTML and XML, and the page around a body.
enum HTMLText {
    /// A whole XHTML page: `body` (which ends in a line break) under a head with `title` (escaped here)
    /// and `styleSheet`.
    static func page(title: String, styleSheet: String, body: String) -> String {
        """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escape(title))</title>
            <style>
            \(styleSheet)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where character.unicodeScalars.contains(where: { $0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0) }):
                // Control characters are not allowed in XHTML: shown as escapes.
                out += Sanitized.text(String(character))
            default: out.append(character)
            }
        }
        return out
    }
}

extension Math {
    var isFenced: Bool {
        if case .fenced = self { return true }
        return false
    }

    /// Whether the expression is taller than a line of text, so that brackets around it must grow.
    var isTall: Bool {
        switch self {
        case .fraction, .bigOperator, .cases: return true
        case let .row(items): return items.contains { $0.isTall }
        case let .negative(inner), let .fenced(inner, _, _): return inner.isTall
        case let .sub(base, _), let .sup(base, _), let .subSup(base, _, _): return base.isTall
        default: return false
        }
    }
}
