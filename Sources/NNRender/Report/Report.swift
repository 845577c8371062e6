import NNCore

/// One picture of a report: an image file beside the page, what it shows in words, and the nnviz
/// command that makes it on its own.
public struct ReportFigure: Equatable, Sendable {
    public var file: String
    public var title: String
    /// What the picture shows, for readers who cannot see it.
    public var alt: String
    public var command: String

    public init(file: String, title: String, alt: String, command: String) {
        self.file = file
        self.title = title
        self.alt = alt
        self.command = command
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

    public init(title: String, summary: ModelSummary, facts: [(name: String, value: String)], figures: [ReportFigure],
                explanation: Explanation?, remark: String? = nil) {
        self.title = title
        self.summary = summary
        self.facts = facts
        self.figures = figures
        self.explanation = explanation
        self.remark = remark
    }

    static let styleSheet = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1f2328; background: #ffffff; margin: 0; }
        main { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.8rem; border-bottom: 2px solid #d0d7de; padding-bottom: .4rem; }
        h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
        table.summary { border-collapse: collapse; margin: 1rem 0; }
        table.summary th, table.summary td { border: 1px solid #d0d7de; padding: .3rem .7rem; text-align: left; }
        table.summary th { background: #f3f5f7; }
        table.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
        dl.facts { display: grid; grid-template-columns: max-content auto; gap: .3rem 1rem; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        figure { margin: 1.5rem 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #eaeef2; }
        figcaption { color: #57606a; font-size: .9rem; margin-top: .4rem; }
        code { background: #f3f5f7; padding: .1rem .3rem; border-radius: 4px; font-size: .85rem; }
        main .nnviz-explanation { max-width: none; padding: 0; }
        """

    /// The whole page as HTML.
    public func html() -> String {
        func e(_ text: String) -> String { HTMLText.escape(text) }
        var body = "<main>\n<h1>\(e(title))</h1>\n"
        if !facts.isEmpty {
            body += "<dl class=\"facts\">\n"
            for fact in facts { body += "<dt>\(e(fact.name))</dt><dd>\(e(fact.value))</dd>\n" }
            body += "</dl>\n"
        }
        body += "<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n<thead><tr>"
        body += summaryHeader.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in summaryRows {
            body += "<tr>" + row.enumerated().map { index, cell in
                index == 3 ? "<td class=\"num\">\(e(cell))</td>" : "<td>\(e(cell))</td>"
            }.joined() + "</tr>\n"
        }
        body += "</tbody>\n</table>\n<p>Total parameters: \(e(ModelSummary.grouped(summary.totalParameters)))</p>\n"
        for figure in figures {
            body += """
                <h2 id="\(e(anchor(figure.file)))">\(e(figure.title))</h2>
                <figure>
                <img src="\(e(figure.file))" alt="\(e(figure.alt))"/>
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
        return HTMLText.page(title: title, styleSheet: Self.styleSheet + "\n" + Explanation.htmlStyleSheet, body: body)
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

    private func anchor(_ file: String) -> String {
        String(file.prefix { $0 != "." })
    }
}
