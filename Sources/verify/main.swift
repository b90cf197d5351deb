import Foundation
import VerifyCommand

let code = VerifyCommand().run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)
