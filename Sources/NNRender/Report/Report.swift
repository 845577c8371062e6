import NNCore

/// One picture of a report: an image file beside the page, what it shows in words, and the nnviz
/// command that makes it on its own.
public struct ReportFigure: Equatable, Sendable {
    public var file: String
    public var title: String
    /// What the picture shows, for readers who cannot see it.
    public var alt: String
    public var command: String
    /// The picture's own size in CSS pixels, as its SVG declares it (`nil` when unknown).
    public var width: Int?
    public var height: Int?

    public init(file: String, title: String, alt: String, command: String, width: Int? = nil, height: Int? = nil) {
        self.file = file
        self.title = title
        self.alt = alt
        self.command = command
        self.width = width
        self.height = height
    }

    /// The size an SVG declares on its root element, in CSS pixels: `width="188pt"` is 251 px
    /// (a point is 4/3 of a pixel), `width="720px"` or `width="720"` is 720.
    public static func naturalSize(ofSVG text: String) -> (width: Int, height: Int)? {
        guard let start = text.range(of: "<svg"), let end = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        let element = text[start.upperBound..<end]
        func length(_ name: String) -> Int? {
            guard let key = element.range(of: " \(name)=\"") else { return nil }
            let value = element[key.upperBound...].prefix { $0 != "\"" }
            let number = value.prefix { $0.isNumber || $0 == "." }
            guard let amount = Double(number), amount > 0 else { return nil }
            switch value.dropFirst(number.count) {
            case "pt": return Int((amount * 4 / 3).rounded())
            case "px", "": return Int(amount.rounded())
            default: return nil
            }
        }
        guard let width = length("width"), let height = length("height") else { return nil }
        return (width, height)
    }
}

/// The page of `nnviz report`: the model summary, facts about its training and the chosen input,
/// the pictures, and the step-by-step explanation, as one self-contained HTML page (no script, no
/// network) and as Markdown with the same content.
public struct ReportPage: Sendable {
    public var title: String
    public var summary: ModelSummary
    /// Short facts shown as a list: ("Evaluated on", "data.csv: loss 0.12, accuracy 0.95"), ….
    public var facts: [(name: String, value: String)]
    public var figures: [ReportFigure]
    public var explanation: Explanation?
    /// Said in place of the explanation when there is none (for example, a model nnviz cannot run).
    public var remark: String?
    /// The page's own colours, to go with its pictures' theme.
    public var colors: PageColors

    public init(title: String, summary: ModelSummary, facts: [(name: String, value: String)], figures: [ReportFigure],
                explanation: Explanation?, remark: String? = nil, colors: PageColors = .light) {
        self.title = title
        self.summary = summary
        self.facts = facts
        self.figures = figures
        self.explanation = explanation
        self.remark = remark
        self.colors = colors
    }

    /// The significant digits of every number nnviz computed on the page: facts, captions, pictures
    /// (as the charts and diagrams write them) and, unless --precision says otherwise, the maths.
    public static let significantDigits = 3

    /// A number as the page writes it: `significantDigits` significant digits, trailing zeros dropped,
    /// with a true minus sign (0.084, 0.94, −2.16).
    public static func number(_ value: Float) -> String {
        chartNumber(Double(value), significant: significantDigits)
    }

    /// The width of the page's column in CSS pixels: `main`'s 64rem less its padding, at 16 px a rem.
    public static let columnWidth = 976
    /// The least a picture is scaled to: narrower than that (on a phone), it keeps this size and its
    /// frame scrolls sideways, so that its text stays readable.
    public static let minimumScale = 0.8

    /// The page's stylesheet in `colors`.
    static func styleSheet(_ colors: PageColors) -> String {
        """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; color: \(colors.text.hexString); background: \(colors.background.hexString); margin: 0; line-height: 1.5; }
        main { max-width: 64rem; margin: 0 auto; padding: 1.5rem; box-sizing: border-box; }
        h1 { font-size: 1.8rem; line-height: 1.25; border-bottom: 2px solid \(colors.rule.hexString); padding-bottom: .4rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.35rem; line-height: 1.25; margin-top: 2.2rem; border-bottom: 1px solid \(colors.rule.hexString); padding-bottom: .2rem; }
        .scroll { overflow-x: auto; }
        table.summary { border-collapse: collapse; margin: 1rem 0; }
        table.summary th, table.summary td { border: 1px solid \(colors.rule.hexString); padding: .3rem .7rem; text-align: left; white-space: nowrap; }
        table.summary th { background: \(colors.fill.hexString); }
        table.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .3rem 1rem; }
        dl.facts dt { font-weight: bold; overflow-wrap: anywhere; }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        @media (max-width: 40rem) {
          main { padding: 1rem; }
          dl.facts { grid-template-columns: auto; gap: 0; }
          dl.facts dd { margin-bottom: .5rem; }
        }
        figure { margin: 1.5rem 0; }
        /* Each picture at its own size, scaled down to the column but never below minimumScale: then its frame scrolls. */
        figure .picture { overflow-x: auto; text-align: center; }
        figure img { max-width: 100%; height: auto; border: 1px solid \(colors.frame.hexString); box-sizing: border-box; vertical-align: top; }
        figcaption { color: \(colors.muted.hexString); font-size: .9rem; line-height: 1.6; margin-top: .5rem; }
        /* Inline code keeps inside its own line: a wrapped piece repeats its padding and never covers the line above. */
        code { background: \(colors.fill.hexString); padding: .05em .3em; border-radius: 4px; font-size: .85em;
               -webkit-box-decoration-break: clone; box-decoration-break: clone; }
        figcaption code { overflow-wrap: anywhere; }
        :root { color-scheme: \(colors.scheme); }
        main .nnviz-explanation { max-width: none; padding: 0; }
        """
    }

