import Foundation
import NNCore
import Synchronization

/// Loads what the first diagram of a process needs — libgvc and Graphviz's plug-ins, Cairo (and the
/// libraries it brings: pixman, FreeType, fontconfig), nnviz's font set-up and the fonts' first use — on
/// a thread of its own, so that on a machine with a free processor it overlaps the parsing of the command line, the
/// reading of the model and the writing of its DOT text. It draws nothing and writes nothing; the
/// diagram itself is laid out and drawn exactly as without it, after it (the Graphviz lock keeps the
/// two serial). Reading an HDF5 model waits for it before forking its child process.
public enum GraphvizWarmUp {
    /// Starts the warm-up thread, once; does nothing if it cannot start.
    public static func start() {
        thread.withLock { thread in
            guard thread == nil else { return }
            var started = pthread_t()
            guard pthread_create(&started, nil, warmUp, nil) == 0 else { return }
            thread = started
            HDF5Reading.beforeForking { finish() }
        }
    }

    /// Waits until the warm-up (if started) has finished. Call it before the process ends: a process
    /// must not end while another thread is still loading libraries.
    public static func finish() {
        thread.withLock { thread in
            guard let running = thread else { return }
            pthread_join(running, nil)
            thread = nil
        }
    }

    /// The warm-up thread while it has not been waited for.
    private static let thread = Mutex<pthread_t?>(nil)

    /// A one-box diagram in the default theme's font as the layer diagrams draw it: regular and bold
    /// text in a box, and a caption with a small spacer line under the graph.
    static let sample: String = {
        let font = "fontname=\(DOTWriter.quoted(Theme.light.fontFamily)) fontsize=\(DOTWriter.number(Theme.defaultFontSize))"
        return """
            digraph { graph [\(font) label=<<font point-size="6"> </font><br/><font color="#656d76">Total params: 0</font>> labelloc=b] \
            node [\(font)] a [shape=none margin=0 label=<<table border="1" cellborder="0" style="rounded">\
            <tr><td><b>dense</b><font color="#656d76"> (Dense)</font></td></tr></table>>] }
            """
    }()

    /// Opens the plug-ins the layer diagrams use, sets up the fonts and measures text in them (outside
    /// the Graphviz lock, so a diagram that is ready first is not kept waiting), then lays out `sample`.
    static func run() {
        guard (try? GraphvizLibrary.load()) != nil else { return }
        _ = GraphvizPlugins.library(named: "dot_layout")
        warmUpDiagramText(family: Theme.light.fontFamily, size: Theme.defaultFontSize)
        _ = try? GraphvizRenderer.nodeWidths(sample)
    }
}

private func warmUp(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    GraphvizWarmUp.run()
    return nil
}
