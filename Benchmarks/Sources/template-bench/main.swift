import Foundation
import HBMustache
import Mustache

/// Side-by-side throughput of this engine and swift-mustache on a workload
/// directory (see the workload README): both must reproduce expected.out
/// byte for byte before any figure is printed.

struct Options {
    var workload = ""
    var iterations = 1000
    var engines: Set<String> = ["ours", "swift-mustache"]
}

let usage = """
    usage: template-bench WORKLOAD_DIR [--iterations N] [--engine ours|swift-mustache|both]

    WORKLOAD_DIR holds exactly one top-level *.mustache template, partials/*.mustache
    (registered by file stem), data.json (root context) and expected.out.
    Every engine's first render is checked byte for byte against expected.out;
    on a mismatch nothing is reported and the exit status is 1.
    Then prints renders/second for parse+render (template and partials parsed on
    every iteration) and render only, and the ratios ours/swift-mustache.

      --iterations N   timed renders per engine and mode (default 1000)
      --engine E       ours, swift-mustache or both (default both)
      --help           show this help
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("template-bench: \(message)\n".utf8))
    exit(1)
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst()
    while let arg = args.popFirst() {
        switch arg {
        case "--help", "-h":
            print(usage)
            exit(0)
        case "--iterations":
            guard let n = args.popFirst().flatMap({ Int($0) }), n > 0 else { fail("--iterations needs a positive integer") }
            options.iterations = n
        case "--engine":
            switch args.popFirst() {
            case "ours": options.engines = ["ours"]
            case "swift-mustache": options.engines = ["swift-mustache"]
            case "both": options.engines = ["ours", "swift-mustache"]
            default: fail("--engine must be ours, swift-mustache or both")
            }
        default:
            guard !arg.hasPrefix("-"), options.workload.isEmpty else { fail("unexpected argument '\(arg)'\n\(usage)") }
            options.workload = arg
        }
    }
    if options.workload.isEmpty { fail("missing WORKLOAD_DIR\n\(usage)") }
    return options
}

struct Workload {
    let name: String
    let main: String
    let partials: [(name: String, source: String)]
    let data: Data
    let expected: String

    init(directory: String) {
        let fm = FileManager.default
        let dir = URL(fileURLWithPath: directory)
        func read(_ url: URL) -> String {
            guard let data = fm.contents(atPath: url.path) else { fail("cannot read \(url.path)") }
            return String(decoding: data, as: UTF8.self)
        }
        let top = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        guard top.count == 1 else { fail("expected exactly one *.mustache in \(dir.path), found \(top.count)") }
        name = String(top[0].dropLast(".mustache".count))
        main = read(dir.appendingPathComponent(top[0]))
        let partialDir = dir.appendingPathComponent("partials")
        let partialFiles = ((try? fm.contentsOfDirectory(atPath: partialDir.path)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()
        partials = partialFiles.map { (String($0.dropLast(".mustache".count)), read(partialDir.appendingPathComponent($0))) }
        guard let json = fm.contents(atPath: dir.appendingPathComponent("data.json").path) else { fail("cannot read data.json") }
        data = json
        expected = read(dir.appendingPathComponent("expected.out"))
    }
}

/// One engine under test: `parseAndRender` does everything from source text,
/// `render` reuses what was parsed up front.
struct Engine {
    let name: String
    let parseAndRender: () -> String
    let render: () -> String
}

func ours(_ w: Workload) -> Engine {
    let data: Value
    do { data = try Value(jsonData: w.data) } catch { fail("data.json: \(error)") }
    func parse() -> (Template, Renderer) {
        do {
            var partials: [String: Template] = [:]
            for p in w.partials { partials[p.name] = try Template(p.source, name: "partials/\(p.name).mustache") }
            return (try Template(w.main, name: "\(w.name).mustache"), Renderer(partials: partials))
        } catch {
            fail("ours: \(error)")
        }
    }
    func render(_ template: Template, _ renderer: Renderer) -> String {
        do { return try renderer.render(template, data: data) } catch { fail("ours: \(error)") }
    }
    let (template, renderer) = parse()
    return Engine(
        name: "ours",
        parseAndRender: { let (t, r) = parse(); return render(t, r) },
        render: { render(template, renderer) })
}

func swiftMustache(_ w: Workload) -> Engine {
    let data: Any
    do { data = try JSONSerialization.jsonObject(with: w.data) } catch { fail("data.json: \(error)") }
    func parse() -> (MustacheTemplate, MustacheLibrary) {
        do {
            var library = MustacheLibrary()
            for p in w.partials { library.register(try MustacheTemplate(string: p.source), named: p.name) }
            return (try MustacheTemplate(string: w.main), library)
        } catch {
            fail("swift-mustache: \(error)")
        }
    }
    let (template, library) = parse()
    return Engine(
        name: "swift-mustache",
        parseAndRender: { let (t, l) = parse(); return t.render(data, library: l) },
        render: { template.render(data, library: library) })
}

/// Renders per second over `iterations` runs, after a short warm-up.
func measure(_ iterations: Int, _ body: () -> String) -> Double {
    var sink = 0
    for _ in 0..<max(3, iterations / 20) { sink &+= body().utf8.count }
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<iterations { sink &+= body().utf8.count }
    }
    if sink == 42 { print("") }  // keeps the renders observable to the optimizer
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Double(iterations) / seconds
}

func firstDifference(_ actual: String, _ expected: String) -> String {
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, e.count) {
        let got = i < a.count ? String(a[i]) : "<end of output>"
        let want = i < e.count ? String(e[i]) : "<end of expected>"
        if got != want {
            return "line \(i + 1):\n  expected: \(want.debugDescription)\n  actual:   \(got.debugDescription)"
        }
    }
    return "outputs differ only in line endings"
}

let options = parseOptions()
let workload = Workload(directory: options.workload)
let engines = [ours(workload), swiftMustache(workload)].filter { options.engines.contains($0.name) }

for engine in engines {
    let output = engine.parseAndRender()
    guard output == workload.expected, engine.render() == workload.expected else {
        fail("\(engine.name) output differs from expected.out at \(firstDifference(output, workload.expected))")
    }
}

print("workload \(URL(fileURLWithPath: options.workload).lastPathComponent): \(workload.expected.utf8.count) bytes/render, \(options.iterations) iterations")
func column(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
func rate(_ x: Double) -> String { String(format: "%.1f", x) }
print("engine" + String(repeating: " ", count: 10) + column("parse+render/s", 14) + column("render/s", 12))
var results: [String: (Double, Double)] = [:]
for engine in engines {
    let full = measure(options.iterations, engine.parseAndRender)
    let renderOnly = measure(options.iterations, engine.render)
    results[engine.name] = (full, renderOnly)
    print(engine.name.padding(toLength: 16, withPad: " ", startingAt: 0) + column(rate(full), 14) + column(rate(renderOnly), 12))
}
if let o = results["ours"], let s = results["swift-mustache"] {
    print("ratio" + String(repeating: " ", count: 11) + column(rate(o.0 / s.0) + "x", 14) + column(rate(o.1 / s.1) + "x", 12))
}
