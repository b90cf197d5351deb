import Foundation
import Logging
import ServiceLifecycle

/// Starts the service: reads the configuration, builds the application and
/// runs it until SIGTERM or SIGINT. Invalid configuration is one line on
/// stderr and exit code 2.
@main
struct App {
    static func main() async {
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.load(from: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        do {
            let app = try await buildApplication(configuration)
            var lifecycle = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
            // In-flight requests get this long to finish once asked to stop.
            lifecycle.maximumGracefulShutdownDuration = .seconds(10)
            try await ServiceGroup(configuration: lifecycle).run()
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}