    /// The whole page as HTML.
    public func html() -> String {
        func e(_ text: String) -> String { HTMLText.escape(text) }
        var body = "<main>\n<h1>\(e(title))</h1>\n"
        if !facts.isEmpty {
            body += "<dl class=\"facts\">\n"
            for fact in facts { body += "<dt>\(e(fact.name))</dt><dd>\(e(fact.value))</dd>\n" }
            body += "</dl>\n"
        }
        body += "<h2 id=\"summary\">Summary</h2>\n<div class=\"scroll\"><table class=\"summary\">\n<thead><tr>"
        body += summaryHeader.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in summaryRows {
            body += "<tr>" + row.enumerated().map { index, cell in
                index == 3 ? "<td class=\"num\">\(e(cell))</td>" : "<td>\(e(cell))</td>"
            }.joined() + "</tr>\n"
        }
        body += "</tbody>\n</table></div>\n<p>Total parameters: \(e(ModelSummary.grouped(summary.totalParameters)))</p>\n"
        for figure in figures {
            body += """
                <h2 id="\(e(anchor(figure.file)))">\(e(figure.title))</h2>
                <figure>
                <div class="picture"><img src="\(e(figure.file))" alt="\(e(figure.alt))"\(sizeAttributes(figure))/></div>
                <figcaption>\(e(figure.alt)) Made with <code>\(e(figure.command))</code>.</figcaption>
                </figure>

                """
        }
        if let explanation {
            body += explanation.rendered(as: .html, fragment: true)
        } else if let remark {
            body += "<h2 id=\"explanation\">Step by step</h2>\n<p>\(e(remark))</p>\n"
        }
        body += "</main>\n"
        return HTMLText.page(title: title, styleSheet: Self.styleSheet(colors) + "\n" + Explanation.htmlStyleSheet(colors), body: body)
    }

    /// The same content as Markdown, for a README beside the pictures.
    public func markdown() -> String {
        func e(_ text: String) -> String { MarkdownExplanationWriter.escape(text) }
        func cell(_ text: String) -> String { e(text).replacingOccurrences(of: "\n", with: " ") }
        var out = "# \(e(title))\n\n"
        for fact in facts { out += "- **\(e(fact.name)):** \(e(fact.value))\n" }
        if !facts.isEmpty { out += "\n" }
        out += "## Summary\n\n| " + summaryHeader.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + summaryHeader.indices.map { $0 == 3 ? " ---: |" : " --- |" }.joined() + "\n"
        for row in summaryRows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        out += "\nTotal parameters: \(ModelSummary.grouped(summary.totalParameters))\n\n"
        for figure in figures {
            out += "## \(e(figure.title))\n\n![\(cell(figure.alt))](\(figure.file))\n\n"
            out += "\(e(figure.alt)) Made with `\(figure.command.replacingOccurrences(of: "`", with: "'"))`.\n\n"
        }
        if let explanation {
            out += explanation.rendered(as: .markdown, fragment: true)
        } else if let remark {
            out += "## Step by step\n\n\(e(remark))\n"
        }
        return out
    }

    private var summaryHeader: [String] {
        ["Layer", "Type", "Output shape", "Parameters", "Activation"] + (summary.isGraph ? ["Connected to"] : [])
    }

    private var summaryRows: [[String]] {
        summary.rows.map { row in
            [row.name, row.type, row.outputShape, row.parameters.map(ModelSummary.grouped) ?? "?", row.activation]
                + (summary.isGraph ? [row.connectedTo.joined(separator: ", ")] : [])
        }
    }

    /// A picture's own size, and the least it is scaled to (`minimumScale`).
    func sizeAttributes(_ figure: ReportFigure) -> String {
        guard let width = figure.width, let height = figure.height else { return "" }
        let least = Int((Double(width) * Self.minimumScale).rounded())
        return " width=\"\(width)\" height=\"\(height)\" style=\"width: \(width)px; min-width: \(least)px\""
    }

    private func anchor(_ file: String) -> String {
        String(file.prefix { $0 != "." })
    }
}
