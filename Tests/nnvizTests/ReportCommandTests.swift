import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ReportCommandTests {
    func contents(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writesAWholeFolderWhoseImagesAllExist() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "3",
                                "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = folder.appendingPathComponent("report")
        #expect(try contents(report) == [".nnviz-report", "README.md", "activations.svg", "index.html", "layers.svg", "loss.svg", "neurons.svg"])
        #expect(try contents(folder) == ["report"], "no temporary folder is left behind")

        let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        let document = try XMLDocument(xmlString: html, options: [])
        let images = try document.nodes(forXPath: "//*[local-name()='img']").compactMap { $0 as? XMLElement }
        #expect(images.count == 4)
        // FoundationXML on Linux misses attributes by name in a namespaced document: read them all.
        func attribute(_ element: XMLElement, _ name: String) -> String? {
            element.attributes?.first { $0.name == name }?.stringValue
        }
        for image in images {
            let source = try #require(attribute(image, "src"))
            #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent(source).path), "\(source)")
            #expect((attribute(image, "alt")?.count ?? 0) > 40, "every image is described in words")
        }
        #expect(try document.nodes(forXPath: "//*[local-name()='math']").count > 10)
        #expect(try document.nodes(forXPath: "//*[local-name()='script']").isEmpty)
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http://"))
        #expect(html.contains("Expected output"))
        #expect(html.contains("fired (above zero)"))

        let markdown = try String(contentsOf: report.appendingPathComponent("README.md"), encoding: .utf8)
        for file in ["layers.svg", "neurons.svg", "activations.svg", "loss.svg"] { #expect(markdown.contains("](\(file))")) }
        #expect(markdown.contains("$$"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let folder = try temporaryFolder()
        for name in ["a", "b"] {
            let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "-o", name], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for file in ["index.html", "README.md", "layers.svg", "neurons.svg", "activations.svg", "loss.svg"] {
            let a = try Data(contentsOf: folder.appendingPathComponent("a/\(file)"))
            let b = try Data(contentsOf: folder.appendingPathComponent("b/\(file)"))
            #expect(a == b, "\(file) differs between two runs")
        }
    }

    @Test func anEarlierReportIsReplacedButNoOtherFolder() throws {
        let folder = try temporaryFolder()
        let arguments = ["report", fixture("blog_model.trained.json"), "--input", "0.1,0.2,0.3,0.4", "-o", "out"]
        #expect(try nnviz(arguments, in: folder).status == 0)
        #expect(try nnviz(arguments, in: folder).status == 0)
        let mine = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: false)
        try "keep me".write(to: mine.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--input", "0.1,0.2,0.3,0.4", "-o", "mine"], in: folder),
                           mentioning: "mine: already exists and was not written by nnviz report")
        #expect(try contents(mine) == ["notes.txt"])
        #expect(try contents(folder) == ["mine", "out"])
    }

    @Test func aModelNnvizCannotRunStillGetsItsSummaryAndLayers() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("keras/cnn_keras3.json"), "--data", fixture("tiny_binary.csv"), "-o", "r"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try contents(folder.appendingPathComponent("r")) == [".nnviz-report", "README.md", "index.html", "layers.svg"])
        let html = try String(contentsOf: folder.appendingPathComponent("r/index.html"), encoding: .utf8)
        #expect(html.contains("conv2d"))
        #expect(html.contains("nnviz runs stacks of Dense layers only"))
        // Eight boxes left to right would not fit the column: they run top to bottom, at their own size
        // (1447 px: the boxes list the convolution's, the pooling's and the batch normalisation's settings).
        #expect(html.contains("Made with <code>nnviz diagram \(fixture("keras/cnn_keras3.json")) -o layers.svg</code>"))
        #expect(html.contains(" width=\"504\" height=\"1447\" style=\"width: 504px; min-width: 403px\""))
        #expect(!html.contains("<dt>Input</dt>"))
    }

    @Test func badInputLeavesNothing() throws {
        let folder = try temporaryFolder()
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "5000",
                                      "-o", "r"], in: folder), mentioning: "--row 5000 is past the end")
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--input", "1,2", "-o", "r"], in: folder),
                           mentioning: "has 2 values but the model expects 4")
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--input", "1,2,3,4", "--label", "cat", "-o", "r"], in: folder),
                           mentioning: "'cat' is not a class of this model")
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("iris.csv"), "-o", "r"], in: folder),
                           mentioning: "'setosa' is not one of the classes 0, 1")
        expectCleanFailure(try nnviz(["report", fixture("blog_model.trained.json"), "--input", "1,2,3,4", "-o", "/no/such/place/r"], in: folder),
                           mentioning: "cannot write: folder '/no/such/place' does not exist")
        #expect(try contents(folder).isEmpty)
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let folder = try temporaryFolder()
        let model = #"{"name": "<script>alert(1)</script>", "input_dim": 2, "features": ["a<b", "\"q\" & r"], "classes": ["no", "<yes>"], "layers": [{"name": "<b>bold</b>", "units": 3, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}]}"#
        try model.write(to: folder.appendingPathComponent("evil.json"), atomically: true, encoding: .utf8)
        let result = try nnviz(["report", "evil.json", "--input", "0.5,-0.5", "--label", "<yes>", "-o", "r"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["index.html", "layers.svg", "neurons.svg", "activations.svg"] {
            let text = try String(contentsOf: folder.appendingPathComponent("r/\(file)"), encoding: .utf8)
            #expect(!text.contains("<script>"), "\(file)")
            #expect(!text.contains("<b>bold"), "\(file)")
            _ = try XMLDocument(xmlString: text, options: [])
        }
    }

    /// The page as a person sees it: headless Chromium renders it, and the check fails on a blank
    /// page, a missing image or a console error (scripts/check-page.py).
    @Test(.enabled(if: chromiumAvailable, "Chromium is not installed here (make test installs it); the browser check was skipped"))
    func chromiumShowsTheWholePage() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let check = try checkPageInChromium(folder.appendingPathComponent("report/index.html"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("4 images"))
        #expect(check.stdout.contains("0 problem(s)"))
    }

    /// Every picture at its own size, shrunk to the 976-pixel column when wider; on a 390-pixel phone
    /// at 80 % of its size at least, in a frame that scrolls, while the page itself never scrolls sideways.
    /// Wrapped inline code in captions stays inside its line.
    @Test(.enabled(if: chromiumAvailable, "Chromium is not installed here (make test installs it); the browser check was skipped"))
    func figuresKeepAReadableSizeOnADeskAndAPhone() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "13",
                                "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let page = folder.appendingPathComponent("report/index.html")
        let desk = try pageLayout(of: page, ["--width", "1200"])
        #expect(desk.images.map(\.src) == ["layers.svg", "neurons.svg", "activations.svg", "loss.svg"])
        // The short stack is drawn left to right, 987 pixels, to fill the column rather than a quarter of it.
        #expect(desk.images.map(\.natural) == [987, 727, 1020, 720])
        #expect(desk.images.map(\.width) == [976, 727, 976, 720])
        #expect(desk.pageWidth == 1200 && desk.outside.isEmpty)

        let phone = try pageLayout(of: page, ["--width", "390", "--height", "844", "--mobile"])
        #expect(phone.viewport == 390 && phone.pageWidth == 390, "the page is as wide as the phone, not zoomed out")
        #expect(phone.outside.isEmpty, "\(phone.outside) stick out of the page")
        #expect(phone.images.map(\.width) == [790, 582, 816, 576])
        for code in [desk.captionCode, phone.captionCode] {
            #expect(code.wrapped > 0 && code.overlaps == 0)
            #expect(code.tallest < code.lineHeight)
        }
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("nnviz diagram \(fixture("blog_model.trained.json")) --rankdir LR -o layers.svg"))
    }

    /// Every colour a picture or page names: Graphviz's `#rrggbb` and Cairo's `rgb(r%,g%,b%)` as
    /// their three components (as written), and the colours given by name (`none`, `transparent`).
    func colours(in text: String) -> (components: [[Substring]], names: Set<Substring>) {
        let hex = text.matches(of: /#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})\b/).map { [$0.output.1, $0.output.2, $0.output.3] }
        let percent = text.matches(of: /rgb\(([0-9.]+)%,([0-9.]+)%,([0-9.]+)%\)/).map { [$0.output.1, $0.output.2, $0.output.3] }
        let names = text.matches(of: /(?:fill|stroke|color)[=:]"?([a-z]+)(?![a-z(])/).map(\.output.1)
        return (hex + percent, Set(names))
    }

    /// An untrained model's pictures come from its seed's initial weights: the commands under them
    /// say --seed, and remake them.
    @Test func anUntrainedModelsCommandsCarryItsSeed() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.json"), "--input", "0.5,0.1,0.9,0.3", "--seed", "7", "--theme", "print",
                                "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = folder.appendingPathComponent("report")
        let commands = try reportCommands(in: report)
        #expect(commands.filter { $0.contains(" --seed 7 --theme print -o ") }.count == 2, "\(commands)")
        let remade = try remakePictures(commands, in: folder)
        for file in ["layers.svg", "neurons.svg", "activations.svg"] {
            #expect(try Data(contentsOf: report.appendingPathComponent(file)) == (try? Data(contentsOf: remade.appendingPathComponent(file))),
                    "\(file) is not what its command makes")
        }
    }

    /// --theme print: every colour of every picture and of the page is a grey (red = green = blue),
    /// signs are also told by dashes, and the commands under the pictures carry the options.
    @Test func thePrintThemeMakesEveryPictureAndThePageGrey() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "13",
                                "--theme", "print", "--font-size", "14", "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = folder.appendingPathComponent("report")
        for file in ["index.html", "layers.svg", "neurons.svg", "activations.svg", "loss.svg"] {
            let text = try String(contentsOf: report.appendingPathComponent(file), encoding: .utf8)
            let found = colours(in: text)
            #expect(found.components.count > 5, "\(file) names few colours")
            for colour in found.components {
                #expect(colour[0] == colour[1] && colour[1] == colour[2], "\(file): \(colour) is not a grey")
            }
            #expect(found.names.isSubset(of: ["none", "transparent"]), "\(file): \(found.names)")
        }
        let neurons = try String(contentsOf: report.appendingPathComponent("neurons.svg"), encoding: .utf8)
        #expect(neurons.contains("stroke-dasharray"), "negative weights are dashed")
        let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("background: #ffffff") && html.contains("color: #000000"))
        #expect(html.contains("coloured dark when positive and light and dashed when negative"))
        #expect(!html.contains("blue"))
        let commands = try reportCommands(in: report)
        #expect(commands.count == 4)
        for command in commands { #expect(command.hasSuffix(" --theme print --font-size 14 -o \(command.split(separator: " ").last!)")) }
    }

    /// The command under each picture remakes it byte for byte, with the report's theme and text size;
    /// and --font-size reaches every picture (each differs from the default size's).
    /// (The neuron view shows at least 12 neurons a layer with --max-neurons 12, and its command says so.)
    @Test(arguments: [["--theme", "print", "--font-size", "14"], ["--theme", "dark", "--font-size", "9.5"],
                            ["--theme", "colorblind", "--font-size", "12"]])
    func theCommandsUnderThePicturesRemakeThem(look: [String]) throws {
        let folder = try temporaryFolder()
        for (name, options) in [("plain", []), ("themed", look + ["--max-neurons", "12"])] {
            let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "13"]
                                   + options + ["-o", name], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let themed = folder.appendingPathComponent("themed")
        let commands = try reportCommands(in: themed)
        #expect(commands.count == 4)
        for command in commands where !command.hasPrefix("nnviz train") {
            #expect(command.contains(look.joined(separator: " ") + " -o "), "\(command)")
            #expect(command.contains("--style neurons") == command.contains(" --max-neurons 12 "), "\(command)")
        }
        let remade = try remakePictures(commands, in: folder)
        for file in ["layers.svg", "neurons.svg", "activations.svg"] {
            let picture = try Data(contentsOf: themed.appendingPathComponent(file))
            #expect(picture == (try? Data(contentsOf: remade.appendingPathComponent(file))), "\(file) is not what its command makes")
            #expect(picture != (try Data(contentsOf: folder.appendingPathComponent("plain/\(file)"))), "\(file) ignores the options")
        }
        let html = try String(contentsOf: themed.appendingPathComponent("index.html"), encoding: .utf8)
        let layers = try String(contentsOf: themed.appendingPathComponent("layers.svg"), encoding: .utf8)
        #expect(layers.contains("font-size=\"\(String(format: "%.2f", Double(look[3])!))\""), "the layer diagram's text is \(look[3]) pt")
        if look[1] == "dark" {
            #expect(html.contains("color: #e6edf3; background: #0d1117;") && html.contains("color-scheme: dark"))
            #expect(layers.contains("fill=\"#0d1117\""))
        } else {
            #expect(html.contains(look[1] == "print" ? "color: #000000; background: #ffffff;" : "color: #1f2328; background: #ffffff;"))
        }
        if look[1] == "colorblind" {
            #expect(html.contains("coloured blue when positive and orange when negative"))
        }
    }

    /// One precision for the page: three significant digits in the facts, captions and pictures, and
    /// in the maths (which writes a significant trailing zero, 0.0840).
    @Test func everyNumberHasThreeSignificantDigits() throws {
        let folder = try temporaryFolder()
        let result = try nnviz(["report", fixture("blog_model.trained.json"), "--data", fixture("tiny_binary.csv"), "--row", "13",
                                "-o", "report"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = folder.appendingPathComponent("report")
        let html = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<dt>Input</dt><dd>row 13 of \(fixture("tiny_binary.csv")): 0.084, 0.833, 0.787, 0.239</dd>"))
        #expect(html.contains("loss (binary_crossentropy) 0.123, accuracy 0.94 "))
        #expect(html.contains("val_loss 0.182, val_accuracy 0.92</dd>"))
        #expect(html.contains("Every number is rounded to 3 significant digits"))
        #expect(html.contains("<mn>0.0840</mn>") && !html.contains("0.08401"))
        let neurons = try String(contentsOf: report.appendingPathComponent("neurons.svg"), encoding: .utf8)
        #expect(neurons.contains(">0.084</text>"))
        // No decimal in the facts or captions has more than three significant digits.
        let page = html.components(separatedBy: "<main>").last ?? html
        let prose = page.components(separatedBy: "<section class=\"nnviz-explanation\">").first ?? page
        let decimals = prose.matches(of: /[0-9]+\.[0-9]+/).map { String($0.output) }
        #expect(!decimals.isEmpty)
        for decimal in decimals {
            let digits = decimal.filter(\.isNumber).drop { $0 == "0" }
            #expect(digits.count <= 3, "\(decimal)")
        }
    }
}
