import Foundation
import ScaffoldCommand

let code = ScaffoldCommand().run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)
